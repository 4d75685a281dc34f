import { eventInterval } from '../forms/event-times.js';
import { expandOccurrences, recurrenceOf } from '../forms/recurrence.js';
import type { BookingReference, ServiceRequest } from './request-types.js';

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const instant = (value: Date | string): number => new Date(value).getTime();

/**
 * Whether the request's booking no longer is the event its service form asks for: a booking made
 * for another service, or at another start or end than the form's date and times read in the
 * business time zone (`timeZone`) — e.g. the form's date changed after booking. For a recurring
 * event, every occurrence of the form's series (its exceptions aside) must be booked at its own
 * time, moved by the ASV, or cancelled alone, and the booking holds no date outside the series.
 * A request without a booking has nothing out of date. Pure: the status machine's `finish` and
 * the request card both ask it.
 */
export function bookingOutOfDate(request: Pick<ServiceRequest, 'booking' | 'form' | 'service'>, timeZone: string): boolean {
  const booking = request.booking;
  if (!booking) return false;
  if (booking.service !== undefined && booking.service !== request.service) return true;
  const data = request.form?.data ?? {};
  if (recurrenceOf(data) || booking.occurrences) return seriesOutOfDate(booking, data, timeZone);
  const asked = eventInterval({ date: textOf(data.date), startTime: textOf(data.startTime), endTime: textOf(data.endTime) }, timeZone);
  return !asked || asked.start.getTime() !== instant(booking.start) || asked.end.getTime() !== instant(booking.end);
}

function seriesOutOfDate(booking: BookingReference, data: Readonly<Record<string, unknown>>, timeZone: string): boolean {
  const occurrences = expandOccurrences(data, timeZone, () => true);
  if (!occurrences || !booking.occurrences) return true;
  const held = new Map(booking.occurrences.map((occurrence) => [occurrence.date, occurrence]));
  const asked = new Set(occurrences.map((occurrence) => occurrence.date));
  if (booking.occurrences.some((occurrence) => !asked.has(occurrence.date) && !occurrence.cancelled)) return true;
  return occurrences.some((occurrence) => {
    const booked = held.get(occurrence.date);
    if (occurrence.excepted) return Boolean(booked?.bookingId && !booked.cancelled);
    if (!booked) return true;
    if (booked.cancelled || booked.moved) return false;
    return instant(booked.start) !== occurrence.start.getTime() || instant(booked.end) !== occurrence.end.getTime();
  });
}
