import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionsOf, TEAMS_CARD_LIMIT_BYTES, verbsOf, visibleText } from '../cards/card-assertions.js';
import { formAskingFor, requestReadyToBook, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { commandId, eventually, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/** The data of the card's first action with `verb`. */
function actionData(card: unknown, verb: string): Record<string, unknown> {
  const action = actionsOf(card).find((node) => node.verb === verb);
  if (!action) throw new Error(`no ${verb} on the card`);
  return action.data as Record<string, unknown>;
}

describe('a recurring event booked from the availability card', () => {
  const config = testConfig({ AGENDA_BUFFERS: 'VC:30/15' });
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  });
  afterAll(async () => fixture.close(), 60_000);

  it('lists the occurrences, books the free ones in one click, then the conflict on its own, and cancels one date alone', async () => {
    const asv = fixture.actor(people.asv);
    const other = await requestReadyToBook(fixture, 'Examen de grado', slot('2027-09-09', '10:00', '12:00'));
    expect((await fixture.desk.agenda.book(other.id, slot('2027-09-09', '10:00', '12:00'), asv, commandId('book'))).ok).toBe(true);

    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv, commandId('take'));
    // Tuesdays and Thursdays from 7 September 2027, four times: 7, 9 (taken), 14 and 16 September (16 September: Independence Day, a rest day).
    const data = { programName: 'Clase de redes', siglas: 'FI', ...formAskingFor(slot('2027-09-07', '10:00', '12:00')), repeatWeekdays: 'TU,TH', repeatCount: '4' };
    const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', data, asv, commandId('form'), { locale: 'es' });
    if (saved.outcome !== 'applied') throw new Error(saved.outcome);
    const bot = botOnDesk(fixture, config);

    const first = await clickCard(bot, people.asv, 'check-availability', { requestId: saved.request.id, version: saved.request.version });
    const text = visibleText(first.value);
    expect(text).toContain('Disponibilidad de la serie');
    expect(text).toContain('4 fechas: 2 libres, 1 con conflicto, 1 en día inhábil, 0 agendadas, 0 canceladas o sin evento');
    expect(text).toContain('«FI – Examen de grado»');
    expect(text).toContain('Día inhábil del calendario institucional');
    expect(verbsOf(first.value as never)).toEqual(expect.arrayContaining(['book-free-occurrences', 'book-occurrence']));
    expect(JSON.stringify(first.value).length).toBeLessThan(TEAMS_CARD_LIMIT_BYTES);

    const english = await clickCard(bot, people.asv, 'check-availability', { requestId: saved.request.id, version: saved.request.version }, 'en-US');
    expect(visibleText(english.value)).toContain('4 dates: 2 free, 1 in conflict, 1 on closure days, 0 booked, 0 cancelled or without the event');
    expect(visibleText(english.value)).toContain('Book the free ones (2)');
    expect(visibleText(english.value)).toContain("A closure day of the institution's calendar");

    const bookedFree = await clickCard(bot, people.asv, 'book-free-occurrences', actionData(first.value, 'book-free-occurrences'));
    expect(visibleText(bookedFree.value)).toContain('Fechas agendadas: 2.');
    expect(visibleText(bookedFree.value)).toContain('2 agendadas');

    const alternative = actionsOf(bookedFree.value).find((node) => node.verb === 'book-occurrence' && (node.data as { date?: string }).date === '2027-09-09');
    const bookedOne = await clickCard(bot, people.asv, 'book-occurrence', alternative!.data as Record<string, unknown>);
    expect(visibleText(bookedOne.value)).toContain('Fechas agendadas: 1.');
    expect(visibleText(bookedOne.value)).toContain('3 agendadas');
    expect(visibleText(bookedOne.value)).toContain('movida');

    const request = await fixture.desk.requests.get(saved.request.id);
    const cancelled = await clickCard(bot, people.asv, 'cancel-occurrence', { requestId: request!.id, version: request!.version, occurrenceDate: '2027-09-16' });
    expect(visibleText(cancelled.value)).toContain(request!.folio);
    const stored = await eventually(async () => {
      const current = await fixture.desk.requests.get(request!.id);
      return current?.booking?.occurrences?.find((occurrence) => occurrence.date === '2027-09-16') ? current : null;
    });
    expect(stored.booking?.occurrences?.find((occurrence) => occurrence.date === '2027-09-16')).toMatchObject({ cancelled: true, bookingId: null });
    expect(stored.booking?.occurrences?.filter((occurrence) => occurrence.bookingId)).toHaveLength(3);
  });
});
