import type { Resource } from '../services/agenda/agenda-types.js';
import { bookingNotesMaxLength } from '../services/agenda/booking-body.js';
import type { OccurrenceAvailability, SeriesAvailability } from '../services/agenda/series-availability.js';
import type { ServiceRequest } from '../services/requests/request-types.js';
import { blockerText, bookOptionData } from './availability-card.js';
import { t, type Locale } from './messages.js';
import { plainFacts, tPlain } from './plain-text.js';
import { formatRange, renderTemplate, type AdaptiveCard } from './render-card.js';
import { resourceNamer } from './request-card.js';
import template from './series-availability-card.json' with { type: 'json' };

/** Conflicts shown with their blockers and alternatives; the rest are counted (a card stays small). */
export const MAX_CONFLICTS_SHOWN = 8;

/** The availability of a recurring event, occurrence by occurrence. */
export interface SeriesAvailabilityCardView {
  request: ServiceRequest;
  locale: Locale;
  /** The business time zone instants are shown in. */
  timeZone: string;
  series: SeriesAvailability;
  /** The catalogue, to name rooms, equipment and staff. */
  resources: Resource[];
  /** A booked occurrence the ASV asked to move: shown first, with the alternatives for it. */
  moving?: OccurrenceAvailability | undefined;
  /** A short note at the top (what was just booked or refused); plain text, shown as written. */
  note?: string | undefined;
}

/**
 * The availability of a recurring event: how many occurrences are free, in conflict, booked,
 * cancelled or excepted; the free ones summarised with one "book the free ones" button
 * (`book-free-occurrences`); each conflict (and each closure day, marked) with its blockers and
 * its alternatives, each a `book-occurrence` button carrying the occurrence's `date` and the
 * option; the booked ones with a choice of date (`occurrenceDate`) to move it (alternatives via
 * `check-availability`) or cancel it alone (`cancel-occurrence`); exceptions and cancelled dates
 * listed. Every action carries `requestId` and `version`.
 */
export function renderSeriesAvailabilityCard(view: SeriesAvailabilityCardView): AdaptiveCard {
  const { request, locale, timeZone, series } = view;
  const names = resourceNamer(view.resources);
  const baseData = { requestId: request.id, version: request.version };
  const when = (entry: OccurrenceAvailability) => formatRange(entry.occurrence.start, entry.occurrence.end, locale, timeZone);
  const byState = (state: OccurrenceAvailability['state']) => series.occurrences.filter((entry) => entry.state === state);
  const closureNote = (entry: OccurrenceAvailability) => (entry.occurrence.closure ? t(locale, 'series.closure') : '');
  const attention = [...byState('conflict'), ...byState('free').filter((entry) => entry.occurrence.closure)].sort((a, b) => a.occurrence.date.localeCompare(b.occurrence.date));
  const conflictEntry = (entry: OccurrenceAvailability, moving: boolean) => {
    const answer = entry.answer!;
    const own = answer.free ? answer.option : null;
    return {
      heading: tPlain(locale, moving ? 'series.moving' : 'series.occurrence', { when: when(entry) }),
      color: moving || answer.free ? 'default' : 'attention',
      note: closureNote(entry),
      blockers: answer.blockers.map((blocker) => blockerText(locale, timeZone, blocker)),
      hasOwn: own !== null && !moving,
      canCancel: !moving,
      cancelData: { ...baseData, date: entry.occurrence.date },
      ownData: own ? { ...baseData, date: entry.occurrence.date, option: bookOptionData(own) } : {},
      alternatives: (moving || !answer.free ? answer.alternatives : []).map((option) => ({
        text: option.roomId
          ? tPlain(locale, 'availability.option', { when: formatRange(option.start, option.end, locale, timeZone), room: names.name(option.roomId) })
          : formatRange(option.start, option.end, locale, timeZone),
        data: { ...baseData, date: entry.occurrence.date, option: bookOptionData(option) },
      })),
    };
  };
  const conflicts = [...(view.moving ? [conflictEntry(view.moving, true)] : []), ...attention.slice(0, MAX_CONFLICTS_SHOWN).map((entry) => conflictEntry(entry, false))];
  const booked = byState('booked');
  const bookedText = (entry: OccurrenceAvailability) => {
    const booking = entry.booking!;
    const room = booking.resourceIds.map(names.name)[0] ?? '';
    const moved = booking.moved ? ` (${t(locale, 'series.moved')})` : '';
    return tPlain(locale, 'series.bookedLine', { date: formatRange(new Date(booking.start), new Date(booking.end), locale, timeZone), resource: room }) + moved;
  };
  const counts = {
    total: series.occurrences.length,
    free: series.bookable.length,
    conflicts: byState('conflict').length,
    closures: byState('free').filter((entry) => entry.occurrence.closure).length,
    booked: booked.length,
    other: byState('cancelled').length + byState('excepted').length,
  };
  return renderTemplate(template, {
    lang: locale,
    title: t(locale, 'series.title', { folio: request.folio }),
    summary: t(locale, 'series.summary', counts),
    summaryColor: counts.conflicts > 0 ? 'attention' : 'good',
    facts: plainFacts([
      [t(locale, 'label.event'), request.booking?.title ?? ''],
      [t(locale, 'series.note'), view.note ?? ''],
    ]),
    free: series.bookable.map(when),
    canBook: series.bookable.length > 0 || conflicts.length > 0,
    conflicts,
    moreConflicts: attention.length > MAX_CONFLICTS_SHOWN ? t(locale, 'series.moreConflicts', { count: attention.length - MAX_CONFLICTS_SHOWN }) : '',
    booked: booked.map(bookedText),
    bookedChoices: booked.map((entry) => ({ title: when(entry), value: entry.occurrence.date })),
    bookedValue: booked[0]?.occurrence.date ?? '',
    skipped: [
      ...byState('excepted').map((entry) => tPlain(locale, 'series.excepted', { when: when(entry) })),
      ...byState('cancelled').map((entry) => tPlain(locale, 'series.cancelled', { when: when(entry) })),
    ],
    baseData,
    limits: { notes: bookingNotesMaxLength },
    labels: {
      free: t(locale, 'series.freeTitle'),
      bookFree: t(locale, 'series.bookFree', { count: series.bookable.length }),
      notes: t(locale, 'input.notes'),
      bookOwn: t(locale, 'series.bookOwn'),
      book: t(locale, 'action.book'),
      noAlternatives: t(locale, 'availability.noAlternatives'),
      booked: t(locale, 'series.bookedTitle'),
      occurrence: t(locale, 'series.occurrenceInput'),
      move: t(locale, 'series.move'),
      cancelOne: t(locale, 'series.cancelOne'),
      cancelThis: t(locale, 'series.cancelThis'),
      skipped: t(locale, 'series.skippedTitle'),
    },
  });
}
