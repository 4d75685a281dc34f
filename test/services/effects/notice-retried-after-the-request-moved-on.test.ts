import { afterEach, describe, expect, it } from '@jest/globals';
import { failingMail } from '../../support/failing-mail.js';
import { systemActor } from '../../../services/requests/role-directory.js';
import { commandId, eventually, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function pending(f: Fixture, message: string) {
  const registered = await f.desk.requests.register(registration(), f.actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  const id = registered.request.id;
  await f.desk.requests.execute(id, { type: 'take' }, f.actor(people.asv), commandId('take'));
  const asked = await f.desk.requests.execute(id, { type: 'request-info', message }, f.actor(people.asv), commandId('ask'));
  if (asked.outcome !== 'applied') throw new Error(asked.outcome);
  return asked;
}

/** A desk whose mail is down until the test brings it back; failed sends are retried every few ms. */
async function deskWithMailDown(label: string) {
  const mail = failingMail({ down: true });
  fixture = await openServiceDesk(import.meta.url, { label, mail, config: testConfig({ EFFECTS_RETRY_BASE_MS: '20', EFFECTS_MAX_ATTEMPTS: '100' }) });
  await fixture.desk.start();
  return { mail, f: fixture };
}

type Notice = 'info-request' | 'not-viable' | 'reminder';

/** Waits until a requester notice has failed once and is waiting for its retry. */
async function noticeRetrying(f: Fixture, requestId: string, notice: Notice) {
  await eventually(async () => (await f.desk.dispatcher.deliveriesOf(requestId)).some((d) => d.effect.type === 'notify-requester' && d.effect.notice === notice && d.status === 'retrying'));
}

/** Waits until a requester notice is settled (delivered, skipped or given up) and returns its whole-effect record. */
async function noticeSettled(f: Fixture, requestId: string, notice: Notice) {
  return eventually(async () => {
    const deliveries = await f.desk.dispatcher.deliveriesOf(requestId);
    const delivery = deliveries.find((d) => d.effect.type === 'notify-requester' && d.effect.notice === notice && !d.step);
    return delivery && delivery.status !== 'retrying' ? delivery : undefined;
  });
}

describe('a requester notice retried after the request moved on', () => {
  it('an info request the requester answered before its mail went out is not mailed', async () => {
    const { mail, f } = await deskWithMailDown('info');
    const asked = await pending(f, 'Falta la dirección IP de la sala remota');
    // The Teams side (not configured here) went; the mail is retrying. The requester answers meanwhile.
    // (The take's in-progress notice is retrying too: wait for the info request's own.)
    await noticeRetrying(f, asked.request.id, 'info-request');
    const replied = await f.desk.requests.execute(asked.request.id, { type: 'reply', text: 'Mi teléfono es 55 1234 5678' }, f.actor(people.requester), commandId('reply'));
    expect(replied.outcome).toBe('applied');

    // Settled while the mail is still down: an attempt already past its check when the reply landed fails, the next one skips.
    const settled = await noticeSettled(f, asked.request.id, 'info-request');
    expect(settled).toMatchObject({ status: 'skipped', reference: expect.stringMatching(/^wait .* is no longer open$/) });
    mail.down = false;
    await f.desk.dispatcher.sweep(0);
    expect(mail.sent.filter((m) => /necesita información/.test(m.subject))).toEqual([]);
  });

  it('a No Procede mail sent late still gives the reasons, not what happened after', async () => {
    const { mail, f } = await deskWithMailDown('reasons');
    const registered = await f.desk.requests.register(registration(), f.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const id = registered.request.id;
    await f.desk.requests.execute(id, { type: 'take' }, f.actor(people.asv), commandId('take'));
    const rejected = await f.desk.requests.execute(id, { type: 'reject', reasons: 'La sala remota no tiene equipo H.323' }, f.actor(people.asv), commandId('reject'));
    expect(rejected.outcome).toBe('applied');
    await noticeRetrying(f, id, 'not-viable');
    expect((await f.desk.requests.execute(id, { type: 'cancel' }, f.actor(people.dau), commandId('cancel'))).outcome).toBe('applied');
    mail.down = false;

    const notViable = await eventually(async () => mail.sent.find((m) => m.to.includes(people.requester.email) && /No Procede/.test(m.subject)));
    expect(notViable.text).toContain('Motivos: La sala remota no tiene equipo H.323');
  });

  it('a reminder whose wait was answered before it went out is not sent', async () => {
    const { mail, f } = await deskWithMailDown('reminder');
    mail.down = false;
    const asked = await pending(f, 'Falta la dirección IP de la sala remota');
    await eventually(async () => mail.sent.some((m) => /necesita información/.test(m.subject)));
    mail.down = true;
    const waitId = asked.request.wait!.waitId;
    const reminded = await f.desk.requests.execute(asked.request.id, { type: 'remind', waitId }, systemActor, `remind:${asked.request.id}:${waitId}`);
    expect(reminded.outcome).toBe('applied');
    await noticeRetrying(f, asked.request.id, 'reminder');
    const replied = await f.desk.requests.execute(asked.request.id, { type: 'reply', text: 'La IP es 192.0.2.10' }, f.actor(people.requester), commandId('reply'));
    expect(replied.outcome).toBe('applied');

    const settled = await noticeSettled(f, asked.request.id, 'reminder');
    expect(settled).toMatchObject({ status: 'skipped', reference: expect.stringMatching(/^wait .* is no longer open$/) });
    mail.down = false;
    await f.desk.dispatcher.sweep(0);
    const reminders = mail.sent.filter((m) => /Recordatorio/.test(m.subject));
    // Sent today with an empty quote and "El plazo vence el ." — for a wait the requester already answered.
    expect(reminders.map((m) => m.text)).toEqual([]);
  });
});
