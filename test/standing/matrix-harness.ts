import { DateTime } from 'luxon';
import type { Connection } from 'mongoose';
import { ratingWindowOf } from '../../services/requests/after-event.js';
import { systemActor } from '../../services/requests/role-directory.js';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { rejectionText, statusName, t } from '../../cards/messages.js';
import { escapeMarkdown, tPlain } from '../../cards/plain-text.js';
import { td, tdPlain } from '../../cards/document-messages.js';
import type { SlotOption } from '../../services/agenda/availability.js';
import type { AppConfig } from '../../services/config/app-config.js';
import { createLogger } from '../../services/logging/logger.js';
import { maySee } from '../../services/requests/available-actions.js';
import type { Actor, Person, RequestStatus, ServiceRequest } from '../../services/requests/request-types.js';
import type { Rejection, WorkflowContext } from '../../services/requests/request-workflow.js';
import { requestModels } from '../../services/store/request-documents.js';
import { videoconferenceData } from '../services/forms/form-fixtures.js';
import { formAskingFor, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { formAsCardInputs } from '../support/card-inputs.js';
import { listenOnLoopback, postActivity } from '../support/http-request.js';
import { commandId, testConfig } from '../support/service-desk-fixture.js';
import { teamsActivity } from '../support/teams-activity.js';
import { openTestDatabase } from '../support/test-database.js';
import {
  cardInputs,
  occurrenceDateOf,
  commandLabel,
  draftFormInputs,
  matrixActors,
  matrixPeople,
  owns,
  type CardCommandVerb,
  type Expectation,
  type MatrixActor,
  type MatrixCommand,
} from './matrix-model.js';
import { startConnectorStub, type ConnectorStub, type RosterMember } from './teams-connector-stub.js';

const LOCALE = 'es' as const;

/** The product composed as in production (composeBot), on a test database, listening on loopback. */
export interface MatrixProduct {
  composed: ComposedBot;
  config: AppConfig;
  connection: Connection;
  stub: ConnectorStub;
  endpoint: string;
  /** The actor the bot derives from an in-tenant Teams activity of `who`. */
  actorOf(who: MatrixActor): Actor;
  /** A workflow context like the desk's own (now, the business calendar's wait window, the configured ASVs). */
  context(): WorkflowContext;
  close(): Promise<void>;
}

export async function startMatrixProduct(testFile: string): Promise<MatrixProduct> {
  const roster = new Map<string, RosterMember>();
  for (const who of matrixActors) {
    if (who.objectId && who.rosterEmail) roster.set(who.fromId, { id: who.fromId, name: who.name, aadObjectId: who.objectId, email: who.rosterEmail });
  }
  const stub = await startConnectorStub(roster);
  const database = await openTestDatabase(testFile);
  // No ASV channel, no Graph, no SMTP: channel cards are skipped, mail goes to the outbox, the
  // requester's chat (learned from their own activities) is the stub. Jobs poll rarely: no wait
  // comes due during the run.
  const config = testConfig({ JOBS_PROCESS_EVERY_MS: '5000', EFFECTS_SWEEP_EVERY_MS: '2000', TEAMS_SERVICE_URL: stub.serviceUrl });
  const composed = await composeBot({ config, connection: database.connection, logger: createLogger('silent') });
  const loaded = await composed.desk.agenda.loadCatalogue(seedCatalogue());
  if (!loaded.ok) throw new Error('matrix: the seed catalogue did not load');
  await composed.desk.start();
  const listening = await listenOnLoopback(composed.server);
  const { desk } = composed;
  return {
    composed,
    config,
    connection: database.connection,
    stub,
    endpoint: `${listening.baseUrl}/api/messages`,
    // A sender is known by a well-formed Entra object id, with the e-mail the roster gives for that id; otherwise by nothing.
    actorOf: (who) => {
      const id = who.objectId && /^[\w-]+$/.test(who.objectId) ? who.objectId.toLowerCase() : '';
      return desk.roles.actorFor({ id, name: who.name, email: id ? who.rosterEmail : undefined });
    },
    context: () => ({
      now: new Date(),
      waitWindow: (start) => ({
        remindAt: desk.calendar.addBusinessHours(start, config.wait.reminderBusinessHours),
        deadline: desk.calendar.addBusinessHours(start, config.wait.businessHours),
      }),
      isAsv: (person) => desk.roles.lists('ASV', person),
      timeZone: config.calendar.timeZone,
      ratingWindow: ratingWindowOf(desk.calendar, config.calendar.timeZone),
    }),
    close: async () => {
      await listening.close();
      await desk.stop();
      await stub.close();
      await database.drop();
    },
  };
}

/** The business calendar's working days ('YYYY-MM-DD') from three months ahead on: one per booked request. */
function* workingDates(isWorkingDay: (isoDate: string) => boolean): Generator<string> {
  const first = new Date(Date.now() + 90 * 86_400_000);
  for (let day = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate())); ; day = new Date(day.getTime() + 86_400_000)) {
    const date = day.toISOString().slice(0, 10);
    if (isWorkingDay(date)) yield date;
  }
}

