import { LRUCache } from 'lru-cache';
import { applyEvents, changedFields, eventId as eventIdOf, formatFolio, type RequestPage, type RequestQuery, type RequestStore } from './request-store.js';
import { validateServiceForm, type FieldError } from '../forms/validate-form.js';
import type { Locale } from '../forms/locale.js';
import type { Actor, BookingReference, Command, HistoryEntry, Person, RegistrationInput, ServiceRequest, ServiceType } from './request-types.js';
import { answerCommand, decide, type Rejection, type WorkflowContext } from './request-workflow.js';
import { parseExecutableCommand, type ExecutableCommand } from './command-input.js';

/** The answer to a command, always carrying the request as it now stands (when it exists). */
export type CommandResult =
  | { outcome: 'applied'; request: ServiceRequest; entry: HistoryEntry; eventId: string }
  | { outcome: 'duplicate'; request: ServiceRequest }
  | { outcome: 'rejected'; rejection: Rejection; request: ServiceRequest | null }
  | { outcome: 'changed-meanwhile'; request: ServiceRequest }
  | { outcome: 'not-found' };

/** The answer to saving a form: a command result, or the field errors when even a draft is invalid. */
export type SaveFormResult =
  | (CommandResult & { missing?: FieldError[] })
  | { outcome: 'invalid'; errors: FieldError[]; value: Record<string, unknown> };

/** Told about every applied change, so its effects can be dispatched straight away. */
export type ChangeListener = (eventId: string) => void;

/** What the request service needs; all of it passed in by the wiring file. */
export interface RequestServiceDependencies {
  store: RequestStore;
  /** The moment and the wait-window rule (business calendar) for a decision. */
  context: () => WorkflowContext;
  /** The business time zone's year of an instant, for folios. */
  folioYear: (at: Date) => number;
  onChange?: ChangeListener | undefined;
  /** Test seam: runs between the write and the dispatch (e.g. to simulate a crash). */
  afterWrite?: ((eventId: string) => Promise<void> | void) | undefined;
  /** The business time zone, in which form dates and times are read. */
  timeZone: string;
  /** Who a request the requester opens themselves is assigned to (the configured rule over the ASVs). */
  assigneeForSelfService?: ((openCount: (asvId: string) => Promise<number>) => Promise<Person | undefined>) | undefined;
  /** The rooms and equipment of the agenda's catalogue, which a form may name (read when a form is saved). */
  catalogue?: (() => Promise<FormCatalogue>) | undefined;
}

/** The ids of the resources a service form may name. */
export interface FormCatalogue {
  rooms: readonly string[];
  equipment: readonly string[];
}

const registrationAttempts = 100;

/**
 * Registers requests and applies commands to them. Each change is exclusive on the request's
 * next history place (a unique key) and idempotent on its command id; the status machine
 * decides, this service only stores and reports.
 */
export class RequestService {
  /** Names of configured people, kept a minute (a card drawn for each click reads them). */
  private readonly knownNames = new LRUCache<string, string>({ max: 500, ttl: 60_000 });

  constructor(private readonly deps: RequestServiceDependencies) {}

  /** Registers a request (status *Registro*), giving it a folio that never changes. */
  async register(input: RegistrationInput, actor: Actor, commandId: string): Promise<CommandResult> {
    const context = this.deps.context();
    const year = this.deps.folioYear(context.now);
    const requestId = this.deps.store.newRequestId();
    const blank = blankRequest(requestId, context.now);
    const command: Command = { type: 'register', ...input, assignee: await this.named(input.assignee, context) };
    const decision = decide(blank, command, actor, context);
    if (!decision.ok) return { outcome: 'rejected', rejection: decision.rejection, request: null };

    const changes = changedFields(blank, decision.next);
    const appended = await this.deps.store.append(requestId, commandId, decision.entry, changes, decision.effects);
    if (appended === 'duplicate-command') return this.duplicateOf(commandId);

    const request = await this.insertWithFolio(decision.next, year);
    const eventId = eventIdOf(requestId, decision.entry.seq);
    await this.deps.afterWrite?.(eventId);
    this.deps.onChange?.(eventId);
    return { outcome: 'applied', request, entry: decision.entry, eventId };
  }

