import { describe, expect, it } from '@jest/globals';
import { bookingOutOfDate } from '../../../services/requests/booking-match.js';
import { decide } from '../../../services/requests/request-workflow.js';
import { actors, BUSINESS_ZONE, completeForm, deepFreeze, requestIn, sampleBooking, testContext } from '../../support/workflow-fixtures.js';

/** The fixtures' request in *En Proceso*: a complete VC form for 20 March 2026, 10:00–12:00, and that event booked. */
const ready = (formData: Record<string, unknown> = {}, overrides: Parameters<typeof requestIn>[1] = {}) => {
  const form = completeForm('VC');
  return deepFreeze(requestIn('En Proceso', { form: { ...form, data: { ...form.data, ...formData } }, ...overrides }));
};
const finish = (request: ReturnType<typeof ready>) => decide(request, { type: 'finish' }, actors.ASV, testContext());

describe('finish (→ Terminada) needs the booking to be the event the form asks for', () => {
  it('finishes when the booking is the form’s date and times (read in the business time zone) and service', () => {
    expect(bookingOutOfDate(ready(), BUSINESS_ZONE)).toBe(false);
    expect(finish(ready())).toMatchObject({ ok: true, next: { status: 'Terminada' } });
  });

  it.each([
    ['the date', { date: '2026-03-19' }],
    ['the start time', { startTime: '10:30' }],
    ['the end time', { endTime: '13:00' }],
  ])('refuses when %s changed after booking', (_what, change) => {
    const changed = ready(change);
    expect(bookingOutOfDate(changed, BUSINESS_ZONE)).toBe(true);
    expect(finish(changed)).toEqual({ ok: false, rejection: { code: 'finish-preconditions', missing: ['booking-matches-form'] } });
  });

  it('refuses a booking made for another service', () => {
    const otherService = ready({}, { booking: { ...sampleBooking(), service: 'TC' } });
    expect(bookingOutOfDate(otherService, BUSINESS_ZONE)).toBe(true);
    expect(finish(otherService)).toEqual({ ok: false, rejection: { code: 'finish-preconditions', missing: ['booking-matches-form'] } });
  });

  it('reads the form in the business zone: the same wall-clock times elsewhere are another event', () => {
    const request = ready();
    expect(bookingOutOfDate(request, 'America/Bogota')).toBe(true);
    expect(decide(request, { type: 'finish' }, actors.ASV, { ...testContext(), timeZone: 'America/Bogota' })).toMatchObject({ ok: false });
  });

  it('asks first for what is missing: no booking, or a form not complete', () => {
    expect(finish(ready({}, { booking: null }))).toEqual({ ok: false, rejection: { code: 'finish-preconditions', missing: ['booking'] } });
    const draft = ready({ date: '2026-03-19' });
    expect(finish({ ...draft, form: { ...draft.form!, complete: false } })).toEqual({ ok: false, rejection: { code: 'finish-preconditions', missing: ['form'] } });
  });

  it('keeps the booking when the service changes, which then no longer matches', () => {
    const decision = decide(ready(), { type: 'set-service', service: 'TC' }, actors.ASV, testContext());
    if (!decision.ok) throw new Error(JSON.stringify(decision.rejection));
    expect(decision.next.booking).toEqual(sampleBooking());
    expect(decision.effects).not.toContainEqual(expect.objectContaining({ type: 'release-booking' }));
    expect(bookingOutOfDate(decision.next, BUSINESS_ZONE)).toBe(true);
  });
});
