import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CardActions } from '../../bot/handlers/card-actions.js';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import { t } from '../../cards/messages.js';
import { createLogger } from '../../services/logging/logger.js';
import { maySee } from '../../services/requests/available-actions.js';
import type { RequestStatus, ServiceRequest } from '../../services/requests/request-types.js';
import { formAsCardInputs } from '../support/card-inputs.js';
import { commandId } from '../support/service-desk-fixture.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';
import { slot } from '../support/agenda-fixture.js';
import {
  activityFrom,
  askedDate,
  askedSlot,
  bookOptionFor,
  cardClick,
  cellActivity,
  cellLabel,
  checkCell,
  completeFormAsking,
  conversationOf,
  limiter,
  registrationFields,
  RequestFactory,
  send,
  snapshot,
  startMatrixProduct,
  type Cell,
  type MatrixProduct,
} from './matrix-harness.js';
import {
  allStatuses,
  cardCommandVerbs,
  cardInputs,
  cardViewVerbs,
  commandLabel,
  draftFormInputs,
  expectedCell,
  extensionInvokes,
  matrixActors,
  matrixCommands,
  matrixPeople,
  OTHER_TENANT_ID,
  teamsActor,
  type Expectation,
  type MatrixActor,
  type MatrixCommand,
} from './matrix-model.js';

/**
 * The standing authorisation matrix: every command (card verbs, chat text commands, message-
 * extension invokes) × every status × every actor, POSTed to the real product's `/api/messages`
 * as Teams would, each answer and each stored change checked against the cell the status
 * machine's rules (and SPEC §2) give — then forged data: another request's id, verbs named like
 * object properties, options never offered, assignees who are no ASV, smuggled fields.
 *
 * Expected cells come from matrix-model.ts (`expectedCell`: the rule table and `actingRole` for
 * authorisation, `decide` for the input preconditions, `actionRefusal`/`maySee` for the view
 * verbs). A cell the machine allows to change the request runs on a fresh request of the status,
 * built through the service API, and must leave it exactly as `decide` says; every other cell runs
 * on one shared request per status, which must not change at all (version, events, bookings).
 * The last test keeps the matrix honest: the verbs and invokes it covers are the bot's own
 * tables, each has allowed and refused cells, and SPEC §2's table and visibility rule, pinned
 * here by hand, agree with the expectation function.
 */

const actor = (key: string): MatrixActor => {
  const found = matrixActors.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`matrix: no actor ${key}`);
  return found;
};
const cardCommand = (verb: string): MatrixCommand => ({ surface: 'card', verb: verb as never });
const isSubmit = (command: MatrixCommand) => command.surface === 'extension' && command.invoke === 'composeExtension/submitAction';

interface CellResult {
  command: string;
  status: string;
  actor: string;
  allowed: boolean;
  problems: string[];
}

