// After the event (issue 12 §1), in the status machine alone: the ASV's delivery record and the
// requester's rating act on a Terminada request with a booking, add history entries and never change
// the status; the rating is accepted once, from the event's end until 10 business days after it
// (a weekend and a statutory rest day skipped), and the survey's jobs re-check all of it.
import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar } from '../../../services/calendar/business-calendar.js';
import { ratingWindowOf } from '../../../services/requests/after-event.js';
import type { Actor, Command, ServiceRequest } from '../../../services/requests/request-types.js';
import { decide, type Decision, type WorkflowContext } from '../../../services/requests/request-workflow.js';
import { actors, BUSINESS_ZONE, NOW, pastBooking, requestIn, testContext } from '../../support/workflow-fixtures.js';

const booking = pastBooking();
const hour = 3_600_000;

function decided(request: ServiceRequest, command: Command, actor: Actor, context: WorkflowContext = testContext()): Decision {
  return decide(request, command, actor, context);
}

function applied(request: ServiceRequest, command: Command, actor: Actor, context?: WorkflowContext) {
  const decision = decided(request, command, actor, context);
  if (!decision.ok) throw new Error(`expected ${command.type} to apply, got ${JSON.stringify(decision.rejection)}`);
  return decision;
}

function rejection(request: ServiceRequest, command: Command, actor: Actor, context?: WorkflowContext) {
  const decision = decided(request, command, actor, context);
  if (decision.ok) throw new Error(`expected ${command.type} to be refused`);
  return decision.rejection;
}

const heldAsPlanned: Command = { type: 'record-delivery', outcome: 'held-as-planned', actualStart: booking.start, actualEnd: booking.end };

