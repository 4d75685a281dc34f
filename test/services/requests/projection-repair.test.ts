import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestStore } from '../../../services/requests/request-store.js';
import { requestModels } from '../../../services/store/request-documents.js';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

describe('a change stored whose projection was never written (the writer died in between)', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  /** A registered request with its "take" stored a minute ago as an event only, as a writer that died would leave it. */
  async function withOrphanTake() {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId());
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const request = registered.request;
    const store = new RequestStore(requestModels(fixture.database.connection));
    const entry = { seq: 2, at: new Date(Date.now() - 60_000), actor: { id: people.asv.id, name: people.asv.name, role: 'ASV' as const }, kind: 'take' as const, from: 'Registro' as const, to: 'En Proceso' as const };
    expect(await store.append(request.id, commandId('orphan'), entry, { status: 'En Proceso' }, [])).toBe('appended');
    return { request, store };
  }

  it('is seen by readers at once and written into the request once it is older than the grace', async () => {
    const { request, store } = await withOrphanTake();
    expect((await store.load(request.id))?.status).toBe('Registro');

    const next = await fixture.desk.requests.execute(request.id, { type: 'hold' }, fixture.actor(people.asv), commandId());
    expect(next).toMatchObject({ outcome: 'changed-meanwhile', request: { status: 'En Proceso', version: 2 } });
    expect((await store.load(request.id))).toMatchObject({ status: 'En Proceso', version: 2 });

    const held = await fixture.desk.requests.execute(request.id, { type: 'hold', reason: 'Esperando sala' }, fixture.actor(people.asv), commandId());
    expect(held).toMatchObject({ outcome: 'applied', request: { status: 'Espera', version: 3 } });
    expect((await store.load(request.id))?.history.map((item) => item.kind)).toEqual(['register', 'take', 'hold']);
  });

  it('is written into the request once when several readers repair it at once: one history entry, version 2', async () => {
    const { request, store } = await withOrphanTake();
    await Promise.all(Array.from({ length: 20 }, () => fixture.desk.requests.repair(request.id)));
    const stored = await store.load(request.id);
    expect(stored?.version).toBe(2);
    expect(stored?.history.map((item) => item.kind)).toEqual(['register', 'take']);
  });
});
