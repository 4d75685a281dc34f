// The named effects of each change ("what else happens" in SPEC §2) and the fields it changes.
import { describe, expect, it } from '@jest/globals';
import type { Actor, Command, Effect, ServiceRequest } from '../../../services/requests/request-types.js';
import { decide, type Decision } from '../../../services/requests/request-workflow.js';
import {
  actors,
  blankRequest,
  completeForm,
  deepFreeze,
  NOW,
  requestIn,
  sampleBooking,
  RATING_REMIND_AFTER_MS,
  sampleCommand,
  testContext,
  WINDOW,
  wfPeople,
} from '../../support/workflow-fixtures.js';

type Ok = Extract<Decision, { ok: true }>;

function applied(request: ServiceRequest, command: Command, actor: Actor, context = testContext()): Ok {
  const decision = decide(deepFreeze(request), deepFreeze(command), actor, context);
  if (!decision.ok) throw new Error(`expected ${command.type} to apply, got ${JSON.stringify(decision.rejection)}`);
  return decision;
}

/** The effects are exactly `expected`, in any order. */
function expectEffects(actual: Effect[], expected: Effect[]): void {
  expect(actual).toHaveLength(expected.length);
  expect(actual).toEqual(expect.arrayContaining(expected));
}

describe('register (— → Registro)', () => {
  it('posts the card to the ASV channel and tells the assignee there is a new request', () => {
    const blank = blankRequest();
    const { effects, next, entry } = applied(blank, sampleCommand('register', blank), actors.HD);
    expectEffects(effects, [{ type: 'post-channel-card' }, { type: 'notify-assignee', notice: 'new-request' }]);
    expect(next.status).toBe('Registro');
    expect(next.version).toBe(1);
    expect(entry).toMatchObject({ seq: 1, from: null, to: 'Registro', kind: 'register' });
  });

  it('self-service registration by the requester has the same effects and is recorded as REQUESTER', () => {
    const blank = blankRequest();
    const { effects, entry } = applied(blank, sampleCommand('register', blank), actors.REQUESTER);
    expectEffects(effects, [{ type: 'post-channel-card' }, { type: 'notify-assignee', notice: 'new-request' }]);
    expect(entry.actor).toEqual({ id: wfPeople.requester.id, name: wfPeople.requester.name, role: 'REQUESTER' });
  });

  it('a person without a role cannot register a request for somebody else', () => {
    const blank = blankRequest();
    const decision = decide(blank, sampleCommand('register', blank), actors.STRANGER, testContext());
    expect(decision.ok || decision.rejection.code).toBe('not-authorised');
  });
});

describe('take (Registro → En Proceso)', () => {
  it('updates the card and tells the requester it is being worked on', () => {
    const { effects } = applied(requestIn('Registro'), { type: 'take' }, actors.ASV);
    expectEffects(effects, [{ type: 'update-channel-card' }, { type: 'notify-requester', notice: 'in-progress' }]);
  });
});

describe('request-info (En Proceso → Pendiente por el usuario)', () => {
  it('tells the requester, schedules the wait timers from context.waitWindow(now) and updates the card', () => {
    const request = requestIn('En Proceso');
    const context = testContext();
    const { effects, next, entry } = applied(request, { type: 'request-info', message: '  Falta la dirección SIP  ' }, actors.ASV, context);
    const waitId = String(request.version + 1);
    expectEffects(effects, [
      { type: 'update-channel-card' },
      { type: 'notify-requester', notice: 'info-request', waitId },
      { type: 'schedule-wait-timers', waitId, deadline: WINDOW.deadline, remindAt: WINDOW.remindAt },
    ]);
    expect(context.calls).toEqual([NOW]);
    expect(next.wait).toEqual({ waitId, message: 'Falta la dirección SIP', startedAt: NOW, deadline: WINDOW.deadline, remindAt: WINDOW.remindAt });
    expect(entry.note).toBe('Falta la dirección SIP');
  });

  it('a new wait gets a new id (the new version), so an older wait can never match it', () => {
    const first = applied(requestIn('En Proceso'), { type: 'request-info', message: 'uno' }, actors.ASV);
    const replied = applied(first.next, { type: 'reply', text: 'respuesta' }, actors.REQUESTER);
    const second = applied(replied.next, { type: 'request-info', message: 'dos' }, actors.ASV);
    expect(second.next.wait?.waitId).toBe(String(replied.next.version + 1));
    expect(second.next.wait?.waitId).not.toBe(first.next.wait?.waitId);
  });
});

