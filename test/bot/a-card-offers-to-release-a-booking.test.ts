import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requestCardFor } from '../../bot/request-card-views.js';
import { executeAction, verbsOf } from '../cards/card-assertions.js';
import { requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bug (issue 10 §4, second walk): no card offered to release a booking, although the status
 * machine has the command. Now the ASV's view of a request with a booking has "Liberar
 * reservación", which frees the slots and keeps the request open.
 */
describe('releasing a booking from the request card', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config, directory: scriptedCalendar() });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  });
  afterAll(async () => fixture.close());

  it('is offered to the ASV only while there is a booking, and frees it', async () => {
    const asked = slot('2027-07-06', '10:00', '11:00');
    const request = await requestReadyToBook(fixture, 'Liberable', asked);
    const sources = { desk: fixture.desk, config };
    expect(verbsOf(await requestCardFor(sources, request, fixture.actor(people.asv), 'es'))).not.toContain('release-booking');
    const booked = await fixture.desk.agenda.book(request.id, asked, fixture.actor(people.asv), commandId('book'));
    if (!booked.ok) throw new Error('not booked');

    const card = await requestCardFor(sources, booked.request, fixture.actor(people.asv), 'es');
    expect(verbsOf(card)).toContain('release-booking');
    expect(verbsOf(await requestCardFor(sources, booked.request, fixture.actor(people.hd), 'es'))).not.toContain('release-booking');

    const answer = await clickCard(botOnDesk(fixture, config), people.asv, 'release-booking', executeAction(card, 'release-booking').data as Record<string, unknown>);
    expect(JSON.stringify(answer.value)).toContain('Liberó la reservación');
    const after = await fixture.desk.requests.get(request.id);
    expect(after?.booking).toBeNull();
    expect(after?.status).toBe('En Proceso');
    await fixture.desk.dispatcher.idle();
    expect((await fixture.desk.agenda.booking(booked.booking.id))?.status).toBe('released');
  });
});
