import { afterEach, describe, expect, it } from '@jest/globals';
import { failingMail } from '../../support/failing-mail.js';
import { commandId, eventually, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('a failed send', () => {
  it('is retried with back-off and delivered once; the status change stands meanwhile', async () => {
    const mail = failingMail({ failFirst: 2 });
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
    const mail = failingMail({ down: true });
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
