import { mayReport } from '../../services/reports/report-service.js';
import { actionRefusal, maySee, type RequestAction } from '../../services/requests/available-actions.js';
import { parseExecutableCommand } from '../../services/requests/command-input.js';
import { blankRequest } from '../../services/requests/request-service.js';
import { requestStatuses, type Actor, type Command, type CommandType, type Person, type RequestStatus, type ServiceRequest } from '../../services/requests/request-types.js';
import { actingRole, answerCommand, decide, samePerson, workflowRules, type Rejection, type WorkflowContext } from '../../services/requests/request-workflow.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';

/*
 * The authorisation matrix as data: who acts (actors), what they send (commands) and what the
 * product must answer (the expected cell). Nothing here restates the status machine: command
 * cells are read from `workflowRules` and `actingRole`, view cells from `actionRefusal` and
 * `maySee`, and the input preconditions from `decide` itself.
 */

/** A tenant that is not the one the test configuration serves. */
export const OTHER_TENANT_ID = '0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a';

/** Where an activity comes from, as the bot's edge sees it. */
export type Edge = 'teams' | 'other-tenant' | 'non-teams';

/** One person (or impostor) of the matrix, and how their activities look on the wire. */
export interface MatrixActor {
  key: string;
  label: string;
  edge: Edge;
  channelId: string;
  tenantId: string;
  /** The channel's sender id (`from.id`): never an identity for the bot. */
  fromId: string;
  /** The Entra object id on the activity (`from.aadObjectId`), claimed or real. */
  objectId?: string;
  name: string;
  /** The e-mail the Teams roster (the connector stub) gives for this sender. */
  rosterEmail?: string;
}

/** A person of our tenant in Teams, with the e-mail the roster gives for them (none when `person` has none). */
export const teamsActor = (key: string, label: string, person: Person): MatrixActor => ({
  key,
  label,
  edge: 'teams',
  channelId: 'msteams',
  tenantId: TEST_TENANT_ID,
  fromId: `29:${person.id}`,
  objectId: person.id,
  name: person.name,
  ...(person.email ? { rosterEmail: person.email } : {}),
});

/** The people of the matrix: the configured roles come from test/support's testConfig (ROLE_HD hd-1, ROLE_ASV asv-1,asv-2, ROLE_DAU dau-1, ROLE_HEAD head-1). */
export const matrixPeople = {
  hd: { id: 'hd-1', name: 'Helena Díaz', email: 'hd@uni.example' },
  asv: { id: 'asv-1', name: 'Arturo Sánchez', email: 'asv@uni.example' },
  asv2: { id: 'asv-2', name: 'Beatriz Valdés', email: 'asv2@uni.example' },
  dau: { id: 'dau-1', name: 'Dora Aguilar', email: 'dau@uni.example' },
  head: { id: 'head-1', name: 'Hugo Estrada', email: 'head@uni.example' },
  requester: { id: 'req-1', name: 'Rosa Quintero', email: 'rosa@uni.example' },
  otherRequester: { id: 'req-2', name: 'Óscar Treviño', email: 'otro@uni.example' },
  noRole: { id: 'x-1', name: 'Xavier Otero', email: 'x@uni.example' },
  /** A requester the Teams roster gives no e-mail for: known by object id alone. */
  thirdRequester: { id: 'req-3', name: 'Tomás Tercero', email: 'tomas@uni.example' },
} satisfies Record<string, Person>;

/**
 * Every actor of the requirement (HD, ASV, DAU, this request's requester, another requester, a
 * person with no role, a user of another tenant, a non-Teams channel), plus the head of
 * department (a role that may read but not act) and each impostor in two forms.
 */
