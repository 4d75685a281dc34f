import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

describe('20 registrations at once', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  it('get folios 0001..0020 of the year: none twice, none skipped', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('reg'))),
    );
    const folios = results.map((result) => (result.outcome === 'applied' ? result.request.folio : result.outcome));
    const numbers = folios.map((folio) => Number(folio.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(folios).size).toBe(20);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });
});
