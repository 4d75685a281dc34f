import { eventInterval } from '../forms/event-times.js';
import type { ServiceRequest } from './request-types.js';

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const instant = (value: Date | string): number => new Date(value).getTime();

/**
 * Whether the request's booking no longer is the event its service form asks for: a booking made
 * for another service, or at another start or end than the form's date and times read in the
 * business time zone (`timeZone`) — e.g. the form's date changed after booking. A request without
 * a booking has nothing out of date. Pure: the status machine's `finish` and the request card
 * both ask it.
 */
export function bookingOutOfDate(request: Pick<ServiceRequest, 'booking' | 'form' | 'service'>, timeZone: string): boolean {
  const booking = request.booking;
  if (!booking) return false;
  if (booking.service !== undefined && booking.service !== request.service) return true;
  const data = request.form?.data ?? {};
  const asked = eventInterval({ date: textOf(data.date), startTime: textOf(data.startTime), endTime: textOf(data.endTime) }, timeZone);
  return !asked || asked.start.getTime() !== instant(booking.start) || asked.end.getTime() !== instant(booking.end);
}