describe('reply (Pendiente por el usuario → En Proceso)', () => {
  it.each([
    ['the requester', actors.REQUESTER, 'REQUESTER'],
    ['the ASV', actors.ASV, 'ASV'],
  ] as const)('by %s: cancels the current wait’s timers, posts the reply in the thread, updates the card', (_label, actor, role) => {
    const request = requestIn('Pendiente por el usuario');
    const waitId = request.wait!.waitId;
    const { effects, next, entry } = applied(request, { type: 'reply', text: '  sip:aula3@usal.es ' }, actor);
    expectEffects(effects, [
      { type: 'cancel-wait-timers', waitId },
      { type: 'post-thread-reply', text: 'sip:aula3@usal.es', topic: 'requester-reply' },
      { type: 'update-channel-card' },
    ]);
    expect(next.wait).toBeNull();
    expect(entry.note).toBe('sip:aula3@usal.es');
    expect(entry.actor.role).toBe(role);
  });
});

describe('wait-timeout (Pendiente por el usuario → No Procede)', () => {
  it('tells the requester, the assignee and DAU, and releases the booking that existed', () => {
    const request = requestIn('Pendiente por el usuario', { booking: sampleBooking('bk-7') });
    const { effects, next, entry } = applied(request, { type: 'wait-timeout', waitId: request.wait!.waitId }, actors.SYSTEM);
    expectEffects(effects, [
      { type: 'update-channel-card' },
      { type: 'post-thread-reply', text: expect.any(String) as unknown as string, topic: 'timed-out' },
      { type: 'notify-requester', notice: 'timed-out' },
      { type: 'notify-assignee', notice: 'timed-out' },
      { type: 'notify-dau', notice: 'not-viable' },
      { type: 'release-booking', bookingId: 'bk-7' },
    ]);
    expect(next.status).toBe('No Procede');
    expect(next.wait).toBeNull();
    expect(next.booking).toBeNull();
    expect(entry.actor.role).toBe('SYSTEM');
    expect(entry.note).toEqual(expect.any(String));
    expect(entry.note).not.toBe('');
  });

  it('releases nothing when there was no booking', () => {
    const request = requestIn('Pendiente por el usuario', { booking: null });
    const { effects } = applied(request, { type: 'wait-timeout', waitId: request.wait!.waitId }, actors.SYSTEM);
    expect(effects.map((effect) => effect.type)).not.toContain('release-booking');
    expect(effects.map((effect) => effect.type).sort()).toEqual(
      ['notify-assignee', 'notify-dau', 'notify-requester', 'post-thread-reply', 'update-channel-card'].sort(),
    );
  });
});

describe('remind (Pendiente por el usuario, no status change)', () => {
  it('reminds the requester, keeps the wait and the status', () => {
    const request = requestIn('Pendiente por el usuario');
    const { effects, next, entry } = applied(request, { type: 'remind', waitId: request.wait!.waitId }, actors.SYSTEM);
    expectEffects(effects, [{ type: 'notify-requester', notice: 'reminder', waitId: request.wait!.waitId }, { type: 'update-channel-card' }]);
    expect(next.status).toBe('Pendiente por el usuario');
    expect(next.wait).toEqual(request.wait);
    expect(entry).toMatchObject({ from: 'Pendiente por el usuario', to: 'Pendiente por el usuario', kind: 'remind' });
  });
});

describe('hold and resume (En Proceso ⇄ Espera)', () => {
  it('hold updates the card and records the optional reason', () => {
    const { effects, entry } = applied(requestIn('En Proceso'), { type: 'hold', reason: '  sala ocupada ' }, actors.ASV);
    expectEffects(effects, [{ type: 'update-channel-card' }, { type: 'post-thread-reply', text: 'sala ocupada', topic: 'hold' }]);
    expect(entry.note).toBe('sala ocupada');
  });
  it('resume updates the card', () => {
    const { effects } = applied(requestIn('Espera'), { type: 'resume' }, actors.ASV);
    expectEffects(effects, [{ type: 'update-channel-card' }]);
  });
});

describe('finish (En Proceso → Terminada)', () => {
  it('updates the card, sends the requester the booking details and schedules the after-event jobs at the event end', () => {
    const { effects, next } = applied(requestIn('En Proceso'), { type: 'finish' }, actors.ASV);
    const end = sampleBooking().end;
    expectEffects(effects, [
      { type: 'update-channel-card' },
      { type: 'notify-requester', notice: 'completed' },
      { type: 'schedule-after-event', bookingId: sampleBooking().bookingId, end, remindAt: new Date(end.getTime() + RATING_REMIND_AFTER_MS) },
    ]);
    expect(next.booking).toEqual(sampleBooking());
    expect(next.form).toEqual(completeForm('VC'));
  });
});

