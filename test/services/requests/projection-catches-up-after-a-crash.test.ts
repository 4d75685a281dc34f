import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { outboxModel } from '../../../services/notifications/outbox-mail-transport.js';
import { RequestStore } from '../../../services/requests/request-store.js';
import { requestModels } from '../../../services/store/request-documents.js';
import { commandId, eventually, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

/**
 * Bug: after kill -9 between a change's event and its projection, the request stayed at the old
 * status (its effects were sent from the repaired copy in memory, and the event was closed), until
 * someone clicked again after the repair grace.
 */
describe('a change whose writer died before writing the projection', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { dispatchImmediately: false });
  });
  afterAll(async () => fixture.close());

  it('is projected within 10 s of the next start without anyone reading it, and its notice goes once', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const request = registered.request;
    const store = new RequestStore(requestModels(fixture.database.connection));
    const entry = { seq: 2, at: new Date(), actor: { id: people.asv.id, name: people.asv.name, role: 'ASV' as const }, kind: 'take' as const, from: 'Registro' as const, to: 'En Proceso' as const };
    const effects = [{ type: 'update-channel-card' as const }, { type: 'notify-requester' as const, notice: 'in-progress' as const }];
    expect(await store.append(request.id, commandId('orphan'), entry, { status: 'En Proceso' }, effects)).toBe('appended');
    expect(await store.load(request.id)).toMatchObject({ status: 'Registro', version: 1 });

    const started = Date.now();
    await fixture.desk.start();
    const projected = await eventually(async () => {
      const stored = await store.load(request.id);
      return stored?.version === 2 ? stored : undefined;
    }, 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(projected).toMatchObject({ status: 'En Proceso', version: 2 });
    expect(projected.history.map((item) => item.kind)).toEqual(['register', 'take']);

    await eventually(async () => !(await requestModels(fixture.database.connection).events.exists({ requestId: request.id, effectsOpen: true })), 10_000);
    const mails = await outboxModel(fixture.database.connection).find({ requestId: request.id, to: people.requester.email }).lean();
    expect(mails).toHaveLength(1);
  });

  it('is projected by the first click that meets it, which then sees the current status', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const request = registered.request;
    const store = new RequestStore(requestModels(fixture.database.connection));
    const entry = { seq: 2, at: new Date(), actor: { id: people.asv.id, name: people.asv.name, role: 'ASV' as const }, kind: 'take' as const, from: 'Registro' as const, to: 'En Proceso' as const };
    expect(await store.append(request.id, commandId('orphan'), entry, { status: 'En Proceso' }, [])).toBe('appended');

    const again = await fixture.desk.requests.execute(request.id, { type: 'take' }, fixture.actor(people.asv2), commandId('take'), 1);
    expect(again).toMatchObject({ outcome: 'changed-meanwhile', request: { status: 'En Proceso', version: 2 } });
    expect(await store.load(request.id)).toMatchObject({ status: 'En Proceso', version: 2 });
  });
});