export const matrixActors: readonly MatrixActor[] = [
  teamsActor('HD', 'Help Desk (hd-1)', matrixPeople.hd),
  teamsActor('ASV', 'ASV, the assignee (asv-1)', matrixPeople.asv),
  teamsActor('DAU', 'DAU (dau-1)', matrixPeople.dau),
  teamsActor('HEAD', 'head of department (head-1)', matrixPeople.head),
  teamsActor('REQUESTER', "this request's requester (req-1)", matrixPeople.requester),
  teamsActor('OTHER_REQUESTER', 'the requester of another request (req-2)', matrixPeople.otherRequester),
  teamsActor('NO_ROLE', 'a person with no role (x-1)', matrixPeople.noRole),
  {
    key: 'OTHER_TENANT_AS_ASV',
    label: "a user of another tenant claiming the ASV's object id",
    edge: 'other-tenant',
    channelId: 'msteams',
    tenantId: OTHER_TENANT_ID,
    fromId: '29:asv-1',
    objectId: matrixPeople.asv.id,
    name: matrixPeople.asv.name,
    rosterEmail: matrixPeople.asv.email,
  },
  {
    key: 'OTHER_TENANT_AS_REQUESTER',
    label: "a user of another tenant claiming the requester's object id",
    edge: 'other-tenant',
    channelId: 'msteams',
    tenantId: OTHER_TENANT_ID,
    fromId: '29:req-1',
    objectId: matrixPeople.requester.id,
    name: matrixPeople.requester.name,
    rosterEmail: matrixPeople.requester.email,
  },
  {
    key: 'DIRECTLINE_AS_ASV',
    label: "Direct Line with from.id and aadObjectId of the ASV (our tenant's id on it)",
    edge: 'non-teams',
    channelId: 'directline',
    tenantId: TEST_TENANT_ID,
    fromId: matrixPeople.asv.id,
    objectId: matrixPeople.asv.id,
    name: matrixPeople.asv.name,
  },
  {
    key: 'WEBCHAT_AS_REQUESTER',
    label: "Web Chat with from.id the requester's e-mail",
    edge: 'non-teams',
    channelId: 'webchat',
    tenantId: TEST_TENANT_ID,
    fromId: matrixPeople.requester.email,
    name: matrixPeople.requester.name,
  },
];

/** The card verbs that propose a status-machine command (each verb is the command's type). */
export const cardCommandVerbs = ['take', 'resume', 'cancel', 'hold', 'finish', 'request-info', 'reject', 'reply', 'set-service', 'reassign', 'release-booking', 'cancel-occurrence', 'record-delivery', 'rate'] as const;
export type CardCommandVerb = (typeof cardCommandVerbs)[number];

/**
 * The card verbs that show or fill something, each with the card action whose refusal guards it
 * (bot/handlers/card-actions.ts: "save-form is refused like open-form", booking like availability);
 * `refresh` and `record` (the expediente's links) are guarded by `maySee` alone.
 */
export const guardedVerbs = {
  'open-form': 'open-form',
  'save-form': 'open-form',
  'check-availability': 'check-availability',
  book: 'check-availability',
  'book-free-occurrences': 'check-availability',
  'book-occurrence': 'check-availability',
  'open-delivery': 'record-delivery',
} as const satisfies Record<string, RequestAction>;
export type GuardedVerb = keyof typeof guardedVerbs;
export const cardViewVerbs = ['refresh', 'record', ...(Object.keys(guardedVerbs) as GuardedVerb[])] as const;
export type CardViewVerb = 'refresh' | 'record' | GuardedVerb;

export const textCommands = ['estado <folio>', 'mis solicitudes', 'agenda hoy', 'reporte', 'expediente <folio>'] as const;
export type TextCommand = (typeof textCommands)[number];

export const extensionInvokes = ['composeExtension/fetchTask', 'composeExtension/submitAction', 'composeExtension/query'] as const;
export type ExtensionInvoke = (typeof extensionInvokes)[number];

/** One command of the matrix: a card verb, a chat text command or a message-extension invoke. */
export type MatrixCommand =
  | { surface: 'card'; verb: CardCommandVerb | CardViewVerb }
  | { surface: 'text'; command: TextCommand }
  | { surface: 'extension'; invoke: ExtensionInvoke };

