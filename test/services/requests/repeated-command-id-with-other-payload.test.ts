import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

describe('a command id used again with another payload', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  it('never applies the second payload', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId());
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const id = commandId('same');
    const take = await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, fixture.actor(people.asv), id);
    expect(take.outcome).toBe('applied');
    const hold = await fixture.desk.requests.execute(registered.request.id, { type: 'hold', reason: 'x' }, fixture.actor(people.asv), id);
    expect(hold).toMatchObject({ outcome: 'duplicate', request: { status: 'En Proceso', version: 2 } });
    const stale = await fixture.desk.requests.execute(registered.request.id, { type: 'hold', reason: 'x' }, fixture.actor(people.asv), id, 1);
    expect(stale).toMatchObject({ outcome: 'duplicate', request: { status: 'En Proceso', version: 2 } });

    const other = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId());
    if (other.outcome !== 'applied') throw new Error(other.outcome);
    const cross = await fixture.desk.requests.execute(other.request.id, { type: 'take' }, fixture.actor(people.asv), id);
    expect(cross.outcome).toBe('duplicate');
    expect((await fixture.desk.requests.get(other.request.id))?.status).toBe('Registro');
  });
});
