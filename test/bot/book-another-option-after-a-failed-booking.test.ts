import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { visibleText } from '../cards/card-assertions.js';
import { requestReadyToBook, seedCatalogue, slot } from '../support/agenda-fixture.js';
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
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
    await fixture.desk.start();
  });
  afterAll(async () => fixture.close());

  it('books the free option the ASV picks next', async () => {
    const blocker = await requestReadyToBook(fixture, 'Ocupa la mañana');
    expect((await fixture.desk.agenda.book(blocker.id, slot('2027-05-10', '10:00', '11:00'), fixture.actor(people.asv), commandId())).ok).toBe(true);
    const request = await requestReadyToBook(fixture, 'Seminario');
    const bot = botOnDesk(fixture, config);

    const clash = await clickCard(bot, people.asv, 'book', { requestId: request.id, version: request.version, option: asData(slot('2027-05-10', '10:00', '11:00')) });
    expect(clash.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(visibleText(clash.value)).not.toContain('Evento agendado');
    expect((await fixture.desk.requests.get(request.id))?.booking).toBeNull();

    // The request did not change; the ASV checks availability again and picks a free hour.
    const free = await clickCard(bot, people.asv, 'book', { requestId: request.id, version: request.version, option: asData(slot('2027-05-10', '12:00', '13:00')) });
    expect(visibleText(free.value)).toContain('Evento agendado');
    expect((await fixture.desk.requests.get(request.id))?.booking).not.toBeNull();
  });
});
