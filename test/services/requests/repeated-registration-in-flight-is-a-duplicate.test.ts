import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

describe('the same registration command sent twice at once (Teams retrying the invoke)', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  it('answers the repeat with "duplicate" and the registered request, never "not-found"', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const id = commandId('reg-twice');
        const results = await Promise.all(
          Array.from({ length: 3 }, () => fixture.desk.requests.register(registration(), fixture.actor(people.hd), id)),
        );
        return results.map((result) => result.outcome).sort().join(',');
      }),
    );
    expect(pairs).toEqual(Array.from({ length: 10 }, () => 'applied,duplicate,duplicate'));
  });
});
