import { afterEach, describe, expect, it } from '@jest/globals';
import type { MailTransport, OutgoingMail } from '../../../services/notifications/notification-ports.js';
import { commandId, eventually, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

/** A mail transport that fails its first `failures` sends, then records every mail it accepts. */
function flakyMail(failures: number): MailTransport & { sent: OutgoingMail[]; calls: number } {
  const transport = {
    name: 'flaky',
    sent: [] as OutgoingMail[],
    calls: 0,
    async send(mail: OutgoingMail) {
      transport.calls += 1;
      if (transport.calls <= failures) throw new Error(`SMTP 451 temporary failure #${transport.calls}`);
      transport.sent.push(mail);
      return { channel: 'email', reference: `flaky:${mail.id}` };
    },
  };
  return transport;
}

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('a failed send', () => {
  it('is retried with back-off and delivered once; the status change stands meanwhile', async () => {
    const mail = flakyMail(2);
    fixture = await openServiceDesk(import.meta.url, { label: 'retry', mail });
    await fixture.desk.start();
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId());
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    expect((await fixture.desk.requests.get(registered.request.id))?.status).toBe('Registro');

    await eventually(async () => mail.sent.length === 1, 15_000);
    const deliveries = await eventually(async () => {
      const all = await fixture!.desk.dispatcher.deliveriesOf(registered.request.id);
      const notice = all.find((delivery) => delivery.effect.type === 'notify-assignee' && !delivery.step);
      return notice?.status === 'delivered' ? all : undefined;
    }, 15_000);
    const notice = deliveries.find((delivery) => delivery.effect.type === 'notify-assignee' && !delivery.step)!;
    expect(deliveries.find((delivery) => delivery.effect.type === 'notify-assignee' && delivery.step === 'email')).toMatchObject({
      status: 'delivered',
      channel: 'email',
    });
    expect(notice.attempts).toBe(3);
    expect(mail.calls).toBe(3);
    expect(mail.sent[0]).toMatchObject({ to: [people.asv.email], subject: expect.stringContaining(registered.request.folio) });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mail.sent).toHaveLength(1);
  });

  it('shows on the request as failed after the last attempt', async () => {
    const mail = flakyMail(Number.POSITIVE_INFINITY);
    fixture = await openServiceDesk(import.meta.url, {
      label: 'give-up',
      mail,
      config: testConfig({ EFFECTS_MAX_ATTEMPTS: '3', EFFECTS_RETRY_BASE_MS: '20' }),
    });
    await fixture.desk.start();
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId());
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const failed = await eventually(async () => {
      const all = await fixture!.desk.dispatcher.deliveriesOf(registered.request.id);
      return all.find((delivery) => delivery.effect.type === 'notify-assignee' && !delivery.step && delivery.status === 'failed');
    }, 15_000);
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toMatch(/SMTP 451/);
    expect(await fixture.desk.dispatcher.failedNoticeCount(registered.request.id)).toBe(1);
    expect((await fixture.desk.requests.get(registered.request.id))?.status).toBe('Registro');
  });
});