/** A day far enough ahead that no booking of the run is on it. */
const farDate = () => new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);

/** The slot a ready request books on `date`: 10:00–11:00 in Sala VC 1 with the MCU and Ana. */
export const askedSlot = (date: string): SlotOption => slot(date, '10:00', '11:00', { equipmentIds: ['mcu-1'] });
/** Another slot availability offers for the same form: the afternoon of the asked day. */
export const otherOfferedSlot = (date: string): SlotOption => slot(date, '13:00', '14:00', { equipmentIds: ['mcu-1'] });

/** A complete videoconference form asking for `option` (multipoint through the MCU, two remote sites). */
export function completeFormAsking(option: SlotOption, programName: string): Record<string, unknown> {
  const { extraEquipment: _extra, ...base } = videoconferenceData();
  const asked = formAskingFor(option);
  return { ...base, ...asked, programName, siglas: 'FI', connectionTestDate: asked.date, connectionTestTime: '09:00' };
}

/**
 * Builds requests in each status through the service API (as Help Desk, the ASV and DAU would),
 * and remembers every request it made, by id, folio and marker, for the leak checks. A request in
 * *En Proceso* is ready to finish (complete form and booking), so that `finish` has an allowed
 * cell; its precondition refusals are forged cells.
 */
export class RequestFactory {
  private readonly dates: Generator<string>;
  private markers = 0;
  readonly byId = new Map<string, ServiceRequest>();
  readonly byFolio = new Map<string, ServiceRequest | null>();
  readonly byMarker = new Map<string, ServiceRequest>();
  /** Whom each request was registered for (the person object of `matrixPeople`, or another). */
  readonly registeredFor = new Map<string, Person>();

  constructor(private readonly product: MatrixProduct) {
    this.dates = workingDates((date) => product.composed.desk.calendar.isWorkingDay(date));
  }

  /** A working day no other request of the run books. */
  nextDate(): string {
    return this.dates.next().value as string;
  }

  private get desk() {
    return this.product.composed.desk;
  }

  private actor(person: Person): Actor {
    return this.desk.roles.actorFor(person);
  }

  nextMarker(): string {
    this.markers += 1;
    return `mx${this.markers}x`;
  }

  remember(request: ServiceRequest): ServiceRequest {
    this.byId.set(request.id, request);
    this.byFolio.set(request.folio, request);
    const marker = /mx\d+x/.exec(request.description)?.[0];
    if (marker) this.byMarker.set(marker, request);
    return request;
  }

  async register(requester: Person = matrixPeople.requester, label = 'matriz'): Promise<ServiceRequest> {
    const marker = this.nextMarker();
    const registered = await this.desk.requests.register(
      {
        requester,
        dependencia: { name: 'Facultad de Ingeniería', siglas: 'fi' },
        description: `Videoconferencia de la matriz ${marker} (${label})`,
        service: 'VC',
        assignee: { id: matrixPeople.asv.id, name: matrixPeople.asv.id },
      },
      this.actor(matrixPeople.hd),
      commandId('mx-register'),
    );
    if (registered.outcome !== 'applied') throw new Error(`matrix: registering failed: ${JSON.stringify(registered)}`);
    this.registeredFor.set(registered.request.id, requester);
    return this.remember(registered.request);
  }

  private async run(request: ServiceRequest, command: Parameters<ComposedBot['desk']['requests']['execute']>[1], person: Person): Promise<ServiceRequest> {
    const result = await this.desk.requests.execute(request.id, command, this.actor(person), commandId(`mx-${command.type}`));
    if (result.outcome !== 'applied') throw new Error(`matrix: ${command.type} on ${request.folio} failed: ${JSON.stringify(result)}`);
    return this.remember(result.request);
  }