export const matrixCommands: readonly MatrixCommand[] = [
  ...cardCommandVerbs.map((verb) => ({ surface: 'card' as const, verb })),
  ...cardViewVerbs.map((verb) => ({ surface: 'card' as const, verb })),
  ...textCommands.map((command) => ({ surface: 'text' as const, command })),
  ...extensionInvokes.map((invoke) => ({ surface: 'extension' as const, invoke })),
];

export function commandLabel(command: MatrixCommand): string {
  if (command.surface === 'card') return `card ${command.verb}`;
  if (command.surface === 'text') return `"${command.command}"`;
  return command.invoke;
}

/** The inputs each command verb's card carries besides `requestId` and `version` (all valid). */
export const cardInputs: Record<CardCommandVerb, Record<string, unknown>> = {
  take: {},
  resume: {},
  cancel: {},
  hold: { reason: 'Sala en mantenimiento' },
  finish: { note: 'Evento atendido' },
  'request-info': { message: 'Falta la dirección de marcación de la sede remota' },
  reject: { reasons: 'El evento no es de videoconferencia' },
  reply: { text: 'La dirección es sip:sala3@vc.udg.mx' },
  'set-service': { service: 'TC' },
  reassign: { assigneeId: 'asv-2' },
  'release-booking': {},
  // The date is the request's own (see `proposedCommand`): the matrix's ready requests are series of one occurrence.
  'cancel-occurrence': {},
  'record-delivery': { outcome: 'not-held', incidentKind1: 'room', incidentText1: 'La sala estaba cerrada' },
  rate: { rating: '5', comment: 'Todo excelente' },
};

/**
 * The command a card verb's inputs stand for on `request`, as the status machine takes it: a
 * chosen ASV is the person the id names (the machine itself decides whether that is an ASV); an
 * answer is the command the machine makes of it for the request's status (`answerCommand`).
 */
export function proposedCommand(verb: CardCommandVerb, inputs: Record<string, unknown>, request: ServiceRequest): unknown {
  switch (verb) {
    case 'take':
    case 'resume':
    case 'cancel':
    case 'release-booking':
      return { type: verb };
    case 'hold':
      return { type: verb, reason: inputs.reason };
    case 'finish':
      return { type: verb, note: inputs.note };
    case 'request-info':
      return { type: verb, message: inputs.message };
    case 'reject':
      return { type: verb, reasons: inputs.reasons };
    case 'reply':
      return answerCommand(request, inputs.text as string);
    case 'set-service':
      return { type: verb, service: inputs.service };
    case 'reassign': {
      const id = typeof inputs.assigneeId === 'string' ? inputs.assigneeId.trim() : '';
      return { type: verb, assignee: id ? { id, name: id } : undefined };
    }
    case 'cancel-occurrence':
      return { type: verb, date: occurrenceDateOf(request) };
    case 'record-delivery':
      return { type: verb, outcome: inputs.outcome, incidents: inputs.incidentText1 ? [{ kind: inputs.incidentKind1, text: inputs.incidentText1 }] : [] };
    case 'rate':
      return { type: verb, rating: inputs.rating, comment: inputs.comment };
  }
}

/** The date a `cancel-occurrence` cell cancels: the one its form asks for (a date of no series when it has none). */
export function occurrenceDateOf(request: ServiceRequest): string {
  const date = request.form?.data.date;
  return typeof date === 'string' ? date : '2027-01-04';
}

/** The draft a `save-form` cell submits (valid, incomplete). */
export const draftFormInputs = { programName: 'Programa revisado en la matriz', siglas: 'FI' } as const;

/** What the product must do with a cell. */
export type Expectation =
  /** Refused at the edge (other tenant, other channel): invoke 403, no reply, nothing read or written. */
  | { kind: 'outside' }
  /** A card click on a request the actor may not see: "not found", no request data. */
  | { kind: 'unseen' }
  /**
   * Refused with the reason; nothing changes. `rejection` is the machine's (card verbs); without
   * one, the answer is a card of `cards` kinds showing one of `notes` (forged inputs).
   */
  | { kind: 'refused'; why: string; rejection?: Rejection; notes?: readonly string[]; cards?: readonly string[] }
  /** A card verb the card table does not have: "that action does not exist", nothing else. */
  | { kind: 'unknown-action' }
  /** An invoke name the bot does not route: HTTP 501, nothing else. */
  | { kind: 'not-implemented' }
  /** Allowed. `next` is the request as the machine makes it, for commands that change it. */
  | { kind: 'allowed'; next?: ServiceRequest; registers?: boolean };

