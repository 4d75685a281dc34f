import type { BookingReference, ServiceRequest } from '../../services/requests/request-types.js';
import { sampleRequest } from './card-fixtures.js';

/** The sample request's event: Monday 4 May 2026, 10:00–12:00 in Mexico City. */
export const afterEventBooking: BookingReference = {
  bookingId: 'bk-7',
  title: 'FI – Seminario de redes',
  start: new Date('2026-05-04T16:00:00Z'),
  end: new Date('2026-05-04T18:00:00Z'),
  resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'],
  service: 'VC',
};

/** The moment the after-event cards are looked at: the day after the event. */
export const dayAfterTheEvent = new Date('2026-05-05T17:00:00Z');
/** When the sample's rating period closes: 10 business days after the event. */
export const ratingClosesAt = new Date('2026-05-18T18:00:00Z');

/** The sample request after its event: Terminada, booked, and (with `recorded`) its delivery recorded and rated. */
export function requestAfterTheEvent(recorded = false): ServiceRequest {
  const request = sampleRequest({ status: 'Terminada', booking: afterEventBooking });
  if (!recorded) return request;
  return {
    ...request,
    delivery: {
      outcome: 'held-with-incidents',
      actualStart: new Date('2026-05-04T16:05:00Z'),
      actualEnd: new Date('2026-05-04T18:00:00Z'),
      incidents: [{ kind: 'audio', text: 'Eco en la sede de Morelia durante 10 minutos' }],
      recordedAt: new Date('2026-05-04T19:00:00Z'),
      seq: 6,
      corrects: 5,
    },
    rating: { rating: 4, comment: 'Muy buena atención; el eco se resolvió pronto.', at: dayAfterTheEvent, seq: 7 },
  };
}
