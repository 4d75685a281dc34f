// What SPEC §2 "requires" for each transition: missing inputs are refused naming the field, and
// *Terminada* needs the service form complete (for the request's service) and a booking.
import { describe, expect, it, test } from '@jest/globals';
import type { Command, ServiceRequest } from '../../../services/requests/request-types.js';
import { decide, type Decision } from '../../../services/requests/request-workflow.js';
import {
  actors,
  blankRequest,
  completeForm,
  deepFreeze,
  requestIn,
  sampleBooking,
  sampleCommand,
  testContext,
  wfPeople,
} from '../../support/workflow-fixtures.js';

const blanks: Array<[string, string | undefined]> = [
  ['empty', ''],
  ['only spaces', '   '],
  ['only a tab and a newline', '\t\n'],
  ['absent', undefined],
];

function expectMissing(decision: Decision, command: Command['type'], field: string): void {
  expect(decision).toEqual({ ok: false, rejection: { code: 'missing-input', command, field } });
}

describe('required text inputs', () => {
  test.each(blanks)('request-info with an %s message → missing-input "message"', (_label, message) => {
    const request = deepFreeze(requestIn('En Proceso'));
    const decision = decide(request, { type: 'request-info', message: message as string }, actors.ASV, testContext());
    expectMissing(decision, 'request-info', 'message');
  });

  test.each(blanks)('reply (by the requester) with an %s text → missing-input "text"', (_label, text) => {
    const request = deepFreeze(requestIn('Pendiente por el usuario'));
    const decision = decide(request, { type: 'reply', text: text as string }, actors.REQUESTER, testContext());
    expectMissing(decision, 'reply', 'text');
  });

  test.each(blanks)('reply (by the ASV) with an %s text → missing-input "text"', (_label, text) => {
    const request = deepFreeze(requestIn('Pendiente por el usuario'));
    const decision = decide(request, { type: 'reply', text: text as string }, actors.ASV, testContext());
    expectMissing(decision, 'reply', 'text');
  });

  test.each(blanks)('reject with %s reasons → missing-input "reasons"', (_label, reasons) => {
    const request = deepFreeze(requestIn('En Proceso'));
    const decision = decide(request, { type: 'reject', reasons: reasons as string }, actors.ASV, testContext());
    expectMissing(decision, 'reject', 'reasons');
  });

  test.each(blanks)('reassign (by HD) to an assignee whose id is %s → missing-input "assignee"', (_label, id) => {
    const request = deepFreeze(requestIn('En Proceso'));
    const decision = decide(request, { type: 'reassign', assignee: { id: id as string, name: 'Nadie' } }, actors.HD, testContext());
    expectMissing(decision, 'reassign', 'assignee');
  });

  it('hold needs no reason (the reason is optional)', () => {
    const decision = decide(deepFreeze(requestIn('En Proceso')), { type: 'hold' }, actors.ASV, testContext());
    expect(decision.ok).toBe(true);
    if (decision.ok) expect(decision.entry.note).toBeUndefined();
  });

  it('hold with a blank reason records no note', () => {
    const decision = decide(deepFreeze(requestIn('En Proceso')), { type: 'hold', reason: '   ' }, actors.ASV, testContext());
    expect(decision.ok).toBe(true);
    if (decision.ok) expect(decision.entry.note).toBeUndefined();
  });

  it('the inputs are stored trimmed', () => {
    const decision = decide(deepFreeze(requestIn('En Proceso')), { type: 'reject', reasons: '  sin equipo \n' }, actors.ASV, testContext());
    expect(decision.ok && decision.entry.note).toBe('sin equipo');
  });
});

describe('registration requires requester, dependencia, description and an assignee ASV', () => {
  const register = (change: (command: Extract<Command, { type: 'register' }>) => void): Decision => {
    const blank = deepFreeze(blankRequest());
    const command = sampleCommand('register', blank) as Extract<Command, { type: 'register' }>;
    change(command);
    return decide(blank, command, actors.HD, testContext());
  };

  test.each(blanks)('requester id %s → missing-input "requester"', (_label, value) => {
    expectMissing(register((c) => (c.requester = { id: value as string, name: 'Rosa' })), 'register', 'requester');
  });
  test.each(blanks)('dependencia name %s → missing-input "dependencia"', (_label, value) => {
    expectMissing(register((c) => (c.dependencia = { name: value as string, siglas: 'FI' })), 'register', 'dependencia');
  });
  test.each(blanks)('siglas %s → missing-input "siglas"', (_label, value) => {
    expectMissing(register((c) => (c.dependencia = { name: 'Facultad de Ingeniería', siglas: value as string })), 'register', 'siglas');
  });
  test.each(blanks)('description %s → missing-input "description"', (_label, value) => {
    expectMissing(register((c) => (c.description = value as string)), 'register', 'description');
  });
  test.each(blanks)('assignee id %s → missing-input "assignee"', (_label, value) => {
    expectMissing(register((c) => (c.assignee = { id: value as string, name: 'Nadie' })), 'register', 'assignee');
  });

  it('a complete registration is accepted, with the dependencia trimmed and the siglas upper-cased', () => {
    const decision = register(() => undefined);
    if (!decision.ok) throw new Error(JSON.stringify(decision.rejection));
    expect(decision.next.dependencia).toEqual({ name: 'Facultad de Ingeniería', siglas: 'FI' });
    expect(decision.next.description).toBe('Videoconferencia con Salamanca');
    expect(decision.next.requester).toEqual(wfPeople.requester);
    expect(decision.next.assignee).toEqual(wfPeople.asv);
    expect(decision.next.service).toBe('VC');
  });
});

