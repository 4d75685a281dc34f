// The exhaustive status machine: every status (and "no request yet" for register), every command
// type, every acting role — allowed or refused exactly as SPEC §2 says. The expected table below
// is transcribed from SPEC §2 by hand, independently of `workflowRules`.
import { describe, expect, it, test } from '@jest/globals';
import { requestStatuses, type CommandType, type RequestStatus } from '../../../services/requests/request-types.js';
import { decide, workflowRules } from '../../../services/requests/request-workflow.js';
import {
  actors,
  blankRequest,
  deepFreeze,
  NOW,
  requestIn,
  sampleCommand,
  sampleSeriesBooking,
  tableRoles,
  testContext,
  type TableRole,
} from '../../support/workflow-fixtures.js';

type From = RequestStatus | null;
/** `'same'`: the command changes the request but not its status. */
type To = RequestStatus | 'same';

/** Re-assignment: while an ASV still works the request (SPEC: "not terminal"; No Procede is DAU's alone, so not there). */
const STILL_WORKED: From[] = ['Registro', 'En Proceso', 'Pendiente por el usuario', 'Espera'];
const WORKING: From[] = ['En Proceso', 'Pendiente por el usuario', 'Espera'];
/** Information the requester adds while the request is open and not waiting for it (waiting, it is a `reply`; once ended, refused). */
const OPEN_NOT_WAITING: From[] = ['Registro', 'En Proceso', 'Espera'];

/** SPEC §2, row by row: from which statuses, to which status, by whom. */
const SPEC_TABLE: ReadonlyArray<{ command: CommandType; from: From[]; to: To; roles: TableRole[] }> = [
  // — → Registro: HD (or the requester, self-service)
  { command: 'register', from: [null], to: 'Registro', roles: ['HD', 'REQUESTER'] },
  // Registro → En Proceso: ASV
  { command: 'take', from: ['Registro'], to: 'En Proceso', roles: ['ASV'] },
  // En Proceso → Pendiente por el usuario: ASV, message required
  { command: 'request-info', from: ['En Proceso'], to: 'Pendiente por el usuario', roles: ['ASV'] },
  // Pendiente por el usuario → En Proceso: the requester's reply, or the ASV
  { command: 'reply', from: ['Pendiente por el usuario'], to: 'En Proceso', roles: ['REQUESTER', 'ASV'] },
  // Pendiente por el usuario → No Procede: the system, when the timeout fires
  { command: 'wait-timeout', from: ['Pendiente por el usuario'], to: 'No Procede', roles: ['SYSTEM'] },
  // En Proceso → Espera, and back: ASV
  { command: 'hold', from: ['En Proceso'], to: 'Espera', roles: ['ASV'] },
  { command: 'resume', from: ['Espera'], to: 'En Proceso', roles: ['ASV'] },
  // En Proceso → Terminada: ASV, form complete and booking present
  { command: 'finish', from: ['En Proceso'], to: 'Terminada', roles: ['ASV'] },
  // En Proceso → No Procede: ASV, reasons required
  { command: 'reject', from: ['En Proceso'], to: 'No Procede', roles: ['ASV'] },
  // No Procede → Cancelada: DAU
  { command: 'cancel', from: ['No Procede'], to: 'Cancelada', roles: ['DAU'] },
  // Not status changes
  { command: 'add-information', from: OPEN_NOT_WAITING, to: 'same', roles: ['REQUESTER', 'ASV'] },
  { command: 'reassign', from: STILL_WORKED, to: 'same', roles: ['HD', 'ASV'] },
  { command: 'set-service', from: WORKING, to: 'same', roles: ['ASV'] },
  { command: 'save-form', from: WORKING, to: 'same', roles: ['ASV'] },
  { command: 'release-booking', from: WORKING, to: 'same', roles: ['ASV'] },
  { command: 'record-booking', from: ['En Proceso'], to: 'same', roles: ['ASV'] },
  { command: 'cancel-occurrence', from: WORKING, to: 'same', roles: ['ASV'] },
  { command: 'remind', from: ['Pendiente por el usuario'], to: 'same', roles: ['SYSTEM'] },
  // After the event (SPEC §10, issue 12 §1): history entries on a Terminada request, no status change
  { command: 'record-delivery', from: ['Terminada'], to: 'same', roles: ['ASV'] },
  { command: 'rate', from: ['Terminada'], to: 'same', roles: ['REQUESTER'] },
  { command: 'ask-rating', from: ['Terminada'], to: 'same', roles: ['SYSTEM'] },
  { command: 'remind-rating', from: ['Terminada'], to: 'same', roles: ['SYSTEM'] },
];