  /**
   * Registers a request the requester opens themselves (self-service): they are its requester,
   * and the ASV is chosen by the configured rule. Refused like any registration the status
   * machine refuses (e.g. an actor who is not the requester named).
   */
  async selfRegister(input: Omit<RegistrationInput, 'assignee'>, actor: Actor, commandId: string): Promise<CommandResult> {
    const assignee = await this.deps.assigneeForSelfService?.((asvId) => this.deps.store.openCountOf(asvId));
    if (!assignee) return { outcome: 'rejected', rejection: { code: 'missing-input', command: 'register', field: 'assignee' }, request: null };
    return this.register({ ...input, assignee }, actor, commandId);
  }

  /**
   * Applies `command` — untrusted input, parsed here: any field that is missing, too long or not
   * valid is refused naming it — to the request. `expectedVersion`, when given, is the version the
   * actor saw: a different current version answers `changed-meanwhile` without deciding.
   * `justRead` is the request as the caller has just read it (with {@link get}), to save reading
   * it again: deciding on it is as safe as on a fresh read, since the change still has to take
   * its place.
   */
  async execute(
    requestId: string,
    command: ExecutableCommand,
    actor: Actor,
    commandId: string,
    expectedVersion?: number,
    justRead?: ServiceRequest,
  ): Promise<CommandResult> {
    const parsed = parseExecutableCommand(command);
    if (!parsed.ok) {
      const { command: type, field, problem, max } = parsed.problem;
      const rejection: Rejection =
        problem === 'missing' && type ? { code: 'missing-input', command: type, field } : { code: 'invalid-input', command: type, field, problem: problem === 'too-long' ? 'too-long' : 'invalid', max };
      return { outcome: 'rejected', rejection, request: justRead?.id === requestId ? justRead : await this.get(requestId) };
    }
    return this.apply(requestId, parsed.command, actor, commandId, expectedVersion, justRead);
  }

  /**
   * Takes an answer the requester (or an ASV for them) sends on a request: the command the status
   * machine makes of it for the request as it stands ({@link answerCommand}: the `reply` that
   * closes an open wait, else `add-information`), applied under `commandId`. When the request
   * changes meanwhile, the answer is decided again on the request as it then stands.
   */
  async answer(requestId: string, text: string, actor: Actor, commandId: string, justRead?: ServiceRequest): Promise<CommandResult> {
    let request: ServiceRequest | null = justRead?.id === requestId ? justRead : await this.get(requestId);
    for (let attempt = 1; ; attempt += 1) {
      const command = answerCommand(request ?? { status: 'Pendiente por el usuario' }, text);
      const result = await this.execute(requestId, command, actor, commandId, undefined, request ?? undefined);
      if (result.outcome !== 'changed-meanwhile' || attempt >= 3) return result;
      request = result.request;
    }
  }

  /** Records the booking the agenda has just made (the agenda's own command; never built from outside input). */
  async recordBooking(requestId: string, booking: BookingReference, actor: Actor, commandId: string): Promise<CommandResult> {
    return this.apply(requestId, { type: 'record-booking', booking }, actor, commandId);
  }