  /** A request in *En Proceso* with no form and no booking. */
  async inProgressPlain(requester: Person = matrixPeople.requester): Promise<ServiceRequest> {
    return this.run(await this.register(requester, 'En Proceso sin formulario'), { type: 'take' }, matrixPeople.asv);
  }

  /**
   * A request in *En Proceso* with its form complete and its event booked on a date of its own:
   * a series of one occurrence (weekly on that date's weekday, once), booked with "book the free
   * ones", so the series verbs have cells that apply.
   */
  async inProgressReady(requester: Person = matrixPeople.requester): Promise<ServiceRequest> {
    const taken = await this.run(await this.register(requester, 'En Proceso'), { type: 'take' }, matrixPeople.asv);
    const date = this.nextDate();
    const option = askedSlot(date);
    const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${date}T12:00:00Z`).getUTCDay()];
    const form = { ...completeFormAsking(option, `Seminario ${taken.folio}`), repeatWeekdays: [weekday], repeatCount: 1 };
    const saved = await this.desk.requests.saveForm(taken.id, 'VC', form, this.actor(matrixPeople.asv), commandId('mx-form'), { locale: LOCALE });
    if (saved.outcome !== 'applied' || !saved.request.form?.complete) throw new Error(`matrix: the complete form of ${taken.folio} was not saved complete: ${JSON.stringify(saved)}`);
    const booked = await this.desk.agenda.bookOccurrences(taken.id, 'free', this.actor(matrixPeople.asv), commandId('mx-book'));
    if (!booked.ok || booked.booked.length !== 1) throw new Error(`matrix: booking ${taken.folio} on ${date} failed: ${JSON.stringify(booked)}`);
    return this.remember(booked.request);
  }

  /**
   * A request in *Terminada* whose booked event ended yesterday (so the after-event verbs have
   * allowed cells): its complete form asks for yesterday 10:00–11:00 and that event is recorded as
   * its booking (the agenda's own command; the agenda books no past slot). The survey is asked for
   * at once under the job's own command id, so the after-event job, when it runs during the
   * matrix, changes nothing.
   */
  async endedTerminada(requester: Person = matrixPeople.requester): Promise<ServiceRequest> {
    const taken = await this.run(await this.register(requester, 'Terminada'), { type: 'take' }, matrixPeople.asv);
    const date = DateTime.now().setZone('America/Mexico_City').minus({ days: 1 }).toISODate()!;
    const option = askedSlot(date);
    const saved = await this.desk.requests.saveForm(taken.id, 'VC', completeFormAsking(option, `Seminario ${taken.folio}`), this.actor(matrixPeople.asv), commandId('mx-form'), { locale: LOCALE });
    if (saved.outcome !== 'applied' || !saved.request.form?.complete) throw new Error(`matrix: the complete form of ${taken.folio} was not saved complete: ${JSON.stringify(saved)}`);
    const bookingId = `mx-past-${taken.id}`;
    const booked = await this.desk.requests.recordBooking(taken.id, { bookingId, title: `FI – Seminario ${taken.folio}`, start: option.start, end: option.end, resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'], service: 'VC' }, this.actor(matrixPeople.asv), commandId('mx-booking'));
    if (booked.outcome !== 'applied') throw new Error(`matrix: recording the past booking of ${taken.folio} failed: ${JSON.stringify(booked)}`);
    const finished = await this.run(this.remember(booked.request), { type: 'finish' }, matrixPeople.asv);
    const asked = await this.desk.requests.execute(finished.id, { type: 'ask-rating', bookingId }, systemActor, `ask-rating:${finished.id}:${bookingId}`);
    if (asked.outcome !== 'applied') throw new Error(`matrix: asking for the rating of ${taken.folio} failed: ${JSON.stringify(asked)}`);
    return this.remember(asked.request);
  }

  /** A fresh request of `status` (for `requester`), built as the procedure would get it there. */
  async inStatus(status: RequestStatus, requester: Person = matrixPeople.requester): Promise<ServiceRequest> {
    switch (status) {
      case 'Registro':
        return this.register(requester, status);
      case 'En Proceso':
        return this.inProgressReady(requester);
      case 'Pendiente por el usuario':
        return this.run(await this.inProgressPlain(requester), { type: 'request-info', message: 'Falta el nombre del programa' }, matrixPeople.asv);
      case 'Espera':
        return this.run(await this.inProgressPlain(requester), { type: 'hold', reason: 'Sala en obra' }, matrixPeople.asv);
      case 'Terminada':
        return this.endedTerminada(requester);
      case 'No Procede':
        return this.run(await this.inProgressPlain(requester), { type: 'reject', reasons: 'Fuera del alcance del área' }, matrixPeople.asv);
      case 'Cancelada':
        return this.run(await this.inStatus('No Procede', requester), { type: 'cancel' }, matrixPeople.dau);
    }
  }

  /** The request with this folio (any request, also those the extension registered), or null. */
  async folio(folio: string): Promise<ServiceRequest | null> {
    if (!this.byFolio.has(folio)) this.byFolio.set(folio, await this.desk.requests.getByFolio(folio));
    return this.byFolio.get(folio) ?? null;
  }

  async id(id: string): Promise<ServiceRequest | null> {
    if (!this.byId.has(id)) {
      const found = await this.desk.requests.get(id);
      if (found) this.byId.set(id, found);
      else return null;
    }
    return this.byId.get(id) ?? null;
  }
}

/** What a request looks like from outside, to tell whether a cell changed it. */
export interface Snapshot {
  request: ServiceRequest;
  events: number;
  bookings: number;
}

export async function snapshot(product: MatrixProduct, requestId: string): Promise<Snapshot> {
  const [request, events, bookings] = await Promise.all([
    product.composed.desk.requests.get(requestId),
    requestModels(product.connection).events.countDocuments({ requestId }),
    product.connection.db!.collection('bookings').countDocuments({ requestId }),
  ]);
  if (!request) throw new Error(`matrix: request ${requestId} is gone`);
  return { request, events, bookings };
}

/** What the bot answered a cell: the HTTP answer and whatever it sent the chat in reply. */
export interface Observed {
  http: number;
  raw: string;
  body: any;
  replies: Array<Record<string, any>>;
}

let activityCounter = 0;

/** The 1:1 conversation of `who`'s activities. */
export const conversationOf = (who: Pick<MatrixActor, 'key'>) => `a:personal-${who.key.toLowerCase()}`;

/** An activity from `who` as it arrives at `/api/messages`: their channel, ids, tenant and 1:1 conversation. */
export function activityFrom(product: MatrixProduct, who: MatrixActor, fields: Record<string, unknown>): Record<string, unknown> {
  activityCounter += 1;
  return teamsActivity({
    id: `mx-activity-${activityCounter}`,
    channelId: who.channelId,
    serviceUrl: product.stub.serviceUrl,
    from: { id: who.fromId, ...(who.objectId ? { aadObjectId: who.objectId } : {}), name: who.name },
    conversation: { id: conversationOf(who), conversationType: 'personal', tenantId: who.tenantId },
    channelData: { tenant: { id: who.tenantId } },
    ...fields,
  });
}

export const cardClick = (verb: string, data: unknown) => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  text: undefined,
  value: { action: { type: 'Action.Execute', verb, data } },
});

export async function send(product: MatrixProduct, activity: Record<string, unknown>): Promise<Observed> {
  const answer = await postActivity(product.endpoint, activity);
  let body: any;
  try {
    body = answer.body ? JSON.parse(answer.body) : undefined;
  } catch {
    body = undefined;
  }
  return { http: answer.status, raw: answer.body, body, replies: product.stub.repliesTo(String(activity.id)) };
}

export const cardOf = (observed: Observed): any => (observed.body?.type === 'application/vnd.microsoft.card.adaptive' ? observed.body.value : undefined);
export const messageOf = (observed: Observed): string | undefined =>
  observed.body?.type === 'application/vnd.microsoft.activity.message' ? String(observed.body.value) : undefined;

/** Which of the product's cards `card` is. */
export function cardKind(card: any): 'request' | 'service-form' | 'availability' | 'agenda' | 'list' | 'notice' | 'register-form' | 'record' | 'report' | 'rating' | 'delivery-form' | 'other' | 'none' {
  if (!card || typeof card !== 'object') return 'none';
  const json = JSON.stringify(card);
  if (json.includes('"verb":"save-form"')) return 'service-form';
  if (json.includes('"verb":"record-delivery"')) return 'delivery-form';
  if (String(card.body?.[0]?.text ?? card.body?.[1]?.text ?? '').startsWith(t(LOCALE, 'rating.title', { folio: '' })) || String(card.body?.[1]?.text ?? '').startsWith(t(LOCALE, 'rating.title', { folio: '' }))) return 'rating';
  if (json.includes('"verb":"register"')) return 'register-form';
  if (card.refresh?.action?.verb === 'refresh') return 'request';
  const title = String(card.body?.[0]?.text ?? '');
  if (title.startsWith(t(LOCALE, 'availability.title', { folio: '' })) || title.startsWith(t(LOCALE, 'series.title', { folio: '' }))) return 'availability';
  if (title === escapeMarkdown(t(LOCALE, 'agenda.title.today'))) return 'agenda';
  if (title.startsWith(td(LOCALE, 'record.title', { folio: '' }))) return 'record';
  if (json.includes('"verb":"report-download"')) return 'report';
  if (title === escapeMarkdown(t(LOCALE, 'command.myRequests'))) return 'list';
  return json.includes(escapeMarkdown(t(LOCALE, 'reply.replyReceived'))) ? 'notice' : 'other';
}

/** Whether a card shows `text` (as the cards show people's and the product's text: Markdown-escaped). */
export function cardShows(card: unknown, text: string): boolean {
  return JSON.stringify(card).includes(JSON.stringify(escapeMarkdown(text)).slice(1, -1));
}

const folioPattern = /\b(?:SOL|VC|TC|NC)-\d{4}-\d{4,}\b/g;
const idPattern = /\b[0-9a-f]{24}\b/g;
const markerPattern = /\bmx\d+x\b/g;

/**
 * The requests an answer names (by folio, id or marker) that `visible` says the actor may not
 * see; `typed` are tokens the actor wrote themselves in this cell (a folio echoed by "not found").
 */
export async function leakedRequests(
  factory: RequestFactory,
  text: string,
  visible: (request: ServiceRequest) => boolean,
  typed: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const leaks = new Set<string>();
  for (const folio of new Set(text.match(folioPattern) ?? [])) {
    if (typed.has(folio)) continue;
    const request = await factory.folio(folio);
    if (request && !visible(request)) leaks.add(`folio ${folio}`);
  }
  for (const id of new Set(text.match(idPattern) ?? [])) {
    const request = await factory.id(id);
    if (request && !visible(request)) leaks.add(`request id ${id} (${request.folio})`);
  }
  for (const marker of new Set(text.match(markerPattern) ?? [])) {
    const request = factory.byMarker.get(marker);
    if (request && !visible(request)) leaks.add(`description of ${request.folio}`);
  }
  return [...leaks];
}

/** The data of a card click on `request` for `verb`, with valid inputs. */
export function cardDataFor(verb: string, request: ServiceRequest, bookOption?: SlotOption): Record<string, unknown> {
  const base = { requestId: request.id, version: request.version };
  if (verb === 'cancel-occurrence') return { ...base, occurrenceDate: occurrenceDateOf(request) };
  if (Object.hasOwn(cardInputs, verb)) return { ...base, ...cardInputs[verb as CardCommandVerb] };
  if (verb === 'save-form') return { ...base, ...formAsCardInputs({ ...draftFormInputs }) };
  if (verb === 'book') {
    const option = bookOption ?? otherOfferedSlot(farDate());
    return { ...base, option: { ...option, start: option.start.toISOString(), end: option.end.toISOString() } };
  }
  return base;
}

/** The date a request's form asks for, if any (its bookings are on that day). */
export function askedDate(request: ServiceRequest): string | undefined {
  const date = request.form?.data.date;
  return typeof date === 'string' ? date : undefined;
}

/** The option a `book` cell chooses on `request`: another slot of the day its form asks for. */
export function bookOptionFor(request: ServiceRequest): SlotOption {
  return otherOfferedSlot(askedDate(request) ?? farDate());
}

/** The registration a `submitAction` cell types, with its own marker. */
export function registrationFields(marker: string) {
  return {
    requesterName: 'Nadia Solís',
    requesterEmail: 'nadia.solis@uni.example',
    dependenciaName: 'Facultad de Química',
    siglas: 'FQ',
    description: `Registro desde la extensión ${marker}`,
    assigneeId: matrixPeople.asv.id,
  };
}

/** The activity fields of a matrix cell. */
export function cellActivity(command: MatrixCommand, request: ServiceRequest, extras: { bookOption?: SlotOption; registration?: ReturnType<typeof registrationFields> }): Record<string, unknown> {
  if (command.surface === 'card') return cardClick(command.verb, cardDataFor(command.verb, request, extras.bookOption));
  if (command.surface === 'text') {
    return { type: 'message', text: command.command.endsWith(' <folio>') ? command.command.replace('<folio>', request.folio) : command.command };
  }
  const value =
    command.invoke === 'composeExtension/fetchTask'
      ? { commandId: 'registrarSolicitud', commandContext: 'compose' }
      : command.invoke === 'composeExtension/query'
        ? { commandId: 'buscarSolicitudes', parameters: [{ name: 'query', value: request.folio }], queryOptions: { skip: 0, count: 10 } }
        : { commandId: 'registrarSolicitud', commandContext: 'compose', data: { service: 'VC', ...extras.registration } };
  return { type: 'invoke', name: command.invoke, text: undefined, value };
}

/** A cell to run: the command, on which request (of which status), by whom, and what must happen. */
export interface Cell {
  command: MatrixCommand;
  status: string;
  who: MatrixActor;
  request: ServiceRequest;
  expectation: Expectation;
  activity: Record<string, unknown>;
  /** Checks of the answer besides the generic ones (registrations, forged cells). */
  alsoCheck?: (observed: Observed, after: Snapshot | undefined) => Promise<string[]>;
}

export const cellLabel = (cell: Pick<Cell, 'command' | 'status' | 'who'>) => `${commandLabel(cell.command)} × ${cell.status} × ${cell.who.label}`;

const expectationLabel = (expectation: Expectation) =>
  expectation.kind === 'refused' ? `refused (${expectation.why})` : expectation.kind === 'allowed' ? `allowed${expectation.next ? ` → ${expectation.next.status} v${expectation.next.version}` : ''}` : expectation.kind;

/**
 * Checks what the bot answered a cell against its expectation: the HTTP status and answer, the
 * chat replies, what the request became (`after`, when the cell is checked on its own), and that
 * no answer names a request the actor may not see. Returns the problems, each naming the cell.
 */
export async function checkCell(product: MatrixProduct, factory: RequestFactory, cell: Cell, observed: Observed, after?: Snapshot, before?: Snapshot): Promise<string[]> {
  const problems: string[] = [];
  const { command, expectation, who, request } = cell;
  const fail = (what: string) => problems.push(`${cellLabel(cell)}: expected ${expectationLabel(expectation)}, ${what}`);
  const isInvoke = cell.activity.type === 'invoke';
  const actor = who.edge === 'teams' ? product.actorOf(who) : undefined;
  const visible = (candidate: ServiceRequest) => actor !== undefined && maySee(candidate, actor) && (command.surface !== 'text' || command.command !== 'mis solicitudes' || owns(candidate, actor));
  const typed = new Set(command.surface === 'text' && command.command.endsWith(' <folio>') ? [request.folio] : []);
  const everything = `${observed.raw}\n${JSON.stringify(observed.replies)}`;
  for (const leak of await leakedRequests(factory, everything, visible, typed)) fail(`but the answer shows ${leak}`);

  const card = cardOf(observed);
  const replyCards = observed.replies.flatMap((reply) => (reply.attachments ?? []).map((attachment: any) => attachment.content));
  const replyTexts = observed.replies.map((reply) => String(reply.text ?? '')).filter(Boolean);

  if (expectation.kind === 'outside') {
    // Refused by the bot (an invoke 403, a message no answer), or before it by the HTTP edge when a
    // field is not of the type Teams sends (400).
    const atEdge = observed.http === 400 && observed.raw === 'Bad request';
    if (isInvoke && observed.http !== 403 && !atEdge) fail(`got HTTP ${observed.http}`);
    if (!isInvoke && !atEdge && (observed.http !== 200 || observed.raw !== '')) fail(`got HTTP ${observed.http} "${observed.raw.slice(0, 80)}"`);
    if (observed.replies.length) fail(`the bot replied ${observed.replies.length} time(s)`);
  } else if (expectation.kind === 'not-implemented') {
    if (observed.http !== 501 || observed.replies.length) fail(`got HTTP ${observed.http} "${observed.raw.slice(0, 80)}"`);
  } else if (isInvoke && observed.http !== 200) {
    fail(`got HTTP ${observed.http} "${observed.raw.slice(0, 80)}"`);
  }

  if (expectation.kind === 'unknown-action' && messageOf(observed) !== t(LOCALE, 'reply.unknownAction')) {
    fail(`got ${card ? `a ${cardKind(card)} card` : `"${messageOf(observed) ?? observed.raw.slice(0, 80)}"`}`);
  }

  if (expectation.kind === 'unseen') {
    const message = messageOf(observed);
    if (message !== t(LOCALE, 'reply.requestNotFound')) fail(`got ${card ? `a ${cardKind(card)} card` : `"${message ?? observed.raw.slice(0, 80)}"`}`);
  }

  if (expectation.kind === 'refused') {
    if (command.surface === 'card') {
      const kinds = expectation.cards ?? ['request'];
      const notes = expectation.rejection ? [rejectionText(LOCALE, expectation.rejection as Rejection)] : (expectation.notes ?? []);
      if (!kinds.includes(cardKind(card))) fail(`got ${card ? `a ${cardKind(card)} card` : `"${messageOf(observed) ?? observed.raw.slice(0, 80)}"`}`);
      else if (notes.length && !notes.some((note) => cardShows(card, note))) fail(`the card says none of ${JSON.stringify(notes)}`);
    } else if (command.surface === 'text') {
      const wanted = {
        'estado <folio>': tPlain(LOCALE, 'reply.notFound', { folio: request.folio }),
        'expediente <folio>': tdPlain(LOCALE, 'record.notFound', { folio: request.folio }),
        reporte: td(LOCALE, 'report.refused'),
      }[command.command as string] ?? t(LOCALE, 'reply.notAuthorised', { action: t(LOCALE, 'command.agendaAction') });
      if (replyTexts.length !== 1 || replyTexts[0] !== wanted || replyCards.length) fail(`the chat got ${JSON.stringify(observed.replies.map((reply) => reply.text ?? 'a card'))}`);
    } else {
      const refusal =
        command.invoke === 'composeExtension/query'
          ? observed.body?.composeExtension?.type === 'message' && observed.body.composeExtension.text === t(LOCALE, 'reply.notAuthorised', { action: t(LOCALE, 'command.searchAction') })
          : expectation.rejection
            ? observed.body?.task?.type === 'continue' &&
              cardKind(observed.body.task.value?.card?.content) === 'register-form' &&
              cardShows(
                observed.body.task.value.card.content,
                expectation.rejection.code === 'assignee-not-asv' ? t(LOCALE, 'register.assigneeId.error') : t(LOCALE, 'reply.notAuthorised', { action: t(LOCALE, 'register.title') }),
              )
            : observed.body?.task?.type === 'message' && observed.body.task.value === t(LOCALE, 'reply.notAuthorised', { action: t(LOCALE, 'register.title') });
      if (!refusal) fail(`got ${observed.raw.slice(0, 160)}`);
    }
  }

  if (expectation.kind === 'allowed') {
    if (command.surface === 'card') {
      const kind = cardKind(card);
      const wanted: Record<string, readonly string[]> = {
        refresh: ['request'],
        record: ['record'],
        'open-form': ['service-form'],
        'save-form': ['service-form', 'request'],
        'check-availability': ['availability', 'service-form'],
        book: ['request'],
        'book-free-occurrences': ['availability', 'request'],
        'book-occurrence': ['availability', 'service-form', 'request'],
        reply: ['notice'],
        'open-delivery': ['delivery-form'],
        'record-delivery': ['request'],
        rate: ['rating'],
      };
      const kinds = wanted[command.verb] ?? ['request'];
      if (!kinds.includes(kind)) fail(`got ${card ? `a ${kind} card` : `"${messageOf(observed) ?? observed.raw.slice(0, 120)}"`}`);
      if (command.verb === 'book' && card && !cardShows(card, t(LOCALE, 'reply.bookingDone').split('{')[0]!.trim())) fail('the card does not say the event was booked');
      if (expectation.next && kind === 'request' && !cardShows(card, statusName(LOCALE, expectation.next.status))) fail(`the card does not show ${expectation.next.status}`);
    } else if (command.surface === 'text') {
      const kinds = replyCards.map(cardKind);
      if (command.command === 'estado <folio>' && !(kinds.length === 1 && kinds[0] === 'request' && JSON.stringify(replyCards[0]).includes(request.folio))) fail(`the chat got ${JSON.stringify(kinds)} ${JSON.stringify(replyTexts)}`);
      if (command.command === 'mis solicitudes') {
        if (!(kinds.length === 1 && kinds[0] === 'list')) fail(`the chat got ${JSON.stringify(kinds)} ${JSON.stringify(replyTexts)}`);
        // Whoever owns requests sees some of them (the leak check makes sure they are only theirs).
        const ownsSome = actor !== undefined && [...factory.byId.values()].some((candidate) => owns(candidate, actor));
        const listed = (JSON.stringify(replyCards).match(folioPattern) ?? []).length;
        if (ownsSome && !listed) fail('the list shows none of their own requests');
        if (!ownsSome && listed) fail(`the list shows ${listed} folio(s) of someone else's`);
      }
      if (command.command === 'agenda hoy' && !(kinds.length === 1 && kinds[0] === 'agenda')) fail(`the chat got ${JSON.stringify(kinds)} ${JSON.stringify(replyTexts)}`);
      if (command.command === 'reporte' && !(kinds.length === 1 && kinds[0] === 'report')) fail(`the chat got ${JSON.stringify(kinds)} ${JSON.stringify(replyTexts)}`);
      if (command.command === 'expediente <folio>' && !(kinds.length === 1 && kinds[0] === 'record' && JSON.stringify(replyCards[0]).includes(request.folio))) fail(`the chat got ${JSON.stringify(kinds)} ${JSON.stringify(replyTexts)}`);
    } else if (command.invoke === 'composeExtension/fetchTask') {
      if (observed.body?.task?.type !== 'continue' || cardKind(observed.body.task.value?.card?.content) !== 'register-form') fail(`got ${observed.raw.slice(0, 160)}`);
    } else if (command.invoke === 'composeExtension/query') {
      // Staff find the request by its folio, whatever its status.
      if (observed.body?.composeExtension?.type !== 'result' || !observed.raw.includes(request.folio)) fail(`got ${observed.raw.slice(0, 160)}`);
    } else if (observed.body?.composeExtension?.type !== 'result') {
      fail(`got ${observed.raw.slice(0, 160)}`);
    }
  }

  if (before && after) {
    const next = expectation.kind === 'allowed' ? expectation.next : undefined;
    if (!next) {
      if (after.request.version !== before.request.version || after.events !== before.events || after.bookings !== before.bookings) {
        const entries = after.request.history.slice(before.request.history.length).map((entry) => `${entry.kind} by ${entry.actor.id} (${entry.actor.role})${entry.note ? ` "${entry.note}"` : ''}`);
        fail(`but the request changed: v${before.request.version}→v${after.request.version}, ${before.events}→${after.events} events, ${before.bookings}→${after.bookings} bookings${entries.length ? `: ${entries.join(', ')}` : ''}`);
      }
    } else {
      problems.push(...appliedAsDecided(cell, before, after, next));
    }
  }
  if (cell.alsoCheck) problems.push(...(await cell.alsoCheck(observed, after)).map((problem) => `${cellLabel(cell)}: ${problem}`));
  return problems;
}

