import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { pausedAfterRecheck, requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../../support/agenda-fixture.js';

/** Nobody is busy in it; it holds a booking after its availability re-check when a test needs two clicks at the same instant. */
const directory = scriptedCalendar();

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { directory });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
});
afterAll(async () => fixture.close());

/** The command id the "book" card action gives a click (bot/handlers/card-actions.ts, commandId()). */
const botBookCommandId = (requestId: string, version: number, actorId: string) => `card:book:${requestId}:v${version}:${actorId}`;

describe('booking another slot after a conflict, from the same card version', () => {
  it('books the free alternative instead of answering that the failed booking "is failed"', async () => {
    const { desk, actor } = fixture;
    const ten = slot('2027-05-12', '10:00', '11:00');
    const blocker = await requestReadyToBook(fixture, 'Ocupa las diez', ten);
    const request = await requestReadyToBook(fixture, 'Busca hueco', ten);
    const id = botBookCommandId(request.id, request.version, people.asv.id);
    // Both ask for 10:00 at the same instant: the ASV's click re-checks availability before the blocker holds anything,
    // so it fails at the claim of the slots (a failed booking attempt is recorded).
    const clashing = await pausedAfterRecheck(directory, () => desk.agenda.book(request.id, ten, actor(people.asv), id));
    expect((await desk.agenda.book(blocker.id, ten, actor(people.asv), commandId())).ok).toBe(true);
    const clash = await clashing.resume();
    expect(clash).toMatchObject({ ok: false, failure: { code: 'conflict' } });

    // The request did not change, so the ASV's next click (an alternative at 12:00) carries the same version.
    expect((await desk.requests.get(request.id))?.version).toBe(request.version);
    const alternative = await desk.agenda.book(request.id, slot('2027-05-12', '12:00', '13:00'), actor(people.asv), botBookCommandId(request.id, request.version, people.asv.id));
    expect(alternative).toMatchObject({ ok: true });
  });
});