describe('record-delivery', () => {
  it('waits for the booked event to end', () => {
    const beforeEnd = testContext(new Date(booking.end.getTime() - 60_000));
    expect(rejection(requestIn('Terminada'), heldAsPlanned, actors.ASV, beforeEnd)).toEqual({ code: 'event-not-ended', command: 'record-delivery', endsAt: booking.end });
    expect(applied(requestIn('Terminada'), heldAsPlanned, actors.ASV, testContext(booking.end)).next.delivery?.outcome).toBe('held-as-planned');
  });

  it('stores the record and a history entry, and leaves the status Terminada', () => {
    const request = requestIn('Terminada');
    const start = new Date(booking.start.getTime() + 10 * 60_000);
    const { next, entry, effects } = applied(
      request,
      { type: 'record-delivery', outcome: 'held-with-incidents', actualStart: start, actualEnd: booking.end, incidents: [{ kind: 'audio', text: 'Eco en la sala remota' }] },
      actors.ASV,
    );
    expect(next.status).toBe('Terminada');
    expect(entry).toMatchObject({ kind: 'record-delivery', from: 'Terminada', to: 'Terminada', note: 'held-with-incidents | 2026-03-09 10:10–12:00 | audio: Eco en la sala remota' });
    expect(next.delivery).toEqual({ outcome: 'held-with-incidents', actualStart: start, actualEnd: booking.end, incidents: [{ kind: 'audio', text: 'Eco en la sala remota' }], recordedAt: NOW, seq: entry.seq });
    expect(effects).toEqual([{ type: 'update-channel-card' }]);
  });

  it('needs the real start and end of a held event, the end after the start, near the booking and not in the future', () => {
    const request = requestIn('Terminada');
    const record = (actualStart?: Date, actualEnd?: Date): Command => ({ type: 'record-delivery', outcome: 'held-as-planned', actualStart, actualEnd });
    expect(rejection(request, record(undefined, booking.end), actors.ASV)).toEqual({ code: 'missing-input', command: 'record-delivery', field: 'actualStart' });
    expect(rejection(request, record(booking.start, undefined), actors.ASV)).toEqual({ code: 'missing-input', command: 'record-delivery', field: 'actualEnd' });
    expect(rejection(request, record(booking.end, booking.start), actors.ASV)).toMatchObject({ code: 'invalid-input', field: 'actualEnd' });
    expect(rejection(request, record(new Date(booking.start.getTime() - 13 * hour), booking.end), actors.ASV)).toMatchObject({ code: 'invalid-input', field: 'actualStart' });
    expect(rejection(request, record(booking.start, new Date(booking.end.getTime() + 13 * hour)), actors.ASV)).toMatchObject({ code: 'invalid-input', field: 'actualEnd' });
    expect(rejection(request, record(booking.start, new Date(booking.end.getTime() + 1 * hour)), actors.ASV, testContext(new Date(booking.end.getTime() + 30 * 60_000)))).toMatchObject({
      code: 'invalid-input',
      field: 'actualEnd',
    });
    expect(applied(request, record(new Date(booking.start.getTime() - 11 * hour), new Date(booking.end.getTime() + 11 * hour)), actors.ASV).next.delivery?.outcome).toBe('held-as-planned');
  });

  it('needs at least one incident when held with incidents; not held needs no times and keeps none', () => {
    const request = requestIn('Terminada');
    expect(rejection(request, { ...heldAsPlanned, outcome: 'held-with-incidents' } as Command, actors.ASV)).toEqual({ code: 'missing-input', command: 'record-delivery', field: 'incidents' });
    const notHeld = applied(request, { type: 'record-delivery', outcome: 'not-held', actualStart: booking.start, actualEnd: booking.end, incidents: [{ kind: 'room', text: 'Sala inundada' }] }, actors.ASV);
    expect(notHeld.next.delivery).toMatchObject({ outcome: 'not-held', incidents: [{ kind: 'room', text: 'Sala inundada' }] });
    expect(notHeld.next.delivery).not.toHaveProperty('actualStart');
    expect(notHeld.entry.note).toBe('not-held | room: Sala inundada');
  });

  it('a later record corrects the earlier one: the projection shows the correction, the history keeps both', () => {
    const first = applied(requestIn('Terminada'), { type: 'record-delivery', outcome: 'not-held' }, actors.ASV).next;
    const second = applied(first, heldAsPlanned, actors.ASV);
    expect(second.next.delivery).toMatchObject({ outcome: 'held-as-planned', corrects: first.delivery!.seq, seq: second.entry.seq });
    expect(second.next.history.filter((entry) => entry.kind === 'record-delivery').map((entry) => entry.note)).toEqual(['not-held', 'held-as-planned | 2026-03-09 10:00–12:00']);
  });

  it('is the ASV’s alone, and only on a Terminada request', () => {
    for (const who of [actors.REQUESTER, actors.HD, actors.DAU, actors.HEAD, actors.SYSTEM, actors.STRANGER]) {
      expect(rejection(requestIn('Terminada'), heldAsPlanned, who).code).toBe('not-authorised');
    }
    expect(rejection(requestIn('En Proceso'), heldAsPlanned, actors.ASV)).toEqual({ code: 'not-allowed-from-status', command: 'record-delivery', status: 'En Proceso' });
  });
});

