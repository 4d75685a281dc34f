import { afterEach, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('wait timers dispatched after the wait was answered', () => {
  it('are not scheduled, so no reminder or timeout job is left behind for a closed wait', async () => {
    // Effects run only when this test sweeps them, so the reply lands before the info request's effects run.
    fixture = await openServiceDesk(import.meta.url, { dispatchImmediately: false, config: testConfig({ EFFECTS_SWEEP_EVERY_MS: '3600000' }) });
    await fixture.desk.start();
    const { desk, actor } = fixture;
    const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const id = registered.request.id;
    await desk.requests.execute(id, { type: 'take' }, actor(people.asv), commandId('take'));
    const asked = await desk.requests.execute(id, { type: 'request-info', message: 'Falta la plataforma' }, actor(people.asv), commandId('ask'));
    if (asked.outcome !== 'applied') throw new Error(asked.outcome);
    const waitId = asked.request.wait!.waitId;
    const replied = await desk.requests.execute(id, { type: 'reply', text: 'Zoom' }, actor(people.requester), commandId('reply'));
    expect(replied.outcome).toBe('applied');

    await desk.dispatcher.sweep(0);

    const deliveries = await desk.dispatcher.deliveriesOf(id);
    const scheduled = deliveries.find((delivery) => delivery.effect.type === 'schedule-wait-timers');
    expect(scheduled).toMatchObject({ status: 'skipped', reference: `wait ${waitId} is no longer open` });
    const jobs = await fixture.database.connection.collection('agendaJobs').find({ 'data.requestId': id }).toArray();
    expect(jobs.map((job) => job.name)).toEqual([]);
  });
});