describe('authorization matrix: every command × status × actor through POST /api/messages', () => {
  let product: MatrixProduct;
  let factory: RequestFactory;
  const shared = new Map<RequestStatus, ServiceRequest>();
  /** A request of another requester (req-2), for the "another request's id" cells. */
  let othersRequest: ServiceRequest;
  const results: CellResult[] = [];
  const forgedResults: CellResult[] = [];
  const timings: string[] = [];
  const pool = limiter(6);
  const startedAt = performance.now();

  beforeAll(async () => {
    product = await startMatrixProduct(import.meta.url);
    factory = new RequestFactory(product);
    const built = performance.now();
    const requests = await Promise.all(allStatuses.map((status) => pool(() => factory.inStatus(status))));
    allStatuses.forEach((status, index) => shared.set(status, requests[index]!));
    othersRequest = await factory.register(matrixPeople.otherRequester, 'otra persona');
    timings.push(`set-up ${Math.round(performance.now() - startedAt)} ms (requests ${Math.round(performance.now() - built)} ms)`);
  }, 60_000);

  afterAll(async () => {
    const all = [...results, ...forgedResults];
    const allowed = all.filter((result) => result.allowed).length;
    const mismatches = all.reduce((sum, result) => sum + result.problems.length, 0);
    const group = (count: number) => String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
    console.log(
      `authorization matrix: ${group(all.length)} cells checked (${group(allowed)} allowed, ${group(all.length - allowed)} refused; ` +
        `${group(results.length)} command × status × actor, ${group(forgedResults.length)} forged), ${group(mismatches)} mismatches — ` +
        `${timings.join(', ')}, total ${Math.round(performance.now() - startedAt)} ms`,
    );
    await product?.close();
  });

  /** Teams senders of our tenant the bot must not take for anyone: no object id (from.id the ASV's), an object id that is no id. */
  const noObjectId: MatrixActor = { ...actor('ASV'), key: 'NO_OBJECT_ID', label: "a Teams sender without an object id, from.id the ASV's", objectId: undefined };
  const badObjectId: MatrixActor = { ...actor('ASV'), key: 'BAD_OBJECT_ID', label: 'a Teams sender whose object id is not an id', objectId: "asv-1' || '1'=='1" };

  /** This request's requester in another form: the roster gives no e-mail for them, so only their object id says who they are. */
  const requesterWithoutRoster = teamsActor('REQUESTER_WITHOUT_ROSTER', 'a requester the Teams roster gives no e-mail for (req-3)', { ...matrixPeople.thirdRequester, email: undefined });

  /** Plans a cell of `command` on `request` by `who`: its activity and its expected outcome. */
  function plan(command: MatrixCommand, status: string, who: MatrixActor, request: ServiceRequest): Cell {
    const registration = isSubmit(command) ? registrationFields(factory.nextMarker()) : undefined;
    const bookOption = bookOptionFor(request);
    const expectation = expectedCell(command, request, who, product.actorOf, product.context(), {
      bookOption: { start: bookOption.start, end: bookOption.end, resourceIds: [] },
      ...(registration ? { registration } : {}),
    });
    const cell: Cell = {
      command,
      status,
      who,
      request,
      expectation,
      activity: activityFrom(product, who, cellActivity(command, request, { bookOption, ...(registration ? { registration } : {}) })),
    };
    if (registration) {
      cell.alsoCheck = async () => {
        const registered = await product.connection.db!.collection('requests').find({ description: registration.description }).toArray();
        const wanted = expectation.kind === 'allowed' && expectation.registers ? 1 : 0;
        if (registered.length !== wanted) return [`${registered.length} request(s) registered where ${wanted} should be`];
        const [request] = registered;
        return request && (request.status !== 'Registro' || request.requester?.email !== registration.requesterEmail) ? [`registered ${JSON.stringify({ status: request.status, requester: request.requester })}`] : [];
      };
    }
    return cell;
  }

  const changes = (expectation: Expectation) => expectation.kind === 'allowed' && expectation.next !== undefined;

  async function record(target: CellResult[], cell: Cell, problems: string[]): Promise<string[]> {
    target.push({ command: commandLabel(cell.command), status: cell.status, actor: cell.who.key, allowed: cell.expectation.kind === 'allowed', problems });
    return problems;
  }

  /** Runs a cell whose request is its own (or must not change) and checks the request before and after. */
  async function runChecked(target: CellResult[], cell: Cell, requestId = cell.request.id): Promise<string[]> {
    return pool(async () => {
      const before = await snapshot(product, requestId);
      const observed = await send(product, cell.activity);
      const after = await snapshot(product, requestId);
      return record(target, cell, await checkCell(product, factory, cell, observed, after, before));
    });
  }

  /** A cell that changes the request: on a fresh request of the status, its expectation read again from that request. */
  async function runOnFresh(command: MatrixCommand, status: RequestStatus, who: MatrixActor): Promise<string[]> {
    const fresh = await pool(() => factory.inStatus(status));
    const cell = plan(command, status, who, fresh);
    if (!changes(cell.expectation)) return record(results, cell, [`${cellLabel(cell)}: a fresh request of the status does not allow what the shared one does`]);
    return runChecked(results, cell);
  }

  it.each(allStatuses)('in %s, every command by every actor is answered as the status machine and SPEC §2 say', async (status) => {
    const started = performance.now();
    const request = shared.get(status)!;
    const before = await snapshot(product, request.id);
    const onShared: Cell[] = [];
    const onFresh: Array<Promise<string[]>> = [];
    for (const command of matrixCommands) {
      for (const who of matrixActors) {
        const cell = plan(command, status, who, before.request);
        if (changes(cell.expectation)) onFresh.push(runOnFresh(command, status, who));
        else onShared.push(cell);
      }
    }
    const sharedProblems = await Promise.all(
      onShared.map((cell) =>
        pool(async () => {
          const observed = await send(product, cell.activity);
          return record(results, cell, await checkCell(product, factory, cell, observed));
        }),
      ),
    );
    const problems = [...sharedProblems.flat(), ...(await Promise.all(onFresh)).flat()];

    // The cells run on the shared request are all expected to change nothing: any change is a refused cell applied.
    const after = await snapshot(product, request.id);
    if (after.request.version !== before.request.version || after.events !== before.events || after.bookings !== before.bookings) {
      const entries = after.request.history.slice(before.request.history.length);
      const culprits = entries.map((entry) => {
        const cells = onShared.filter((cell) => cell.who.objectId === entry.actor.id && cell.command.surface === 'card' && [entry.kind, entry.kind === 'record-booking' ? 'book' : ''].includes(cell.command.verb));
        return `${entry.kind} by ${entry.actor.id} (${cells.map(cellLabel).join('; ') || 'no matrix cell'})`;
      });
      problems.push(`${status}: the shared request changed (v${before.request.version}→v${after.request.version}, ${before.events}→${after.events} events, ${before.bookings}→${after.bookings} bookings): ${culprits.join(', ') || 'no history entry'}`);
    }
    timings.push(`${status} ${onShared.length + onFresh.length} cells ${Math.round(performance.now() - started)} ms`);
    expect(problems).toEqual([]);
  });

  it('forged data — another request’s id, verbs named like object properties, options never offered, non-ASV assignees, smuggled fields — changes nothing it should not and shows nothing', async () => {
    const started = performance.now();
    const inProgress = shared.get('En Proceso')!;
    const registro = shared.get('Registro')!;
    const runs: Array<Promise<string[]>> = [];
    /** A forged cell: its activity as given, or a click of its verb carrying `data` (a planned cell's own activity is dropped). */
    const forged = (cell: Omit<Cell, 'activity'> & ({ data: unknown; activity?: unknown } | { activity: Record<string, unknown> }), requestId?: string) => {
      const { data, activity, ...rest } = cell as Omit<Cell, 'activity'> & { data?: unknown; activity?: Record<string, unknown> };
      const sent = 'data' in cell ? activityFrom(product, cell.who, cardClick(cell.command.surface === 'card' ? cell.command.verb : '', data)) : activity!;
      runs.push(runChecked(forgedResults, { ...rest, activity: sent }, requestId));
    };

    // Another request's id: each card verb on a request the actor does not own (the cell says what maySee allows).
    for (const command of matrixCommands.filter((candidate) => candidate.surface === 'card')) {
      for (const [who, target] of [
        [actor('REQUESTER'), othersRequest],
        [actor('OTHER_REQUESTER'), inProgress],
        [actor('NO_ROLE'), othersRequest],
      ] as const) {
        const cell = plan(command, `${target.status} (another request's id)`, who, target);
        forged({ ...cell, activity: cell.activity });
      }
      // A request that does not exist, by the ASV.
      forged({ command, status: 'a request id that does not exist', who: actor('ASV'), request: inProgress, expectation: { kind: 'unseen' }, data: { requestId: 'ffffffffffffffffffffffff', version: 1 } });
    }
    const estado: MatrixCommand = { surface: 'text', command: 'estado <folio>' };
    const estadoCell = plan(estado, `${othersRequest.status} (another requester's folio)`, actor('REQUESTER'), othersRequest);
    forged({ ...estadoCell, activity: estadoCell.activity }, othersRequest.id);
    for (const requestId of [{ $ne: null }, { $gt: '' }, [inProgress.id], `${inProgress.id}${'0'.repeat(41)}`, '', 42]) {
      forged({ command: cardCommand('take'), status: `requestId ${JSON.stringify(requestId).slice(0, 30)}`, who: actor('ASV'), request: inProgress, expectation: { kind: 'unseen' }, data: { requestId, version: inProgress.version } });
    }

    // Verbs named like object properties, and command types that are no card verb, with a forged command in the data.
    const smuggled = {
      requestId: inProgress.id,
      version: inProgress.version,
      type: 'finish',
      status: 'Terminada',
      form: { service: 'VC', complete: true, data: { programName: 'forjado' } },
      booking: { bookingId: 'bk-forged', title: 'forjado', start: '2027-06-01T16:00:00Z', end: '2027-06-01T17:00:00Z', resourceIds: [] },
    };
    const propertyVerbs = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__', 'toLocaleString'];
    const commandTypesNotVerbs = ['record-booking', 'register', 'wait-timeout', 'remind'];
    for (const verb of [...propertyVerbs, ...commandTypesNotVerbs]) {
      for (const who of [actor('ASV'), actor('HD'), actor('DAU'), actor('OTHER_TENANT_AS_ASV')]) {
        forged({ command: cardCommand(verb), status: 'En Proceso', who, request: inProgress, expectation: who.edge === 'teams' ? { kind: 'unknown-action' } : { kind: 'outside' }, data: smuggled });
      }
    }
    for (const name of ['constructor', '__proto__', 'toString', 'composeExtension/constructor', 'adaptiveCard/Action']) {
      const who = actor('ASV');
      forged({
        command: { surface: 'extension', invoke: name as never },
        status: 'En Proceso',
        who,
        request: inProgress,
        expectation: { kind: 'not-implemented' },
        activity: activityFrom(product, who, { type: 'invoke', name, text: undefined, value: { action: { verb: 'finish', data: smuggled }, data: smuggled } }),
      });
    }

    // Book options availability never offered for the form (it asks 10:00–11:00 on its date, Sala VC 1, the MCU, a technician).
    const date = askedDate(inProgress)!;
    const asked = askedSlot(date);
    const sunday = (() => {
      const day = new Date(`${date}T12:00:00Z`);
      day.setUTCDate(day.getUTCDate() + ((7 - day.getUTCDay()) % 7 || 7));
      return day.toISOString().slice(0, 10);
    })();
    const notOffered = [t('es', 'reply.slotNotOffered'), t('es', 'reply.bookingFailedUnknown')];
    const options: Record<string, unknown> = {
      'a Sunday': slot(sunday, '10:00', '11:00', { equipmentIds: ['mcu-1'] }),
      'a 30-day span': { ...asked, end: new Date(asked.start.getTime() + 30 * 86_400_000) },
      'another length': slot(date, '10:00', '12:00', { equipmentIds: ['mcu-1'] }),
      'off the 15-minute steps': slot(date, '10:07', '11:07', { equipmentIds: ['mcu-1'] }),
      'the past': slot('2026-01-05', '10:00', '11:00', { equipmentIds: ['mcu-1'] }),
      'outside the technician’s hours': slot(date, '19:00', '20:00', { equipmentIds: ['mcu-1'] }),
      'a room the form does not ask for': slot(date, '13:00', '14:00', { roomId: 'auditorio', equipmentIds: ['mcu-1'] }),
      'a room that does not exist': slot(date, '13:00', '14:00', { roomId: 'sala-fantasma', equipmentIds: ['mcu-1'] }),
      'equipment the form does not ask for': slot(date, '13:00', '14:00', { equipmentIds: ['mcu-1', 'camara-ptz-1', 'microfonos'] }),
      'a technician who does not exist': slot(date, '13:00', '14:00', { equipmentIds: ['mcu-1'], staffIds: ['tec-fantasma'] }),
      'a technician of other services': slot(date, '13:00', '14:00', { equipmentIds: ['mcu-1'], staffIds: ['tec-marta'] }),
      'no bridge for a multipoint form': slot(date, '13:00', '14:00'),
      'every resource of the catalogue': slot(date, '13:00', '14:00', { equipmentIds: ['mcu-1', 'puente-audio', 'camara-ptz-1', 'camara-ptz-2', 'microfonos'], staffIds: ['tec-ana', 'tec-luis', 'tec-marta'] }),
    };
    for (const [label, option] of Object.entries(options)) {
      const wire = { ...(option as Record<string, unknown>), start: (option as { start: Date }).start.toISOString(), end: (option as { end: Date }).end.toISOString() };
      forged({ command: cardCommand('book'), status: `En Proceso (${label})`, who: actor('ASV'), request: inProgress, expectation: { kind: 'refused', why: 'not-offered', notes: notOffered }, data: { requestId: inProgress.id, version: inProgress.version, option: wire } });
    }
    const offered = bookOptionFor(inProgress);
    const offeredWire = { ...offered, start: offered.start.toISOString(), end: offered.end.toISOString() };
    forged({ command: cardCommand('book'), status: 'En Proceso (staffId of someone who is no technician)', who: actor('ASV'), request: inProgress, expectation: { kind: 'refused', why: 'not-offered', notes: notOffered }, data: { requestId: inProgress.id, version: inProgress.version, option: offeredWire, staffId: 'hd-1' } });
    forged({ command: cardCommand('book'), status: 'En Proceso (an option that is no option)', who: actor('ASV'), request: inProgress, expectation: { kind: 'refused', why: 'not-an-option', cards: ['availability', 'service-form'] }, data: { requestId: inProgress.id, version: inProgress.version, option: { start: 'mañana', end: { $gt: 0 }, roomId: ['sala-vc-1'] } } });

    // Re-assignment to someone who is no ASV (and the current assignee), by the ASV and by Help Desk, in Registro and En Proceso.
    const assignees: unknown[] = ['x-1', 'dau-1', 'hd-1', 'head-1', 'req-1', 'someone@outside.example', 'asv@uni.example', 'dau@uni.example', 'asv-2\u0000', 'asv-1', '', '   ', { id: 'asv-2' }, ['asv-2']];
    for (const request of [registro, inProgress]) {
      for (const who of [actor('ASV'), actor('HD')]) {
        for (const assigneeId of assignees) {
          const cell = plan(cardCommand('reassign'), request.status, who, request);
          const expectation = reassignExpectation(assigneeId, request, who);
          forged({ ...cell, status: `${request.status} (assignee ${JSON.stringify(assigneeId)})`, expectation, data: { requestId: request.id, version: request.version, assigneeId } });
        }
      }
    }

    // A save-form with invalid values: refused as open-form is to whoever may not fill the form (no dialog state for them,
    // checked below); the ASV gets the form back with the errors, nothing saved.
    const invalidForm = { requestId: inProgress.id, version: inProgress.version, ...formAsCardInputs({ ...draftFormInputs }), expectedParticipants: 'muchos', date: '2027-02-30' };
    for (const who of matrixActors) {
      const cell = plan(cardCommand('save-form'), 'En Proceso (invalid values)', who, inProgress);
      const expectation: Expectation = cell.expectation.kind === 'allowed' ? { kind: 'refused', why: 'invalid-input', cards: ['service-form'] } : cell.expectation;
      forged({ ...cell, expectation, data: invalidForm });
    }

    // A request Help Desk registered by e-mail only (no object id yet): a sender without an object id must not own it.
    const byEmail = await factory.register({ id: '', name: 'Sin Identificador', email: 'sin.id@uni.example' }, 'registrada por correo');
    for (const who of [noObjectId, actor('NO_ROLE'), actor('OTHER_TENANT_AS_REQUESTER')]) {
      for (const command of [cardCommand('refresh'), cardCommand('take'), estado]) {
        const cell = plan(command, 'Registro (requester known by e-mail only)', who, byEmail);
        const expectation: Expectation = who.edge !== 'teams' ? { kind: 'outside' } : command.surface === 'card' ? { kind: 'unseen' } : { kind: 'refused', why: 'not-found' };
        forged({ ...cell, expectation }, byEmail.id);
      }
    }

    // The requester known by object id alone (no roster e-mail) reads and answers their own request, and may not work it.
    const [waiting, answered, registered] = await Promise.all([
      factory.inStatus('Pendiente por el usuario', matrixPeople.thirdRequester),
      factory.inStatus('Pendiente por el usuario', matrixPeople.thirdRequester),
      factory.inStatus('Registro', matrixPeople.thirdRequester),
    ]);
    forged(plan(cardCommand('reply'), `${answered.status} (own request)`, requesterWithoutRoster, answered));
    for (const [request, commands] of [
      [waiting, ['refresh', 'take', 'hold', 'open-form']],
      [registered, ['refresh', 'take', 'cancel']],
    ] as const) {
      for (const verb of commands) forged(plan(cardCommand(verb), `${request.status} (own request)`, requesterWithoutRoster, request));
      forged(plan(estado, `${request.status} (own request)`, requesterWithoutRoster, request));
      forged(plan({ surface: 'text', command: 'mis solicitudes' }, `${request.status} (own request)`, requesterWithoutRoster, request));
    }

    // A stale card (an older version) changes nothing and shows the current card.
    forged({ command: cardCommand('hold'), status: 'En Proceso (a stale card)', who: actor('ASV'), request: inProgress, expectation: { kind: 'refused', why: 'changed-meanwhile', notes: [t('es', 'reply.changedMeanwhile')] }, data: { requestId: inProgress.id, version: inProgress.version - 1, reason: 'tarde' } });

    // Identity forged on the wire, beyond the actor list.
    for (const who of [noObjectId, badObjectId]) {
      for (const command of [cardCommand('take'), cardCommand('refresh'), estado, { surface: 'text', command: 'agenda hoy' } as MatrixCommand]) {
        const cell = plan(command, 'Registro', who, registro);
        forged({ ...cell, expectation: command.surface === 'card' ? { kind: 'unseen' } : { kind: 'refused', why: 'no identity' } }, registro.id);
      }
    }
    const tenantForgeries: Array<[string, Record<string, unknown>]> = [
      ['channel data of another tenant, conversation of ours', { channelData: { tenant: { id: OTHER_TENANT_ID } }, conversation: { id: 'a:personal-asv', conversationType: 'personal', tenantId: TEST_TENANT_ID } }],
      ['no tenant at all', { channelData: {}, conversation: { id: 'a:personal-asv', conversationType: 'personal' } }],
      ['a tenant id that is not a string', { channelData: { tenant: { id: [TEST_TENANT_ID] } }, conversation: { id: 'a:personal-asv', conversationType: 'personal', tenantId: [TEST_TENANT_ID] } }],
      ['channel id "msteams " with a space', { channelId: 'msteams ' }],
      ['channel id "MSTEAMS"', { channelId: 'MSTEAMS' }],
    ];
    for (const [label, overrides] of tenantForgeries) {
      // Sent with the ASV's (the requester's) real ids and our tenant, then forged; checked as an outsider: nothing may show.
      const take = { ...activityFrom(product, actor('ASV'), cardClick('take', { requestId: registro.id, version: registro.version })), ...overrides };
      forged({ command: cardCommand('take'), status: 'Registro', who: { ...actor('OTHER_TENANT_AS_ASV'), label: `the ASV's ids with ${label}` }, request: registro, expectation: { kind: 'outside' }, activity: take });
      const mine = { ...activityFrom(product, actor('REQUESTER'), { type: 'message', text: 'mis solicitudes' }), ...overrides };
      forged({ command: { surface: 'text', command: 'mis solicitudes' }, status: 'Registro', who: { ...actor('OTHER_TENANT_AS_REQUESTER'), label: `the requester's ids with ${label}` }, request: registro, expectation: { kind: 'outside' }, activity: mine });
    }

    // Registration through the extension naming an assignee who is no ASV registers nothing.
    for (const assigneeId of ['x-1', 'dau-1', 'someone@outside.example']) {
      const cell = plan({ surface: 'extension', invoke: 'composeExtension/submitAction' }, 'Registro', actor('HD'), registro);
      const marker = factory.nextMarker();
      const registration = { ...registrationFields(marker), assigneeId };
      const submit = activityFrom(product, actor('HD'), { type: 'invoke', name: 'composeExtension/submitAction', text: undefined, value: { commandId: 'registrarSolicitud', data: { service: 'VC', ...registration } } });
      forged({
        ...cell,
        status: `— (assignee ${assigneeId})`,
        expectation: { kind: 'refused', why: 'assignee-not-asv', rejection: { code: 'assignee-not-asv', command: 'register', assignee: assigneeId } },
        activity: submit,
        alsoCheck: async () => {
          const count = await product.connection.db!.collection('requests').countDocuments({ description: registration.description });
          return count ? [`${count} request(s) registered`] : [];
        },
      });
    }

    // Smuggled fields on verbs that do change the request: each on a fresh request, applied exactly as the machine says.
    const smugglers: Array<{ label: string; build: () => Promise<ServiceRequest>; verb: string; data: (request: ServiceRequest) => Record<string, unknown>; expectation: (request: ServiceRequest) => Expectation }> = [
      {
        label: 'save-form with complete: true, another service and a booking in the data',
        build: () => factory.inProgressPlain(),
        verb: 'save-form',
        data: (request) => ({ requestId: request.id, version: request.version, ...formAsCardInputs({ ...draftFormInputs }), complete: true, 'form.complete': 'true', service: 'TC', type: 'record-booking', booking: smuggled.booking }),
        expectation: (request) => plan(cardCommand('save-form'), 'En Proceso', actor('ASV'), request).expectation,
      },
      {
        label: 'hold carrying type record-booking and a booking',
        build: () => factory.inProgressPlain(),
        verb: 'hold',
        data: (request) => ({ requestId: request.id, version: request.version, ...cardInputs.hold, type: 'record-booking', booking: smuggled.booking, status: 'Terminada' }),
        expectation: (request) => plan(cardCommand('hold'), 'En Proceso', actor('ASV'), request).expectation,
      },
      {
        label: 'take carrying type finish',
        build: () => factory.register(),
        verb: 'take',
        data: (request) => ({ requestId: request.id, version: request.version, type: 'finish', form: smuggled.form, booking: smuggled.booking }),
        expectation: (request) => plan(cardCommand('take'), 'Registro', actor('ASV'), request).expectation,
      },
      {
        label: 'finish without form or booking, carrying a complete form and a booking',
        build: () => factory.inProgressPlain(),
        verb: 'finish',
        data: (request) => ({ requestId: request.id, version: request.version, ...cardInputs.finish, form: smuggled.form, booking: smuggled.booking, type: 'record-booking' }),
        expectation: (request) => plan(cardCommand('finish'), 'En Proceso', actor('ASV'), request).expectation,
      },
      {
        label: 'finish with the form complete but no booking',
        build: async () => {
          const request = await factory.inProgressPlain();
          const saved = await product.composed.desk.requests.saveForm(request.id, 'VC', completeFormAsking(askedSlot(factory.nextDate()), 'Sin reserva'), product.composed.desk.roles.actorFor(matrixPeople.asv), commandId('mx-form'), { locale: 'es' });
          if (saved.outcome !== 'applied') throw new Error(`matrix: ${JSON.stringify(saved)}`);
          return factory.remember(saved.request);
        },
        verb: 'finish',
        data: (request) => ({ requestId: request.id, version: request.version, ...cardInputs.finish, booking: smuggled.booking }),
        expectation: (request) => plan(cardCommand('finish'), 'En Proceso', actor('ASV'), request).expectation,
      },
      {
        label: 'take with __proto__ and constructor keys in the data',
        build: () => factory.register(),
        verb: 'take',
        data: (request) => JSON.parse(`{"requestId":"${request.id}","version":${request.version},"__proto__":{"type":"finish","version":0},"constructor":{"prototype":{"type":"cancel"}}}`),
        expectation: (request) => plan(cardCommand('take'), 'Registro', actor('ASV'), request).expectation,
      },
    ];
    for (const smuggler of smugglers) {
      runs.push(
        (async () => {
          const request = await pool(() => smuggler.build());
          const who = actor('ASV');
          const expectation = smuggler.expectation(request);
          return runChecked(forgedResults, { command: cardCommand(smuggler.verb), status: `${request.status} (${smuggler.label})`, who, request, expectation, activity: activityFrom(product, who, cardClick(smuggler.verb, smuggler.data(request))) });
        })(),
      );
    }

    const problems = (await Promise.all(runs)).flat();
    timings.push(`forged ${runs.length} cells ${Math.round(performance.now() - started)} ms`);
    expect(problems).toEqual([]);
  });

  /** What a re-assignment to `assigneeId` must give: the machine's refusal for a text id, the missing input otherwise. */
  function reassignExpectation(assigneeId: unknown, request: ServiceRequest, who: MatrixActor): Expectation {
    const id = typeof assigneeId === 'string' ? assigneeId.trim() : '';
    if (!id) return { kind: 'refused', why: 'missing-input', rejection: { code: 'missing-input', command: 'reassign', field: 'assignee' } };
    const expectation = expectedCell(cardCommand('reassign'), request, who, (person) => product.actorOf(person), product.context());
    if (expectation.kind !== 'allowed') return expectation;
    // The card's assignee input names that person; the rule table allows the actor, so the machine's input check decides.
    const context = product.context();
    if (!context.isAsv({ id, name: id })) return { kind: 'refused', why: 'assignee-not-asv', rejection: { code: 'assignee-not-asv', command: 'reassign', assignee: id } };
    return id === request.assignee.id ? { kind: 'refused', why: 'no-change', rejection: { code: 'no-change', command: 'reassign' } } : expectation;
  }

  it('is not vacuous: it covers every verb and invoke the bot routes, each verb has allowed and refused cells, and hand-picked cells agree with SPEC §2', async () => {
    // Every card verb of the bot's table is a matrix command, and no matrix verb is missing from it.
    const { desk } = product.composed;
    const config = product.config;
    const cards = new CardActions({ desk, config, references: new TeamsReferences(product.connection), logger: createLogger('silent'), botState: new MongoStorage(product.connection) });
    const routedVerbs = [...(cards as unknown as { verbs: ReadonlyMap<string, unknown> }).verbs.keys()].sort();
    expect(routedVerbs).toEqual([...cardCommandVerbs, ...cardViewVerbs].sort());
    const routedInvokes = [...(product.composed.bot as unknown as { invokes: ReadonlyMap<string, unknown> }).invokes.keys()].sort();
    expect(routedInvokes).toEqual(['adaptiveCard/action', ...extensionInvokes].sort());

    // The full matrix ran: every command × status × actor.
    expect(results).toHaveLength(matrixCommands.length * allStatuses.length * matrixActors.length);
    for (const command of matrixCommands.map(commandLabel)) {
      const cells = results.filter((result) => result.command === command);
      expect({ command, allowed: cells.some((cell) => cell.allowed), refused: cells.some((cell) => !cell.allowed) }).toEqual({ command, allowed: true, refused: true });
    }
    const outsiders = matrixActors.filter((candidate) => candidate.edge !== 'teams');
    for (const who of outsiders) expect(results.filter((result) => result.actor === who.key && result.allowed)).toEqual([]);
    // Nothing of an outsider was kept or sent: no chat remembered, no roster asked, no message to their conversation.
    const outsideConversations = new Set(outsiders.map(conversationOf));
    const references = await product.connection.db!.collection('teams_references').find({ reference: { $exists: true } }).toArray();
    expect(references.filter((document) => outsideConversations.has(document.reference?.conversation?.id) || document.reference?.channelId !== 'msteams').map((document) => document._id)).toEqual([]);
    expect(product.stub.calls().filter((call) => outsideConversations.has(call.conversationId))).toEqual([]);

    // No form dialog state was kept for anyone but an ASV (a refused save-form or open-form keeps nothing).
    const formStates = (await product.connection.db!.collection('bot_state').find({}, { projection: { _id: 1 } }).toArray())
      .map((document) => String(document._id))
      .filter((key) => key.includes('/serviceForm/'));
    expect(formStates.filter((key) => !config.roles.ASV.includes(key.split('/').at(-1)!))).toEqual([]);
    expect(formStates.length).toBeGreaterThan(0);

    // The cells read visibility from the product's maySee; SPEC §1 and the README say it on their own: staff roles see
    // every request, a requester only their own, anyone else none. Checked over every request made and every sender.
    const ownerKey = (request: ServiceRequest) => {
      const person = factory.registeredFor.get(request.id);
      return person === matrixPeople.requester
        ? 'REQUESTER'
        : person === matrixPeople.otherRequester
          ? 'OTHER_REQUESTER'
          : person === matrixPeople.thirdRequester
            ? 'REQUESTER_WITHOUT_ROSTER'
            : undefined;
    };
    const senders = [...matrixActors.filter((candidate) => candidate.edge === 'teams'), noObjectId, badObjectId, requesterWithoutRoster];
    const wrong: string[] = [];
    for (const request of factory.byId.values()) {
      for (const who of senders) {
        const seen = maySee(request, product.actorOf(who));
        const spec = product.actorOf(who).roles.length > 0 || ownerKey(request) === who.key;
        if (seen !== spec) wrong.push(`${who.label} ${seen ? 'may' : 'may not'} see ${request.folio} (${request.requester.name})`);
      }
    }
    expect(wrong).toEqual([]);

    // Hand-picked cells of SPEC §2's table, read off the shared requests with the matrix's own expectation function.
    const cell = (verb: string, status: RequestStatus, key: string) => expectedCell(cardCommand(verb), shared.get(status)!, actor(key), product.actorOf, product.context());
    const spec: Array<[string, RequestStatus, string, string]> = [
      // [verb, status, actor, expected: allowed → status | refused | unseen | outside]
      ['take', 'Registro', 'ASV', 'En Proceso'],
      ['cancel', 'No Procede', 'DAU', 'Cancelada'],
      ['take', 'Registro', 'REQUESTER', 'refused'],
      ['take', 'Registro', 'HD', 'refused'],
      ['take', 'En Proceso', 'ASV', 'refused'],
      ['cancel', 'No Procede', 'ASV', 'refused'],
      ['cancel', 'En Proceso', 'DAU', 'refused'],
      ['request-info', 'En Proceso', 'ASV', 'Pendiente por el usuario'],
      ['reply', 'Pendiente por el usuario', 'REQUESTER', 'En Proceso'],
      ['reply', 'Pendiente por el usuario', 'ASV', 'En Proceso'],
      ['reply', 'Pendiente por el usuario', 'OTHER_REQUESTER', 'unseen'],
      // An answer on a request no longer waiting is information added (no status change); once the request ended, refused.
      ['reply', 'En Proceso', 'REQUESTER', 'En Proceso'],
      ['reply', 'Espera', 'REQUESTER', 'Espera'],
      ['reply', 'Terminada', 'REQUESTER', 'refused'],
      ['reply', 'No Procede', 'REQUESTER', 'refused'],
      ['hold', 'En Proceso', 'ASV', 'Espera'],
      ['resume', 'Espera', 'ASV', 'En Proceso'],
      ['finish', 'En Proceso', 'ASV', 'Terminada'],
      ['reject', 'En Proceso', 'ASV', 'No Procede'],
      ['reject', 'Pendiente por el usuario', 'ASV', 'refused'],
      ['reassign', 'Registro', 'HD', 'Registro'],
      ['reassign', 'Espera', 'ASV', 'Espera'],
      ['reassign', 'Terminada', 'HD', 'refused'],
      ['reassign', 'Cancelada', 'ASV', 'refused'],
      ['resume', 'Terminada', 'ASV', 'refused'],
      ['take', 'Cancelada', 'ASV', 'refused'],
      ['take', 'Registro', 'HEAD', 'refused'],
      ['refresh', 'Terminada', 'REQUESTER', 'allowed'],
      ['refresh', 'Registro', 'NO_ROLE', 'unseen'],
      ['take', 'Registro', 'OTHER_TENANT_AS_ASV', 'outside'],
      ['take', 'Registro', 'DIRECTLINE_AS_ASV', 'outside'],
    ];
    const read = (expectation: Expectation) => (expectation.kind === 'allowed' ? (expectation.next?.status ?? 'allowed') : expectation.kind);
    expect(spec.map(([verb, status, key]) => [verb, status, key, read(cell(verb, status, key))])).toEqual(spec);
    // SPEC §2's "requires" column for finishing: the service form complete and valid, and the event booked.
    const ready = shared.get('En Proceso')!;
    const finishOn = (request: ServiceRequest) => read(expectedCell(cardCommand('finish'), request, actor('ASV'), product.actorOf, product.context()));
    expect({
      ready: finishOn(ready),
      'no booking': finishOn({ ...ready, booking: null }),
      'a draft form': finishOn({ ...ready, form: { ...ready.form!, complete: false } }),
      'no form': finishOn({ ...ready, form: null }),
      'a form of another service': finishOn({ ...ready, form: { ...ready.form!, service: 'TC' } }),
    }).toEqual({ ready: 'Terminada', 'no booking': 'refused', 'a draft form': 'refused', 'no form': 'refused', 'a form of another service': 'refused' });
    // …and the product answered each of them as expected.
    const picked = results.filter((result) => spec.some(([verb, status, key]) => result.command === `card ${verb}` && result.status === status && result.actor === key));
    expect(picked).toHaveLength(spec.length);
    expect(picked.flatMap((result) => result.problems)).toEqual([]);
  });
});