describe('rate', () => {
  const rate = (rating: number, comment?: string): Command => ({ type: 'rate', rating, comment });

  it('is the requester’s own, once: a second answer is refused as already rated and changes nothing', () => {
    const { next, entry, effects } = applied(requestIn('Terminada'), rate(4, 'Buen servicio'), actors.REQUESTER);
    expect(next.rating).toEqual({ rating: 4, comment: 'Buen servicio', at: NOW, seq: entry.seq });
    expect(entry).toMatchObject({ kind: 'rate', from: 'Terminada', to: 'Terminada', note: '4/5\nBuen servicio', actor: { role: 'REQUESTER' } });
    expect(effects).toEqual([{ type: 'update-channel-card' }]);
    expect(rejection(next, rate(5), actors.REQUESTER)).toEqual({ code: 'already-rated', rating: 4 });
    for (const who of [actors.ASV, actors.HD, actors.DAU, actors.HEAD, actors.STRANGER]) expect(rejection(requestIn('Terminada'), rate(5), who).code).toBe('not-authorised');
  });

  it('waits for the event to end', () => {
    expect(rejection(requestIn('Terminada'), rate(5), actors.REQUESTER, testContext(new Date(booking.end.getTime() - 1)))).toEqual({ code: 'event-not-ended', command: 'rate', endsAt: booking.end });
  });

  it('is accepted until 10 business days after the event: a weekend and a rest day (Monday 16 November 2026) are skipped', () => {
    const calendar = new BusinessCalendar({ timeZone: BUSINESS_ZONE, workingDays: [1, 2, 3, 4, 5], holidayCountry: 'MX', closures: [] });
    const window = ratingWindowOf(calendar, BUSINESS_ZONE);
    // The event ended on Friday 13 November 2026 at 12:00 in Mexico City (18:00 UTC).
    const end = new Date('2026-11-13T18:00:00Z');
    const request = requestIn('Terminada', { booking: { ...booking, start: new Date('2026-11-13T16:00:00Z'), end } });
    const at = (iso: string): WorkflowContext => ({ ...testContext(new Date(iso)), ratingWindow: window });
    expect(window(end)).toEqual({ remindAt: new Date('2026-11-23T18:00:00Z'), closesAt: new Date('2026-11-30T18:00:00Z') });
    // Friday 27 November would be the 10th business day were the rest day not skipped: still open.
    expect(applied(request, rate(5), actors.REQUESTER, at('2026-11-27T19:00:00Z')).next.rating?.rating).toBe(5);
    expect(applied(request, rate(3), actors.REQUESTER, at('2026-11-30T17:59:59Z')).next.rating?.rating).toBe(3);
    expect(rejection(request, rate(5), actors.REQUESTER, at('2026-11-30T18:00:00Z'))).toEqual({ code: 'rating-closed', closedAt: new Date('2026-11-30T18:00:00Z') });
  });
});

describe('the survey’s jobs (ask-rating, remind-rating) re-check the request', () => {
  const ask: Command = { type: 'ask-rating', bookingId: booking.bookingId };
  const remind: Command = { type: 'remind-rating', bookingId: booking.bookingId };

  it('ask for the rating in Teams (the e-mail when Teams cannot reach them) and refresh the channel card, which now offers the delivery record', () => {
    const { effects, entry, next } = applied(requestIn('Terminada'), ask, actors.SYSTEM);
    expect(effects).toEqual([{ type: 'update-channel-card' }, { type: 'ask-rating', notice: 'rating-request', bookingId: booking.bookingId }]);
    expect(entry).toMatchObject({ kind: 'ask-rating', note: 'rating-requested', actor: { role: 'SYSTEM' } });
    expect(next.status).toBe('Terminada');
  });

  it('do nothing for another booking, before the end, once rated, or after the period', () => {
    expect(rejection(requestIn('Terminada'), { type: 'ask-rating', bookingId: 'bk-old' }, actors.SYSTEM)).toEqual({ code: 'stale-event', bookingId: 'bk-old' });
    expect(rejection(requestIn('Terminada'), ask, actors.SYSTEM, testContext(new Date(booking.end.getTime() - 1))).code).toBe('event-not-ended');
    const rated = applied(requestIn('Terminada'), { type: 'rate', rating: 2 }, actors.REQUESTER).next;
    expect(rejection(rated, remind, actors.SYSTEM)).toEqual({ code: 'already-rated', rating: 2 });
    expect(rejection(requestIn('Terminada'), remind, actors.SYSTEM, testContext(new Date(booking.end.getTime() + 15 * 86_400_000))).code).toBe('rating-closed');
    expect(rejection(requestIn('No Procede'), ask, actors.SYSTEM).code).toBe('not-allowed-from-status');
  });

  it('remind once', () => {
    const reminded = applied(requestIn('Terminada'), remind, actors.SYSTEM);
    expect(reminded.effects).toEqual([{ type: 'ask-rating', notice: 'rating-reminder', bookingId: booking.bookingId }]);
    expect(rejection(reminded.next, remind, actors.SYSTEM)).toEqual({ code: 'no-change', command: 'remind-rating' });
  });
});