describe('reject (En Proceso → No Procede)', () => {
  it('tells the requester (not-viable) and DAU, and releases any booking', () => {
    const { effects, next, entry } = applied(requestIn('En Proceso', { booking: sampleBooking('bk-9') }), { type: 'reject', reasons: 'sin equipo' }, actors.ASV);
    expectEffects(effects, [
      { type: 'update-channel-card' },
      { type: 'post-thread-reply', text: 'sin equipo', topic: 'not-viable' },
      { type: 'notify-requester', notice: 'not-viable' },
      { type: 'notify-dau', notice: 'not-viable' },
      { type: 'release-booking', bookingId: 'bk-9' },
    ]);
    expect(next.booking).toBeNull();
    expect(entry.note).toBe('sin equipo');
  });
  it('releases nothing when there was no booking', () => {
    const { effects } = applied(requestIn('En Proceso', { booking: null }), { type: 'reject', reasons: 'sin equipo' }, actors.ASV);
    expectEffects(effects, [
      { type: 'update-channel-card' },
      { type: 'post-thread-reply', text: 'sin equipo', topic: 'not-viable' },
      { type: 'notify-requester', notice: 'not-viable' },
      { type: 'notify-dau', notice: 'not-viable' },
    ]);
  });
});

describe('cancel (No Procede → Cancelada)', () => {
  it('closes the request and releases any booking', () => {
    const { effects, next } = applied(requestIn('No Procede', { booking: sampleBooking('bk-3') }), { type: 'cancel' }, actors.DAU);
    expect(effects).toEqual(expect.arrayContaining([{ type: 'release-booking', bookingId: 'bk-3' }, { type: 'update-channel-card' }]));
    expect(next.booking).toBeNull();
    expect(next.status).toBe('Cancelada');
  });
  it('releases nothing when there was no booking', () => {
    const { effects } = applied(requestIn('No Procede', { booking: null }), { type: 'cancel' }, actors.DAU);
    expect(effects.map((effect) => effect.type)).not.toContain('release-booking');
  });
});

describe('reassign (any non-terminal status)', () => {
  it('changes the assignee, records it, tells the new assignee and keeps the status', () => {
    const { effects, next, entry } = applied(requestIn('Espera'), { type: 'reassign', assignee: wfPeople.asv2 }, actors.HD);
    expectEffects(effects, [
      { type: 'update-channel-card' },
      { type: 'post-thread-reply', text: wfPeople.asv2.name, topic: 'reassigned', mention: wfPeople.asv2 },
      { type: 'notify-assignee', notice: 'reassigned' },
    ]);
    expect(next.assignee).toEqual(wfPeople.asv2);
    expect(next.status).toBe('Espera');
    expect(entry).toMatchObject({ kind: 'reassign', from: 'Espera', to: 'Espera' });
    expect(entry.note).toContain(wfPeople.asv2.name);
  });
});

describe('the service, the form and the booking (no status change)', () => {
  it('set-service to another service drops a form of the old service', () => {
    const { effects, next } = applied(requestIn('En Proceso'), { type: 'set-service', service: 'TC' }, actors.ASV);
    expectEffects(effects, [{ type: 'update-channel-card' }]);
    expect(next.service).toBe('TC');
    expect(next.form).toBeNull();
  });
  it('set-service keeps a form that already belongs to the new service', () => {
    const { next } = applied(requestIn('En Proceso', { service: null, form: completeForm('NC') }), { type: 'set-service', service: 'NC' }, actors.ASV);
    expect(next.form).toEqual(completeForm('NC'));
  });
  it('save-form stores the form stamped with the moment', () => {
    const form = { service: 'VC' as const, data: { programa: 'Examen' }, complete: false };
    const { effects, next } = applied(requestIn('Pendiente por el usuario'), { type: 'save-form', form }, actors.ASV);
    expectEffects(effects, [{ type: 'update-channel-card' }]);
    expect(next.form).toEqual({ ...form, updatedAt: NOW });
    expect(next.status).toBe('Pendiente por el usuario');
  });
  it('record-booking stores the booking, releases a different earlier one, and tells the thread and the requester of the reschedule', () => {
    const { effects, next } = applied(requestIn('En Proceso', { booking: sampleBooking('bk-1') }), { type: 'record-booking', booking: sampleBooking('bk-2') }, actors.ASV);
    expectEffects(effects, [
      { type: 'update-channel-card' },
      { type: 'release-booking', bookingId: 'bk-1' },
      { type: 'post-thread-reply', text: sampleBooking('bk-2').title, topic: 'rescheduled' },
      { type: 'notify-requester', notice: 'rescheduled' },
    ]);
    expect(next.booking).toEqual(sampleBooking('bk-2'));
  });
  it('record-booking of the first booking releases nothing', () => {
    const { effects } = applied(requestIn('En Proceso', { booking: null }), { type: 'record-booking', booking: sampleBooking('bk-2') }, actors.ASV);
    expectEffects(effects, [{ type: 'update-channel-card' }]);
  });
  it('release-booking clears the booking and releases it', () => {
    const { effects, next } = applied(requestIn('Espera', { booking: sampleBooking('bk-5') }), { type: 'release-booking' }, actors.ASV);
    expectEffects(effects, [{ type: 'update-channel-card' }, { type: 'release-booking', bookingId: 'bk-5' }]);
    expect(next.booking).toBeNull();
  });
});