/** The roles that may use the message extension (SPEC §1: Help Desk's surface; README: "Only HD and ASV can use them"). */
export const extensionRoles = ['HD', 'ASV'] as const;

/** The actor the bot derives from an in-tenant Teams activity: object id, roster e-mail, configured roles. */
export type ActorOf = (actor: MatrixActor) => Actor;

/** The registration a `submitAction` cell types (the requester only known by e-mail). */
export function registrationCommand(fields: { requesterName: string; requesterEmail: string; dependenciaName: string; siglas: string; description: string; assigneeId: string }): Command {
  return {
    type: 'register',
    requester: { id: '', name: fields.requesterName, email: fields.requesterEmail },
    dependencia: { name: fields.dependenciaName, siglas: fields.siglas },
    description: fields.description,
    service: 'VC',
    assignee: { id: fields.assigneeId, name: fields.assigneeId },
  };
}

/**
 * Whether the machine's rule table authorises `actor` to issue `command` on `request` (status in
 * the rule's `from`, and an acting role among the rule's roles) — the authorisation half of a
 * command cell, read from `workflowRules` and `actingRole` alone.
 */
export function authorisedByRule(request: ServiceRequest | null, command: Command, actor: Actor): { ok: true } | { ok: false; rejection: Rejection } {
  const rule = workflowRules[command.type as CommandType];
  const status = command.type === 'register' ? null : (request?.status ?? null);
  if (!rule.from.includes(status)) return { ok: false, rejection: { code: 'not-allowed-from-status', command: command.type, status } };
  if (!actingRole(actor, command.type === 'register' ? null : request, command, rule.roles)) {
    return { ok: false, rejection: { code: 'not-authorised', command: command.type, allowedRoles: rule.roles } };
  }
  return { ok: true };
}

/**
 * A command cell: refused by the rule table (status or role) with the rule's rejection; when the
 * rule authorises it, `decide` on the stored request gives the input preconditions (finish needs
 * the complete form and the booking; a re-assignment or service change must change something) and
 * the next request. `decide` never allows what the rule refuses (checked here).
 */
function commandCell(request: ServiceRequest, command: Command, actor: Actor, context: WorkflowContext): Expectation {
  const byRule = authorisedByRule(request, command, actor);
  const decision = decide(request, command, actor, context);
  if (decision.ok && !byRule.ok) throw new Error(`matrix model: decide allowed ${command.type} in ${request.status} that the rule table refuses`);
  if (!byRule.ok) return { kind: 'refused', why: byRule.rejection.code, rejection: byRule.rejection };
  return decision.ok ? { kind: 'allowed', next: decision.next } : { kind: 'refused', why: decision.rejection.code, rejection: decision.rejection };
}