  private async apply(
    requestId: string,
    command: Exclude<Command, { type: 'register' }>,
    actor: Actor,
    commandId: string,
    expectedVersion?: number,
    justRead?: ServiceRequest,
  ): Promise<CommandResult> {
    const read = justRead?.id === requestId ? justRead : await this.deps.store.load(requestId);
    if (!read) return (await this.deps.store.eventByCommand(commandId)) ? this.duplicateOf(commandId) : { outcome: 'not-found' };
    let loaded = read;
    if (command.type === 'reassign') {
      // The history names people, not ids: an ASV chosen by id takes the name they act under.
      const context = this.deps.context();
      const [from, to] = await Promise.all([this.named(read.assignee, context), this.named(command.assignee, context)]);
      loaded = { ...read, assignee: from };
      command = { ...command, assignee: to };
    }

    if (expectedVersion !== undefined && expectedVersion !== loaded.version) {
      return (await this.commandSeen(commandId)) ?? { outcome: 'changed-meanwhile', request: await this.current(loaded) };
    }
    const decision = decide(loaded, command, actor, this.deps.context());
    if (!decision.ok) {
      const seen = await this.commandSeen(commandId);
      if (seen) return seen;
      const current = await this.current(loaded);
      return current.version === loaded.version
        ? { outcome: 'rejected', rejection: decision.rejection, request: loaded }
        : { outcome: 'changed-meanwhile', request: current };
    }
    const changes = changedFields(loaded, decision.next);
    const appended = await this.deps.store.append(loaded.id, commandId, decision.entry, changes, decision.effects);
    if (appended === 'duplicate-command') return this.duplicateOf(commandId);
    if (appended === 'place-taken') return { outcome: 'changed-meanwhile', request: await this.current(loaded) };

    await this.deps.store.updateProjection(decision.next, loaded.version, changes, decision.entry);
    const eventId = eventIdOf(loaded.id, decision.entry.seq);
    await this.deps.afterWrite?.(eventId);
    this.deps.onChange?.(eventId);
    return { outcome: 'applied', request: decision.next, entry: decision.entry, eventId };
  }

  /**
   * Saves the service form. Complete and valid → stored as complete; otherwise, when every value
   * present is valid, stored as a draft and the missing fields are returned; otherwise nothing is
   * stored and every problem comes back, in `locale`, with the data as given.
   */
  async saveForm(
    requestId: string,
    service: ServiceType,
    data: unknown,
    actor: Actor,
    commandId: string,
    options: { locale: Locale; expectedVersion?: number | undefined },
  ): Promise<SaveFormResult> {
    const validation = { locale: options.locale, timeZone: this.deps.timeZone, catalogue: await this.deps.catalogue?.() };
    const complete = validateServiceForm(service, data, { ...validation, mode: 'complete' });
    const draft = complete.ok ? complete : validateServiceForm(service, data, { ...validation, mode: 'draft' });
    if (!draft.ok) return { outcome: 'invalid', errors: draft.errors, value: draft.value };
    const form = { service, data: draft.value as Record<string, unknown>, complete: complete.ok };
    const result = await this.apply(requestId, { type: 'save-form', form }, actor, commandId, options.expectedVersion);
    return complete.ok ? result : { ...result, missing: complete.errors };
  }

  /**
   * A configured ASV with a name to show: the one given, unless it is just their id or e-mail (an
   * ASV chosen from the configuration), in which case the name they last acted under, when known.
   * Anyone else (an assignee the status machine will refuse) as given.
   */
  private async named(person: Person, context: WorkflowContext): Promise<Person> {
    const name = person.name?.trim();
    if ((name && name !== person.id && name !== person.email) || !context.isAsv(person)) return person;
    const known = person.id ? await this.deps.store.lastNameOf(person.id) : undefined;
    return known && known !== person.id ? { ...person, name: known } : person;
  }

