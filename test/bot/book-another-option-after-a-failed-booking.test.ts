import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { visibleText } from '../cards/card-assertions.js';
import { pausedAfterRecheck, requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

const asData = (option: ReturnType<typeof slot>) => ({ ...option, start: option.start.toISOString(), end: option.end.toISOString() });

/**
 * Bug: the book click's command id is `card:book:<request>:v<version>:<person>` (no option), and the
 * booking id is derived from it; after one failed booking (a conflict) every other option the ASV
 * picks on the same request version hits the failed booking and answers "could not book".
 */
describe('booking another option after a booking failed', () => {
  const config = testConfig();
  /** Nobody is busy in it; it holds the first click after its availability re-check (see below). */
  const directory = scriptedCalendar();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config, directory });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
    await fixture.desk.start();
  });
  afterAll(async () => fixture.close());

  it('books the free option the ASV picks next', async () => {
    const morning = slot('2027-05-10', '10:00', '11:00');
    const blocker = await requestReadyToBook(fixture, 'Ocupa la mañana', morning);
    const request = await requestReadyToBook(fixture, 'Seminario', morning);
    const bot = botOnDesk(fixture, config);

    // Both ask for 10:00 at the same instant: the ASV's click re-checks availability before the blocker holds anything,
    // so its booking fails at the claim of the slots (a failed booking is recorded for the click's command).
    const clicking = await pausedAfterRecheck(directory, () => clickCard(bot, people.asv, 'book', { requestId: request.id, version: request.version, option: asData(morning) }));
    expect((await fixture.desk.agenda.book(blocker.id, morning, fixture.actor(people.asv), commandId())).ok).toBe(true);
    const clash = await clicking.resume();
    expect(clash.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(visibleText(clash.value)).not.toContain('Evento agendado');
    expect((await fixture.desk.requests.get(request.id))?.booking).toBeNull();

    // The request did not change; the ASV checks availability again and picks a free hour.
    const free = await clickCard(bot, people.asv, 'book', { requestId: request.id, version: request.version, option: asData(slot('2027-05-10', '12:00', '13:00')) });
    expect(visibleText(free.value)).toContain('Evento agendado');
    expect((await fixture.desk.requests.get(request.id))?.booking).not.toBeNull();
  });
});