/** The expected cell of `command` on `request` (the request of the cell's status) by `actor`. */
export function expectedCell(
  command: MatrixCommand,
  request: ServiceRequest,
  who: MatrixActor,
  actorOf: ActorOf,
  context: WorkflowContext,
  extras: { bookOption?: { start: Date; end: Date; resourceIds: string[] }; registration?: Parameters<typeof registrationCommand>[0] } = {},
): Expectation {
  if (who.edge !== 'teams') return { kind: 'outside' };
  const actor = actorOf(who);
  if (command.surface === 'card') {
    if (!maySee(request, actor)) return { kind: 'unseen' };
    const verb = command.verb;
    if (verb === 'refresh' || verb === 'record') return { kind: 'allowed' };
    if (Object.hasOwn(guardedVerbs, verb)) {
      const refusal = actionRefusal(request, actor, guardedVerbs[verb as GuardedVerb]);
      if (refusal) return { kind: 'refused', why: refusal.code, rejection: refusal };
      if (verb === 'save-form') {
        return commandCell(request, { type: 'save-form', form: { service: request.service!, data: { ...draftFormInputs }, complete: false } }, actor, context);
      }
      if (verb === 'book') {
        const option = extras.bookOption ?? { start: new Date(), end: new Date(), resourceIds: [] };
        return commandCell(request, { type: 'record-booking', booking: { bookingId: 'expected', title: 'expected', ...option } }, actor, context);
      }
      return { kind: 'allowed' };
    }
    const verbOfCommand = verb as CardCommandVerb;
    const parsed = parseExecutableCommand(proposedCommand(verbOfCommand, cardInputs[verbOfCommand], request));
    if (!parsed.ok) throw new Error(`matrix model: the inputs of ${verb} do not parse: ${JSON.stringify(parsed.problem)}`);
    return afterEventCards(verbOfCommand, commandCell(request, parsed.command as Command, actor, context));
  }
  if (command.surface === 'text') {
    switch (command.command) {
      case 'estado <folio>':
        return maySee(request, actor) ? { kind: 'allowed' } : { kind: 'refused', why: 'not-found' };
      case 'mis solicitudes':
        return { kind: 'allowed' };
      case 'agenda hoy':
        return actor.roles.length > 0 ? { kind: 'allowed' } : { kind: 'refused', why: 'staff-only' };
      case 'reporte':
        return mayReport(actor) ? { kind: 'allowed' } : { kind: 'refused', why: 'report-roles' };
      case 'expediente <folio>':
        return maySee(request, actor) ? { kind: 'allowed' } : { kind: 'refused', why: 'not-found' };
    }
  }
  const mayUseExtension = actor.roles.some((role) => (extensionRoles as readonly string[]).includes(role));
  if (!mayUseExtension) return { kind: 'refused', why: 'extension-roles' };
  if (command.invoke === 'composeExtension/query') return { kind: 'allowed' };
  // The registration form is offered only to a configured role the register rule names (Help Desk).
  if (!actor.roles.some((role) => (workflowRules.register.roles as readonly string[]).includes(role))) return { kind: 'refused', why: 'extension-roles' };
  if (command.invoke !== 'composeExtension/submitAction') return { kind: 'allowed' };
  if (!extras.registration) throw new Error('matrix model: a submitAction cell needs its registration');
  const register = registrationCommand(extras.registration);
  const byRule = authorisedByRule(null, register, actor);
  if (!byRule.ok) return { kind: 'refused', why: byRule.rejection.code, rejection: byRule.rejection };
  const decision = decide(blankRequest('expected', context.now), register, actor, context);
  return decision.ok ? { kind: 'allowed', registers: true } : { kind: 'refused', why: decision.rejection.code, rejection: decision.rejection };
}

/**
 * The card a refused after-event verb answers with: a refusal of the rating itself (rated
 * already, the period over, the event not ended, the value) on the rating card; a value of the
 * delivery record to correct on the delivery form; a refusal of who or when on the request card,
 * as every other verb's.
 */
function afterEventCards(verb: CardCommandVerb, cell: Expectation): Expectation {
  if (cell.kind !== 'refused' || !cell.rejection) return cell;
  const code = cell.rejection.code;
  if (verb === 'rate' && code !== 'not-authorised' && code !== 'not-allowed-from-status') return { ...cell, cards: ['rating'] };
  if (verb === 'record-delivery' && (code === 'missing-input' || code === 'invalid-input')) return { ...cell, cards: ['delivery-form'] };
  return cell;
}

/** Whether `actor` owns `request` (the only requests "mis solicitudes" may list). */
export function owns(request: ServiceRequest, actor: Actor): boolean {
  return samePerson(request.requester, actor);
}

/** The seven statuses of SPEC §2, in the procedure's order. */
export const allStatuses: readonly RequestStatus[] = requestStatuses;