  /**
   * The names of the people `ids` name (configured ASVs), as the requests assigned to them or their
   * own acts gave them; an id no request or act names stays as it is. Read at most once a minute.
   */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    await Promise.all(
      ids.map(async (id) => {
        let known = this.knownNames.get(id);
        if (known === undefined) {
          known = (await this.deps.store.assigneeNameOf(id)) ?? (await this.deps.store.lastNameOf(id)) ?? id;
          this.knownNames.set(id, known);
        }
        names.set(id, known);
      }),
    );
    return names;
  }

  /** The request as projected (one read by id). */
  async get(requestId: string): Promise<ServiceRequest | null> {
    return this.deps.store.load(requestId);
  }

  /** The request at least at version `version`: the projection, repaired when it lags behind. */
  async atLeast(requestId: string, version: number): Promise<ServiceRequest | null> {
    const loaded = await this.deps.store.load(requestId);
    return loaded && loaded.version >= version ? loaded : this.repair(requestId);
  }

  /** The request with this folio, or null. */
  async getByFolio(folio: string): Promise<ServiceRequest | null> {
    return this.deps.store.loadByFolio(folio);
  }

  /** Lists and searches requests (folio, requester, siglas, status, assignee, free text), paged. */
  async search(query: RequestQuery): Promise<RequestPage> {
    return this.deps.store.search(query);
  }

  private async insertWithFolio(request: ServiceRequest, year: number): Promise<ServiceRequest> {
    for (let attempt = 0; attempt < registrationAttempts; attempt += 1) {
      const number = await this.deps.store.nextFolioNumber(year);
      const numbered = { ...request, folio: formatFolio(request.service, year, number) };
      if (await this.deps.store.insertProjection(numbered, year, number)) {
        return (await this.deps.store.load(request.id)) ?? numbered;
      }
      await this.deps.store.catchUpFolioCounter(year);
    }
    throw new Error(`RequestService: no free folio for ${year} after ${registrationAttempts} attempts`);
  }

  /**
   * Writes the projection of changes that were stored but never projected (a process that died
   * between the two writes), including a registration whose request document is missing. Safe
   * beside a live writer: each projection write is conditional on the version it moves from, so
   * of the writer and any number of repairers exactly one moves it, all to the same content.
   */
  async repair(requestId: string): Promise<ServiceRequest | null> {
    const loaded = (await this.deps.store.load(requestId)) ?? (await this.rebuildRegistration(requestId));
    return loaded ? this.current(loaded) : null;
  }

  private async rebuildRegistration(requestId: string): Promise<ServiceRequest | null> {
    const [registration] = await this.deps.store.eventsAfter(requestId, 0);
    if (!registration || registration.entry.kind !== 'register') return null;
    const rebuilt = applyEvents(blankRequest(requestId, registration.at), [registration]);
    return this.insertWithFolio({ ...rebuilt, createdAt: registration.at }, this.deps.folioYear(registration.at));
  }

  private async current(request: ServiceRequest): Promise<ServiceRequest> {
    const pending = await this.deps.store.eventsAfter(request.id, request.version);
    let current = request;
    for (const event of pending) {
      const next = applyEvents(current, [event]);
      if (next === current) break;
      await this.deps.store.updateProjection(next, current.version, event.changes, event.entry);
      current = next;
    }
    return current;
  }

  private async commandSeen(commandId: string): Promise<CommandResult | undefined> {
    return (await this.deps.store.eventByCommand(commandId)) ? this.duplicateOf(commandId) : undefined;
  }

  private async duplicateOf(commandId: string): Promise<CommandResult> {
    const event = await this.deps.store.eventByCommand(commandId);
    const request = event ? await this.repair(event.requestId) : null;
    return request ? { outcome: 'duplicate', request } : { outcome: 'not-found' };
  }
}

/** The blank request `decide` registers into: the store's id, no folio yet, nothing else. */
export function blankRequest(id: string, now: Date): ServiceRequest {
  return {
    id,
    folio: '',
    requester: { id: '', name: '' },
    dependencia: { name: '', siglas: '' },
    description: '',
    service: null,
    status: 'Registro',
    assignee: { id: '', name: '' },
    form: null,
    booking: null,
    wait: null,
    teams: null,
    version: 0,
    createdAt: now,
    updatedAt: now,
    history: [],
  };
}
