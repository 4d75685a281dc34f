import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestStore } from '../../../services/requests/request-store.js';
import { requestModels } from '../../../services/store/request-documents.js';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

describe('an unprojected change repaired by several readers at once', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  it('is written into the request once: one history entry, version 2', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId());
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const request = registered.request;
    const store = new RequestStore(requestModels(fixture.database.connection));
    const entry = { seq: 2, at: new Date(Date.now() - 60_000), actor: { id: people.asv.id, name: people.asv.name, role: 'ASV' as const }, kind: 'take' as const, from: 'Registro' as const, to: 'En Proceso' as const };
    expect(await store.append(request.id, commandId('orphan'), entry, { status: 'En Proceso' }, [])).toBe('appended');

    await Promise.all(Array.from({ length: 20 }, () => fixture.desk.requests.repair(request.id)));
    const stored = await store.load(request.id);
    expect(stored?.version).toBe(2);
    expect(stored?.history.map((item) => item.kind)).toEqual(['register', 'take']);
  });
});
