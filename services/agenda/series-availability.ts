import type { Occurrence } from '../forms/recurrence.js';
import type { OccurrenceReference } from '../requests/request-types.js';
import { availabilityChecker, type AvailabilityAnswer, type AvailabilityInput } from './availability.js';

/** Where one occurrence of a series stands. */
export type OccurrenceState = 'booked' | 'cancelled' | 'excepted' | 'free' | 'conflict';

/** One occurrence with its verdict: its booking, or the availability of its own slot. */
export interface OccurrenceAvailability {
  occurrence: Occurrence;
  state: OccurrenceState;
  /** The availability of its slot (blockers, alternatives), when it is neither booked, cancelled nor excepted. */
  answer: AvailabilityAnswer | null;
  /** Its booking (or its cancellation) on the request. */
  booking: OccurrenceReference | null;
}

/** The availability of every occurrence of a series, and which of them "book the free ones" takes. */
export interface SeriesAvailability {
  occurrences: OccurrenceAvailability[];
  /** The free occurrences not on a closure day: what one click books. */
  bookable: OccurrenceAvailability[];
}

/** What the series check decides on: the availability input of the series' first occurrence, every occurrence, and what the request already holds. */
export interface SeriesAvailabilityInput extends AvailabilityInput {
  occurrences: readonly Occurrence[];
  /** The request's occurrences (booked or cancelled), by date. */
  booked: ReadonlyMap<string, OccurrenceReference>;
}

/**
 * Checks each occurrence of a series on its own (the same rules as a single event: its resources,
 * buffers, staff and alternatives): booked, cancelled and excepted occurrences are listed as they
 * are; every other one is free or in conflict. An occurrence on a closure day is checked and
 * marked (its `occurrence.closure`) but never among the `bookable`. The busy times are indexed
 * once for the whole series. Pure.
 */
export function checkSeriesAvailability(input: SeriesAvailabilityInput): SeriesAvailability {
  const check = availabilityChecker({ ...input, query: { ...input.query, ignoreBookingId: undefined } });
  const occurrences = input.occurrences.map((occurrence): OccurrenceAvailability => {
    const booking = input.booked.get(occurrence.date) ?? null;
    if (booking?.cancelled) return { occurrence, state: 'cancelled', answer: null, booking };
    if (booking?.bookingId) return { occurrence, state: 'booked', answer: null, booking };
    if (occurrence.excepted) return { occurrence, state: 'excepted', answer: null, booking: null };
    const answer = check(occurrence.start, occurrence.end);
    return { occurrence, state: answer.free ? 'free' : 'conflict', answer, booking: null };
  });
  return { occurrences, bookable: occurrences.filter((entry) => entry.state === 'free' && !entry.occurrence.closure) };
}