const commandTypes = Object.keys(workflowRules) as CommandType[];
const specRow = (command: CommandType) => SPEC_TABLE.find((row) => row.command === command);

/** The rows of the table: "no request yet" applies to register only, a status to every other command. */
const fromRows: From[] = [null, ...requestStatuses];

interface Case {
  name: string;
  from: From;
  command: CommandType;
  role: TableRole;
  expected: { ok: true; to: RequestStatus } | { ok: false; code: 'not-allowed-from-status' | 'not-authorised' };
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  for (const from of fromRows) {
    for (const command of commandTypes) {
      // With no request, only register can be issued; register always starts from "no request".
      if ((from === null) !== (command === 'register')) continue;
      const row = specRow(command);
      if (!row) continue; // reported by the coverage test below
      for (const role of tableRoles) {
        const statusOk = row.from.includes(from);
        const roleOk = row.roles.includes(role);
        const to = row.to === 'same' ? (from as RequestStatus) : row.to;
        const expected: Case['expected'] = !statusOk
          ? { ok: false, code: 'not-allowed-from-status' }
          : !roleOk
            ? { ok: false, code: 'not-authorised' }
            : { ok: true, to };
        const verdict = expected.ok ? `is allowed → ${to}` : `is refused (${expected.code})`;
        cases.push({ name: `${from ?? '— (no request)'} | ${command} by ${role} ${verdict}`, from, command, role, expected });
      }
    }
  }
  return cases;
}

const cases = buildCases();

describe('SPEC §2 table covers the workflow', () => {
  it('has exactly one SPEC row for every command type of workflowRules, and no other', () => {
    expect([...SPEC_TABLE.map((row) => row.command)].sort()).toEqual([...commandTypes].sort());
  });

  it('generates one case per (status, command, role)', () => {
    // 7 statuses × (commands except register) × 7 roles, plus "no request" × register × 7 roles.
    expect(cases).toHaveLength(requestStatuses.length * (commandTypes.length - 1) * tableRoles.length + tableRoles.length);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('allows exactly the transitions of SPEC §2 and no other status change', () => {
    const changes = new Set(
      cases.filter((c) => c.expected.ok && c.expected.to !== c.from).map((c) => `${c.from ?? '—'} → ${c.expected.ok ? c.expected.to : ''}`),
    );
    expect([...changes].sort()).toEqual(
      [
        '— → Registro',
        'Registro → En Proceso',
        'En Proceso → Pendiente por el usuario',
        'Pendiente por el usuario → En Proceso',
        'Pendiente por el usuario → No Procede',
        'En Proceso → Espera',
        'Espera → En Proceso',
        'En Proceso → Terminada',
        'En Proceso → No Procede',
        'No Procede → Cancelada',
      ].sort(),
    );
  });
});

describe('decide: the exhaustive table of SPEC §2', () => {
  test.each(cases)('$name', ({ from, command: type, role, expected }) => {
    const plain = from === null ? blankRequest() : requestIn(from);
    const request = deepFreeze(type === 'cancel-occurrence' ? { ...plain, booking: sampleSeriesBooking() } : plain);
    const command = deepFreeze(sampleCommand(type, request));
    const actor = actors[role];

    const decision = decide(request, command, actor, testContext());

    if (!expected.ok) {
      expect(decision.ok).toBe(false);
      if (decision.ok) return;
      expect(decision.rejection.code).toBe(expected.code);
      if (decision.rejection.code === 'not-allowed-from-status') {
        expect(decision.rejection).toEqual({ code: 'not-allowed-from-status', command: type, status: from });
      }
      if (decision.rejection.code === 'not-authorised') {
        expect(decision.rejection.command).toBe(type);
        expect(decision.rejection.allowedRoles).not.toContain(role);
      }
      return;
    }

    if (!decision.ok) throw new Error(`expected ${type} to be allowed, got ${JSON.stringify(decision.rejection)}`);
    const { next, entry } = decision;
    expect(next.status).toBe(expected.to);
    expect(entry.from).toBe(from);
    expect(entry.to).toBe(expected.to);
    expect(entry.kind).toBe(type);
    expect(entry.actor).toEqual({ id: actor.id, name: actor.name, role });
    expect(entry.at).toEqual(NOW);
    expect(entry.seq).toBe(request.version + 1);
    expect(next.version).toBe(request.version + 1);
    expect(next.updatedAt).toEqual(NOW);
    expect(next.history).toHaveLength(request.history.length + 1);
    expect(next.history.slice(0, -1)).toEqual(request.history);
    expect(next.history.at(-1)).toEqual(entry);
    expect(next.id).toBe(request.id);
  });
});