describe('the order of the checks: status, then role, then inputs', () => {
  it('a blank message from the wrong status is refused for the status', () => {
    const decision = decide(requestIn('Espera'), { type: 'request-info', message: '' }, actors.ASV, testContext());
    expect(decision.ok || decision.rejection.code).toBe('not-allowed-from-status');
  });
  it('a blank message from the wrong role is refused for the role', () => {
    const decision = decide(requestIn('En Proceso'), { type: 'request-info', message: '' }, actors.STRANGER, testContext());
    expect(decision.ok || decision.rejection.code).toBe('not-authorised');
  });
  it('finish by a DAU on an unready request is refused for the role, not the preconditions', () => {
    const decision = decide(requestIn('En Proceso', { form: null, booking: null }), { type: 'finish' }, actors.DAU, testContext());
    expect(decision.ok || decision.rejection.code).toBe('not-authorised');
  });
});

describe('finish (→ Terminada) requires the form complete and the event booked', () => {
  const finish = (overrides: Partial<ServiceRequest>): Decision =>
    decide(deepFreeze(requestIn('En Proceso', overrides)), { type: 'finish' }, actors.ASV, testContext());
  const expectMissingPreconditions = (decision: Decision, missing: Array<'form' | 'booking'>) =>
    expect(decision).toEqual({ ok: false, rejection: { code: 'finish-preconditions', missing } });

  const formCases: Array<[string, Partial<ServiceRequest>]> = [
    ['no form at all', { form: null }],
    ['a form saved incomplete', { form: { ...completeForm('VC'), complete: false } }],
    ['a complete TC form on a VC request', { form: completeForm('TC') }],
    ['a complete NC form on a VC request', { form: completeForm('NC') }],
    ['a complete VC form while the service is not determined', { service: null, form: completeForm('VC') }],
  ];

  test.each(formCases)('with %s and a booking → missing ["form"]', (_label, overrides) => {
    expectMissingPreconditions(finish({ ...overrides, booking: sampleBooking() }), ['form']);
  });

  test.each(formCases)('with %s and no booking → missing ["form", "booking"]', (_label, overrides) => {
    expectMissingPreconditions(finish({ ...overrides, booking: null }), ['form', 'booking']);
  });

  it('with a complete form of the right service but no booking → missing ["booking"]', () => {
    expectMissingPreconditions(finish({ form: completeForm('VC'), booking: null }), ['booking']);
  });

  test.each(['VC', 'TC', 'NC'] as const)('with a complete form of the request’s own service (%s) and a booking → Terminada', (service) => {
    const decision = finish({ service, form: completeForm(service), booking: { ...sampleBooking(), service } });
    expect(decision.ok && decision.next.status).toBe('Terminada');
  });
});

describe('value commands that would change nothing are refused', () => {
  it('reassign to the current assignee → no-change', () => {
    const decision = decide(requestIn('En Proceso'), { type: 'reassign', assignee: wfPeople.asv }, actors.HD, testContext());
    expect(decision).toEqual({ ok: false, rejection: { code: 'no-change', command: 'reassign' } });
  });
  it('set-service to the current service → no-change', () => {
    const decision = decide(requestIn('En Proceso'), { type: 'set-service', service: 'VC' }, actors.ASV, testContext());
    expect(decision).toEqual({ ok: false, rejection: { code: 'no-change', command: 'set-service' } });
  });
  it('release-booking without a booking → no-change', () => {
    const decision = decide(requestIn('En Proceso', { booking: null }), { type: 'release-booking' }, actors.ASV, testContext());
    expect(decision).toEqual({ ok: false, rejection: { code: 'no-change', command: 'release-booking' } });
  });
  it('save-form of another service than the request’s → missing-input "service"', () => {
    const decision = decide(
      requestIn('En Proceso'),
      { type: 'save-form', form: { service: 'NC', data: {}, complete: false } },
      actors.ASV,
      testContext(),
    );
    expectMissing(decision, 'save-form', 'service');
  });
  it('save-form while the service is not determined → missing-input "service"', () => {
    const decision = decide(
      requestIn('En Proceso', { service: null, form: null }),
      { type: 'save-form', form: { service: 'VC', data: {}, complete: false } },
      actors.ASV,
      testContext(),
    );
    expectMissing(decision, 'save-form', 'service');
  });
});
