import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { requestReadyToBook, seedCatalogue, slot } from '../../support/agenda-fixture.js';

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url);
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
});
afterAll(async () => fixture.close());

/** The command id the "book" card action gives a click (bot/handlers/card-actions.ts, commandId()). */
const botBookCommandId = (requestId: string, version: number, actorId: string) => `card:book:${requestId}:v${version}:${actorId}`;

describe('booking another slot after a conflict, from the same card version', () => {
  it('books the free alternative instead of answering that the failed booking "is failed"', async () => {
    const { desk, actor } = fixture;
    const blocker = await requestReadyToBook(fixture, 'Ocupa las diez');
    expect((await desk.agenda.book(blocker.id, slot('2027-05-12', '10:00', '11:00'), actor(people.asv), commandId())).ok).toBe(true);

    const request = await requestReadyToBook(fixture, 'Busca hueco');
    const id = botBookCommandId(request.id, request.version, people.asv.id);
    const clash = await desk.agenda.book(request.id, slot('2027-05-12', '10:00', '11:00'), actor(people.asv), id);
    expect(clash).toMatchObject({ ok: false, failure: { code: 'conflict' } });

    // The request did not change, so the ASV's next click (an alternative at 12:00) carries the same version.
    expect((await desk.requests.get(request.id))?.version).toBe(request.version);
    const alternative = await desk.agenda.book(request.id, slot('2027-05-12', '12:00', '13:00'), actor(people.asv), botBookCommandId(request.id, request.version, people.asv.id));
    expect(alternative).toMatchObject({ ok: true });
  });
});
