import type { BookingReference, OccurrenceReference } from './request-types.js';

/** Every booking a request holds: its single booking, or each live occurrence's of a series. */
export function heldBookingIds(booking: BookingReference | null | undefined): string[] {
  if (!booking) return [];
  if (!booking.occurrences) return [booking.bookingId];
  return [...new Set(booking.occurrences.flatMap((occurrence) => (occurrence.bookingId ? [occurrence.bookingId] : [])))];
}

/**
 * A series booking with `changes` merged into `current` by occurrence date (a change replaces the
 * occurrence of its date), in date order; the reference's own fields describe the first live
 * occurrence (the first occurrence when none is live).
 */
export function mergeOccurrences(
  current: BookingReference | null,
  changes: readonly OccurrenceReference[],
  base: Pick<BookingReference, 'title' | 'service'>,
): BookingReference {
  const byDate = new Map((current?.occurrences ?? []).map((occurrence) => [occurrence.date, occurrence]));
  for (const change of changes) byDate.set(change.date, change);
  const occurrences = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  const shown = occurrences.find((occurrence) => occurrence.bookingId && !occurrence.cancelled) ?? occurrences[0]!;
  return {
    bookingId: shown.bookingId ?? current?.bookingId ?? '',
    title: base.title,
    start: shown.start,
    end: shown.end,
    resourceIds: shown.resourceIds,
    service: base.service,
    occurrences,
  };
}

/** The bookings of `current` that `next` no longer holds (moved or cancelled occurrences, or a series replaced). */
export function bookingsLeftBehind(current: BookingReference | null, next: BookingReference | null): string[] {
  const kept = new Set(heldBookingIds(next));
  return heldBookingIds(current).filter((id) => !kept.has(id));
}
