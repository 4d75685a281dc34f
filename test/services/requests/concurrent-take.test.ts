import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

describe('two ASVs acting on one request at the same moment', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  it('lets exactly one of 20 concurrent "take" commands succeed, with one history entry', async () => {
    const { desk, actor } = fixture;
    const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(`registration failed: ${registered.outcome}`);
    const requestId = registered.request.id;

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        desk.requests.execute(requestId, { type: 'take' }, actor(index % 2 ? people.asv : people.asv2), commandId(`take-${index}`)),
      ),
    );

    const outcomes = results.map((result) => result.outcome);
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'applied').every((outcome) => outcome === 'changed-meanwhile' || outcome === 'rejected')).toBe(true);
    for (const result of results) {
      if (result.outcome === 'changed-meanwhile') expect(result.request.status).toBe('En Proceso');
    }
    const stored = await desk.requests.get(requestId);
    expect(stored?.status).toBe('En Proceso');
    expect(stored?.history.filter((entry) => entry.kind === 'take')).toHaveLength(1);
    expect(stored?.version).toBe(2);
  });
});
