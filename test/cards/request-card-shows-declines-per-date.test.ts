import { DECLINED_DATES_SHOWN, renderRequestCard, type RequestCardView } from '../../cards/request-card.js';
import type { Booking } from '../../services/agenda/agenda-types.js';
import { expectWellFormedCard, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleBooking, sampleRequest, sampleResources } from './card-fixtures.js';

/** The booking of one Monday of a weekly series (10:00–12:00 in Mexico City), declined by `declinedBy`. */
function occurrence(date: string, declinedBy: string[] = []): Booking {
  return sampleBooking({
    id: `bk-${date}`,
    start: new Date(`${date}T10:00:00-06:00`),
    end: new Date(`${date}T12:00:00-06:00`),
    declinedBy,
    series: { date, asked: { start: new Date(`${date}T10:00:00-06:00`), end: new Date(`${date}T12:00:00-06:00`) }, rule: 'FREQ=WEEKLY;BYDAY=MO', dates: [], first: { start: new Date('2026-05-04T16:00:00Z'), end: new Date('2026-05-04T18:00:00Z') } },
  });
}

function view(occurrences: Booking[], locale: 'es' | 'en' = 'es'): RequestCardView {
  const first = occurrences[0]!;
  return {
    request: sampleRequest({
      status: 'En Proceso',
      booking: {
        bookingId: first.id,
        title: first.title,
        start: first.start,
        end: first.end,
        resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'],
        occurrences: occurrences.map((booking) => ({ date: booking.series!.date, bookingId: booking.id, start: booking.start, end: booking.end, resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'] })),
      },
    }),
    locale,
    timeZone: MEXICO_CITY,
    actions: [],
    viewer: 'readonly',
    refreshUserIds: [],
    asvChoices: [],
    resources: sampleResources(),
    booking: first,
    occurrences,
  };
}

describe('the request card of a series', () => {
  it('shows who declined the Microsoft 365 invitation date by date, and nothing for the dates nobody declined', () => {
    const card = renderRequestCard(view([occurrence('2026-05-04'), occurrence('2026-05-11', ['sala-vc-1@example.edu']), occurrence('2026-05-18', ['sala-vc-1@example.edu', 'ana.robles@example.edu'])]));
    expectWellFormedCard(card);
    const declines = visibleText(card)
      .split('\n')
      .filter((line) => line.includes('Microsoft 365'));
    expect(declines).toEqual([
      '⚠ lun, 11 de may de 2026, 10:00–12:00: rechazaron la invitación de Microsoft 365: Sala de Videoconferencia 1.',
      '⚠ lun, 18 de may de 2026, 10:00–12:00: rechazaron la invitación de Microsoft 365: Sala de Videoconferencia 1, Ana Robles.',
    ]);

    const english = visibleText(renderRequestCard(view([occurrence('2026-05-04', ['sala-vc-1@example.edu']), occurrence('2026-05-11')], 'en')));
    const englishDeclines = english.split('\n').filter((line) => line.includes('Microsoft 365'));
    expect(englishDeclines).toHaveLength(1);
    expect(englishDeclines[0]).toMatch(/^⚠ Mon, May 4, 2026, 10:00\s–\s12:00: declined the Microsoft 365 invitation: Sala de Videoconferencia 1\.$/);
  });

  it(`lists the first ${DECLINED_DATES_SHOWN} declined dates and counts the rest`, () => {
    const mondays = Array.from({ length: 10 }, (_, week) => new Date(Date.UTC(2026, 4, 4 + 7 * week)).toISOString().slice(0, 10));
    const card = renderRequestCard(view(mondays.map((date) => occurrence(date, ['sala-vc-1@example.edu']))));
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text.split('\n').filter((line) => line.includes('Microsoft 365'))).toHaveLength(DECLINED_DATES_SHOWN);
    expect(text).toContain(`Y ${10 - DECLINED_DATES_SHOWN} fechas más con rechazos.`);
  });
});