/** Whether the stored request is what the machine's decision made of it (every field a command can change). */
export function appliedAsDecided(cell: Pick<Cell, 'command' | 'status' | 'who'>, before: Snapshot, after: Snapshot, next: ServiceRequest): string[] {
  const got = after.request;
  const entry = next.history.at(-1)!;
  const stored = got.history.at(-1);
  const compare: Array<[string, unknown, unknown]> = [
    ['status', got.status, next.status],
    ['version', got.version, next.version],
    ['events', after.events, before.events + 1],
    ['assignee', got.assignee.id, next.assignee.id],
    ['service', got.service, next.service],
    ['requester id', got.requester.id, next.requester.id],
    ['open wait', Boolean(got.wait), Boolean(next.wait)],
    ['form complete', got.form?.complete ?? null, next.form?.complete ?? null],
    ['form service', got.form?.service ?? null, next.form?.service ?? null],
    ['booked', Boolean(got.booking), Boolean(next.booking)],
    ['booking start', got.booking?.start?.getTime() ?? null, next.booking?.start?.getTime() ?? null],
    ['history kind', stored?.kind, entry.kind],
    ['history from', stored?.from, entry.from],
    ['history to', stored?.to, entry.to],
    ['history actor', stored?.actor.id, entry.actor.id],
    ['history role', stored?.actor.role, entry.actor.role],
  ];
  if (entry.kind !== 'record-booking' && entry.kind !== 'save-form') compare.push(['history note', stored?.note, entry.note]);
  if (entry.kind === 'save-form') compare.push(['form program', got.form?.data.programName, next.form?.data.programName]);
  if (entry.kind !== 'record-booking') compare.push(['booking id', got.booking?.bookingId ?? null, next.booking?.bookingId ?? null]);
  return compare
    .filter(([, actual, wanted]) => actual !== wanted)
    .map(([field, actual, wanted]) => `${cellLabel(cell)}: allowed, but ${field} is ${JSON.stringify(actual)} where the machine gives ${JSON.stringify(wanted)}`);
}

/** Runs `task`s with at most `limit` at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finished task hands its place straight to the next waiting one.
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
