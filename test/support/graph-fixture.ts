import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { convert as htmlToText } from 'html-to-text';
import { DateTime } from 'luxon';
import {
  readDateTime,
  scheduleError,
  scheduleInformation,
  zoneOf,
  type FreeBusyStatus,
  type HeldTime,
} from './graph-fixture-schedule.js';

/** How the fixture is set up. */
export interface GraphFixtureOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of the tokens it issues. Default 3599. */
  tokenLifetimeSeconds?: number;
  /** Page size of the Places collections. Default 2, so paging is exercised. */
  pageSize?: number;
  /** Most mailboxes one getSchedule call accepts (a limit the client is expected to respect). Default 20. */
  maxSchedulesPerCall?: number;
}

/** One request the fixture received, in arrival order. */
/** A person of the fixture's directory, as GET /users lists them. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
}

export interface RecordedCall {
  method: string;
  /** URL path, e.g. `/v1.0/users/desk@x/events` or `/tenant/oauth2/v2.0/token`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON or form body (a form's `client_secret` redacted); undefined when empty. */
  body: unknown;
  headers: Record<string, string>;
  /** Arrival, epoch ms. */
  at: number;
  /** Status answered (0 until answered). */
  status: number;
}

/** A failure to answer instead of the real response. */
export interface InjectedFailure {
  status: number;
  retryAfterSeconds?: number;
  code?: string;
  message?: string;
}

/** Which requests a rule applies to: a substring of, or a pattern for, `"<METHOD> <path>"`, or a predicate. */
export type RouteMatcher = string | RegExp | ((call: { method: string; path: string }) => boolean);

/** A room the Places API lists. */
export interface FixtureRoom {
  emailAddress: string;
  displayName: string;
  /** Graph documents it as Int32 yet its examples show strings; both are allowed. */
  capacity?: number | string;
  /** Email of the room list holding it. */
  roomList?: string;
}

/** A mail received by sendMail. */
export interface SentMail {
  from: string;
  message: {
    subject: string;
    body: { contentType: string; content: string };
    toRecipients: Array<{ emailAddress: { address: string } }>;
    internetMessageHeaders?: Array<{ name: string; value: string }>;
  };
  saveToSentItems: boolean | undefined;
}

/** An event the fixture holds, in Graph's shape. */
export interface FixtureEvent {
  id: string;
  subject: string;
  body: { contentType: string; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location: { displayName: string; locationType: string };
  attendees: Array<{
    type: 'required' | 'optional' | 'resource';
    status: { response: AttendeeAnswer; time: string };
    emailAddress: { address: string; name?: string };
  }>;
  organizer: { emailAddress: { address: string; name: string } };
  transactionId?: string;
  [property: string]: unknown;
}

/** A message as a test delivers it to a mailbox's inbox (answers by e-mail); the rest is filled in. */
export interface FixtureMailInput {
  from: { address: string; name?: string };
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  /** Default: a fresh `<…@fixture.example>`. */
  internetMessageId?: string;
  /** Internet headers (In-Reply-To, References, Auto-Submitted…), as Graph lists them. */
  headers?: Array<{ name: string; value: string }>;
  attachments?: Array<{ name: string; contentType?: string; size?: number; isInline?: boolean }>;
  receivedDateTime?: Date;
}

/** A message held in a mailbox's inbox, in Graph's shape (attachments apart). */
export interface FixtureMessage {
  id: string;
  internetMessageId: string;
  subject: string;
  receivedDateTime: string;
  sentDateTime: string;
  hasAttachments: boolean;
  body: { contentType: 'text' | 'html'; content: string };
  bodyPreview: string;
  from: { emailAddress: { address: string; name: string } };
  sender: { emailAddress: { address: string; name: string } };
  toRecipients: Array<{ emailAddress: { address: string; name: string } }>;
  internetMessageHeaders: Array<{ name: string; value: string }>;
  isRead: boolean;
  conversationId: string;
  [property: string]: unknown;
}

/** A change the inbox delta reports: a message added, or one removed (`@removed`). */
interface InboxChange {
  seq: number;
  message?: FixtureMessage;
  attachments?: Array<Record<string, unknown>>;
  removedId?: string;
}

/** The state a delta token or skip token stands for (opaque to the client, as in Graph). */
interface DeltaState {
  after: number;
  upto?: number;
  offset?: number;
  select?: string[];
  since?: string;
  changeType?: string;
}

/** An attendee's answer to an invitation. */
export type AttendeeAnswer = 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

interface FailureRule {
  matcher: RouteMatcher;
  failures: InjectedFailure[] | { always: InjectedFailure };
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

class GraphFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DAY_MS = 24 * 3_600_000;

/**
 * A stand-in for Microsoft Entra ID's token endpoint and the Microsoft Graph endpoints the
 * product calls, on 127.0.0.1 and a free port, answering in the shapes Graph documents. It
 * checks bearer tokens, records every call, and can be told to fail or to be slow.
 */
export class GraphFixture {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request received, oldest first. */
  readonly calls: RecordedCall[] = [];
  /** Mails accepted by sendMail. */
  readonly sentMail: SentMail[] = [];
  /** `user|teamsAppId` of each installed app. */
  readonly installedApps = new Set<string>();
  /** Users (object ids or addresses, lower-case) for whom the tenant refuses to install apps: 403, as an app permission policy answers. */
  readonly installRefusedFor = new Set<string>();
  /** The app ids of the org catalogue; while empty, any app id is taken as being there (else an unknown one is 404). */
  readonly catalogApps = new Set<string>();
  /** The installation id of each installed app, by `user|teamsAppId`. */
  private readonly installationIds = new Map<string, string>();

  private readonly origin: string;
  private readonly tokens = new Map<string, number>();
  private readonly mailboxes = new Set<string>();
  private readonly held = new Map<string, HeldTime[]>();
  private readonly events = new Map<string, { owner: string; event: FixtureEvent }>();
  /** Instances of series masters that were changed or cancelled alone, by instance id. */
  private readonly instanceChanges = new Map<string, { masterId: string; originalStart: string; cancelled: boolean; event?: FixtureEvent }>();
  /** Attendees' answers to one instance of a series that was not changed otherwise, by instance id and mailbox (lower-case). */
  private readonly instanceAnswers = new Map<string, Map<string, FixtureEvent['attendees'][number]['status']>>();
  private readonly rooms: FixtureRoom[] = [];
  private readonly roomLists: Array<{ emailAddress: string; displayName: string }> = [];
  private readonly directoryUsers: DirectoryUser[] = [];
  private readonly failureRules: FailureRule[] = [];
  private readonly latencies: Array<{ ms: number; matcher: RouteMatcher | undefined }> = [];
  private readonly inboxes = new Map<string, InboxChange[]>();
  private inboxSeq = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: Required<Pick<GraphFixtureOptions, 'tokenLifetimeSeconds' | 'pageSize' | 'maxSchedulesPerCall'>>,
    identity: { tenantId: string; clientId: string; clientSecret: string },
  ) {
    const { port } = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.tenantId = identity.tenantId;
    this.clientId = identity.clientId;
    this.clientSecret = identity.clientSecret;
  }

  /** Starts a fixture on a free loopback port. */
  static async start(options: GraphFixtureOptions = {}): Promise<GraphFixture> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const fixture = new GraphFixture(
      server,
      {
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
        pageSize: options.pageSize ?? 2,
        maxSchedulesPerCall: options.maxSchedulesPerCall ?? 20,
      },
      {
        tenantId: options.tenantId ?? 'fixture-tenant',
        clientId: options.clientId ?? 'fixture-client',
        clientSecret: options.clientSecret ?? `secret-${randomBytes(8).toString('hex')}`,
      },
    );
    server.on('request', (request, response) => void fixture.handle(request, response));
    return fixture;
  }

  /** The Graph service root, e.g. `http://127.0.0.1:1234/v1.0`. */
  get baseUrl(): string {
    return `${this.origin}/v1.0`;
  }

  /** The authority host, e.g. `http://127.0.0.1:1234`. */
  get authorityHost(): string {
    return this.origin;
  }

  /** The `graph` settings that point the product at this fixture. */
  get settings(): { baseUrl: string; authorityHost: string; tenantId: string; clientId: string; clientSecret: string } {
    return { baseUrl: this.baseUrl, authorityHost: this.authorityHost, tenantId: this.tenantId, clientId: this.clientId, clientSecret: this.clientSecret };
  }

  /** Calls matching `matcher`, oldest first. */
  callsTo(matcher: RouteMatcher): RecordedCall[] {
    return this.calls.filter((call) => matches(matcher, call));
  }

  /** Calls to the token endpoint. */
  get tokenCalls(): RecordedCall[] {
    return this.calls.filter((call) => call.path.endsWith('/oauth2/v2.0/token'));
  }

  /** The next requests matching `matcher` get these failures, one each, in order. */
  failNext(matcher: RouteMatcher, failures: InjectedFailure[]): void {
    this.failureRules.push({ matcher, failures: [...failures] });
  }

  /** Every request matching `matcher` gets `failure` until the returned function is called. */
  failAlways(matcher: RouteMatcher, failure: InjectedFailure): () => void {
    const rule: FailureRule = { matcher, failures: { always: failure } };
    this.failureRules.push(rule);
    return () => {
      this.failureRules.splice(this.failureRules.indexOf(rule), 1);
    };
  }

  /** Requests matching `matcher` (all, without one) are answered `ms` later. */
  addLatency(ms: number, matcher?: RouteMatcher): void {
    this.latencies.push({ ms, matcher });
  }

  /** Makes mailboxes (users, rooms, equipment; or user ids) known. */
  /** Adds people to the tenant's directory (what GET /users lists); their mailboxes become known. */
  addDirectoryUsers(...users: DirectoryUser[]): void {
    for (const user of users) {
      this.directoryUsers.push(user);
      if (user.mail) this.addMailboxes(user.mail);
    }
  }

  addMailboxes(...addresses: string[]): void {
    for (const address of addresses) this.mailboxes.add(address.toLowerCase());
  }

  /** Puts an item in a mailbox's calendar (the mailbox becomes known). */
  addBusy(mailbox: string, item: { start: Date; end: Date; status?: FreeBusyStatus; subject?: string }): void {
    this.addMailboxes(mailbox);
    const key = mailbox.toLowerCase();
    this.held.set(key, [...(this.held.get(key) ?? []), { status: 'busy', ...item }]);
  }

  /** Adds a room to the Places API (and its mailbox). */
  addRoom(room: FixtureRoom): void {
    this.rooms.push(room);
    this.addMailboxes(room.emailAddress);
  }

  /** Adds a room list to the Places API. */
  addRoomList(list: { emailAddress: string; displayName: string }): void {
    this.roomLists.push(list);
  }

  /** The event with this id, as held (undefined once cancelled); a series' instance too. */
  event(id: string): FixtureEvent | undefined {
    return this.events.get(id)?.event ?? this.instanceById(id)?.event;
  }

  /** The instances of a series master that take place (cancelled ones left out), in order of their original start. */
  instances(masterId: string): FixtureEvent[] {
    const entry = this.events.get(masterId);
    return entry?.event.recurrence ? this.instancesOf(entry.event) : [];
  }

  /**
   * Sets an attendee's answer, as a room mailbox that declines or a person that accepts would. To
   * a series master it is the answer to every instance not changed alone; to one instance (its id
   * as listed), to that date only, as when a room declines the one date it is taken.
   */
  respond(eventId: string, mailbox: string, response: AttendeeAnswer): void {
    const attendee = this.event(eventId)?.attendees.find((entry) => entry.emailAddress.address.toLowerCase() === mailbox.toLowerCase());
    if (!attendee) throw new Error(`fixture: ${mailbox} is not an attendee of ${eventId}`);
    const status = { response, time: new Date().toISOString() };
    if (this.events.has(eventId) || this.instanceChanges.get(eventId)?.event) {
      attendee.status = status;
      return;
    }
    const answers = this.instanceAnswers.get(eventId) ?? new Map<string, FixtureEvent['attendees'][number]['status']>();
    this.instanceAnswers.set(eventId, answers.set(mailbox.toLowerCase(), status));
  }

  /**
   * Delivers a message to `mailbox`'s inbox (the mailbox becomes known): the next delta round
   * reports it. Returns it as held.
   */
  deliverMail(mailbox: string, input: FixtureMailInput): FixtureMessage {
    this.addMailboxes(mailbox);
    const key = mailbox.toLowerCase();
    const received = (input.receivedDateTime ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const from = { emailAddress: { address: input.from.address, name: input.from.name ?? input.from.address } };
    const internetMessageId = input.internetMessageId ?? `<${randomUUID()}@fixture.example>`;
    const message: FixtureMessage = {
      id: `AAMkAGI2${randomBytes(30).toString('base64url')}AAA=`,
      createdDateTime: received,
      lastModifiedDateTime: received,
      changeKey: randomBytes(12).toString('base64'),
      internetMessageId,
      subject: input.subject,
      receivedDateTime: received,
      sentDateTime: received,
      hasAttachments: Boolean(input.attachments?.some((attachment) => !attachment.isInline)),
      importance: 'normal',
      parentFolderId: 'AAMkAGI2inbox',
      conversationId: `AAQkAGI2${randomBytes(12).toString('base64url')}=`,
      isRead: false,
      isDraft: false,
      webLink: `https://outlook.office365.com/owa/?ItemID=${randomUUID()}&exvsurl=1&viewmodel=ReadMessageItem`,
      body: input.body,
      bodyPreview: (input.body.contentType === 'html' ? htmlToText(input.body.content, { wordwrap: false }) : input.body.content).slice(0, 255),
      from,
      sender: from,
      toRecipients: [{ emailAddress: { address: key, name: key } }],
      internetMessageHeaders: [{ name: 'Message-ID', value: internetMessageId }, { name: 'Subject', value: input.subject }, ...(input.headers ?? [])],
    };
    const attachments = (input.attachments ?? []).map((attachment) => ({
      '@odata.type': '#microsoft.graph.fileAttachment',
      id: `AAMkAGI2att${randomBytes(12).toString('base64url')}=`,
      lastModifiedDateTime: received,
      name: attachment.name,
      contentType: attachment.contentType ?? 'application/octet-stream',
      size: attachment.size ?? 1024,
      isInline: attachment.isInline ?? false,
    }));
    this.inboxSeq += 1;
    this.inboxes.set(key, [...(this.inboxes.get(key) ?? []), { seq: this.inboxSeq, message, attachments }]);
    return message;
  }

  /** Removes a message from a mailbox's inbox: the next delta round reports it `@removed`. */
  removeMail(mailbox: string, id: string): void {
    const key = mailbox.toLowerCase();
    this.inboxSeq += 1;
    this.inboxes.set(key, [...(this.inboxes.get(key) ?? []), { seq: this.inboxSeq, removedId: id }]);
  }

  /** Invalidates every token issued so far. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Stops the server, dropping open connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(request.url ?? '/', this.origin);
    const call: RecordedCall = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
      at,
      status: 0,
    };
    this.calls.push(call);
    let reply: Reply;
    try {
      const raw = await readBody(request);
      call.body = parseBody(raw, request.headers['content-type']);
      const latency = Math.max(0, ...this.latencies.filter((entry) => !entry.matcher || matches(entry.matcher, call)).map((entry) => entry.ms));
      if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
      const failure = this.takeFailure(call);
      reply = failure ? failureReply(failure) : this.route(call, raw);
    } catch (error) {
      reply =
        error instanceof GraphFault
          ? graphError(error.status, error.code, error.message)
          : graphError(500, 'FixtureError', (error as Error).stack ?? String(error));
    }
    call.status = reply.status;
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'content-length': String(Buffer.byteLength(payload)),
      'request-id': randomUUID(),
      ...reply.headers,
    });
    response.end(payload);
  }

  private takeFailure(call: RecordedCall): InjectedFailure | undefined {
    for (const rule of this.failureRules) {
      if (!matches(rule.matcher, call)) continue;
      if (!Array.isArray(rule.failures)) return rule.failures.always;
      const next = rule.failures.shift();
      if (next) return next;
    }
    return undefined;
  }

  private route(call: RecordedCall, raw: string): Reply {
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(call.path);
    if (tokenPath && call.method === 'POST') return this.issueToken(decodeURIComponent(tokenPath[1]!), raw);
    if (!call.path.startsWith('/v1.0/')) throw new GraphFault(404, 'ResourceNotFound', `No route for ${call.method} ${call.path}`);
    this.checkBearer(call.headers.authorization);
    const segments = call.path.slice('/v1.0/'.length).split('/').map(decodeURIComponent);
    const pattern = segments.map((segment, index) =>
      segments[0] === 'users' && (index === 1 || (index === 3 && (segments[2] === 'events' || segments[2] === 'messages')) || (index === 4 && segments[3] === 'installedApps')) ? '{}' : segment,
    );
    const route = `${call.method} ${pattern.join('/')}`;
    const user = segments[0] === 'users' && segments.length > 1 ? this.knownUser(segments[1]!) : '';
    switch (route) {
      case 'POST users/{}/calendar/getSchedule':
        return this.getSchedule(call);
      case 'POST users/{}/events':
        return this.createEvent(call, user);
      case 'GET users/{}/events/{}':
        return this.getEvent(call, user, segments[3]!);
      case 'PATCH users/{}/events/{}':
        return this.patchEvent(call, user, segments[3]!);
      case 'POST users/{}/events/{}/cancel':
        return this.cancelEvent(user, segments[3]!);
      case 'DELETE users/{}/events/{}':
        this.cancelEvent(user, segments[3]!);
        return { status: 204 };
      case 'GET users/{}/events/{}/instances':
        return this.listInstances(call, user, segments[3]!);
      case 'POST users/{}/sendMail':
        return this.sendMail(call, user);
      case 'POST users/{}/teamwork/installedApps':
        return this.installApp(call, user);
      case 'GET users/{}/teamwork/installedApps':
        return this.listInstalledApps(call, user);
      case 'GET users/{}/teamwork/installedApps/{}/chat':
        return this.installationChat(user, segments[4]!);
      case 'GET users/{}/mailFolders/inbox/messages/delta':
        return this.inboxDelta(call, user);
      case 'GET users/{}/messages/{}/attachments':
        return this.listAttachments(call, user, segments[3]!);
    }
    if (call.method === 'GET' && call.path === '/v1.0/users') return this.listUsers(call);
    if (call.method === 'GET' && call.path === '/v1.0/places/microsoft.graph.room') {
      return this.page(call, 'places/microsoft.graph.room', this.rooms.map(roomResource));
    }
    if (call.method === 'GET' && call.path === '/v1.0/places/microsoft.graph.roomlist') {
      return this.page(call, 'places/microsoft.graph.roomList', this.roomLists.map((list) => ({ id: idFor(list.emailAddress), ...list, address: null, phone: null })));
    }
    if (call.method === 'GET' && segments[0] === 'places' && segments[2] === 'microsoft.graph.roomlist' && segments[3] === 'rooms' && segments.length === 4) {
      const list = this.roomLists.find((entry) => entry.emailAddress.toLowerCase() === segments[1]!.toLowerCase());
      if (!list) throw new GraphFault(404, 'ErrorItemNotFound', `The room list '${segments[1]}' was not found.`);
      const members = this.rooms.filter((room) => room.roomList?.toLowerCase() === list.emailAddress.toLowerCase());
      return this.page(call, `places('${encodeURIComponent(list.emailAddress)}')/microsoft.graph.roomList/rooms`, members.map(roomResource));
    }
    throw new GraphFault(400, 'BadRequest', `Resource not found for the segment in ${call.method} ${call.path}.`);
  }

  private issueToken(tenant: string, raw: string): Reply {
    const form = new URLSearchParams(raw);
    const refuse = (status: number, error: string, code: number, description: string): Reply => ({
      status,
      body: {
        error,
        error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
      },
    });
    if (tenant !== this.tenantId) return refuse(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials') return refuse(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.get('client_id') !== this.clientId) {
      return refuse(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id')}' was not found in the directory.`);
    }
    if (form.get('client_secret') !== this.clientSecret) {
      return refuse(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.');
    }
    if (form.get('scope') !== `${this.origin}/.default`) return refuse(400, 'invalid_scope', 1002012, `The provided value for scope ${form.get('scope')} is not valid.`);
    const accessToken = `fixture.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, Date.now() + this.options.tokenLifetimeSeconds * 1000);
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: this.options.tokenLifetimeSeconds, ext_expires_in: this.options.tokenLifetimeSeconds, access_token: accessToken },
    };
  }

  private checkBearer(header: string | undefined): void {
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    if (!token) throw new GraphFault(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) throw new GraphFault(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    if (Date.now() >= expiresAt) throw new GraphFault(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  }

  private knownUser(user: string): string {
    const key = user.toLowerCase();
    // Graph addresses a user by object id or user principal name as well as by mailbox.
    if (!this.mailboxes.has(key) && !this.directoryUsers.some((known) => known.id.toLowerCase() === key || known.userPrincipalName.toLowerCase() === key)) throw new GraphFault(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`);
    return key;
  }

  private getSchedule(call: RecordedCall): Reply {
    const body = call.body as { schedules?: unknown; startTime?: unknown; endTime?: unknown; availabilityViewInterval?: unknown } | undefined;
    const schedules = body?.schedules;
    if (!Array.isArray(schedules) || !schedules.length || !schedules.every((entry) => typeof entry === 'string')) {
      throw new GraphFault(400, 'ErrorInvalidParameter', 'schedules must be a non-empty collection of SMTP addresses.');
    }
    if (schedules.length > this.options.maxSchedulesPerCall) {
      throw new GraphFault(400, 'ErrorInvalidParameter', `At most ${this.options.maxSchedulesPerCall} schedules per request (got ${schedules.length}).`);
    }
    const start = readDateTime(body?.startTime);
    const end = readDateTime(body?.endTime);
    if (!start || !end || end <= start) throw new GraphFault(400, 'ErrorInvalidParameter', 'startTime and endTime must be dateTimeTimeZone values, end after start.');
    if (end.getTime() - start.getTime() >= 62 * DAY_MS) {
      throw new GraphFault(400, 'ErrorInvalidParameter', 'The requested time duration is too long. The period must be less than 62 days.');
    }
    const interval = body?.availabilityViewInterval === undefined ? 30 : Number(body.availabilityViewInterval);
    if (!Number.isInteger(interval) || interval < 5 || interval > 1440) throw new GraphFault(400, 'ErrorInvalidParameter', 'availabilityViewInterval must be 5..1440.');
    const preferred = /outlook\.timezone="([^"]+)"/.exec(call.headers.prefer ?? '')?.[1] ?? 'UTC';
    const zoneName = zoneOf(preferred) ? preferred : 'UTC';
    return {
      status: 200,
      body: {
        '@odata.context': `${this.baseUrl}/$metadata#Collection(microsoft.graph.scheduleInformation)`,
        value: (schedules as string[]).map((scheduleId) =>
          this.mailboxes.has(scheduleId.toLowerCase())
            ? scheduleInformation(scheduleId, this.heldBy(scheduleId.toLowerCase()), start, end, interval, zoneName)
            : scheduleError(scheduleId),
        ),
      },
    };
  }

  private heldBy(mailbox: string): HeldTime[] {
    const fromEvents: HeldTime[] = [];
    const held = [...this.events.values()].flatMap(({ owner, event }) => (event.recurrence ? this.instancesOf(event).map((instance) => ({ owner, event: instance })) : [{ owner, event }]));
    for (const { owner, event } of held) {
      const start = readDateTime(event.start)!;
      const end = readDateTime(event.end)!;
      const base = { start, end, subject: event.subject, location: event.location.displayName || undefined };
      if (owner === mailbox) {
        fromEvents.push({ ...base, status: 'busy' });
        continue;
      }
      const attendee = event.attendees.find((entry) => entry.emailAddress.address.toLowerCase() === mailbox);
      if (!attendee || attendee.status.response === 'declined') continue;
      const accepted = attendee.type === 'resource' || attendee.status.response === 'accepted';
      fromEvents.push({ ...base, status: accepted ? 'busy' : 'tentative' });
    }
    return [...(this.held.get(mailbox) ?? []), ...fromEvents];
  }

  private createEvent(call: RecordedCall, owner: string): Reply {
    const input = call.body as Record<string, unknown> | undefined;
    if (typeof input?.transactionId === 'string') {
      const existing = [...this.events.values()].find((entry) => entry.owner === owner && entry.event.transactionId === input.transactionId);
      if (existing) return { status: 201, body: this.withContext(owner, existing.event) };
    }
    const now = new Date().toISOString();
    const event: FixtureEvent = {
      id: `AAMkAD${randomBytes(30).toString('base64url')}=`,
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeKey: randomBytes(12).toString('base64'),
      isCancelled: false,
      isOrganizer: true,
      responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
      organizer: { emailAddress: { address: owner, name: owner } },
      webLink: `https://outlook.office365.com/owa/?itemid=${randomUUID()}&exvsurl=1&path=/calendar/item`,
      subject: '',
      body: { contentType: 'text', content: '' },
      start: { dateTime: '', timeZone: 'UTC' },
      end: { dateTime: '', timeZone: 'UTC' },
      location: { displayName: '', locationType: 'default' },
      attendees: [],
    };
    this.applyEventChanges(event, input ?? {}, true);
    if (input?.recurrence !== undefined && input.recurrence !== null) {
      checkRecurrence(input.recurrence, event);
      event.type = 'seriesMaster';
    } else {
      event.type = 'singleInstance';
    }
    this.events.set(event.id, { owner, event });
    return { status: 201, body: this.withContext(owner, event) };
  }

  private applyEventChanges(event: FixtureEvent, input: Record<string, unknown>, creating: boolean): void {
    const merged = { ...event, ...input } as FixtureEvent;
    if (typeof merged.subject !== 'string') throw new GraphFault(400, 'ErrorInvalidRequest', 'subject must be a string.');
    const start = readDateTime(merged.start);
    const end = readDateTime(merged.end);
    if (!start || !end) throw new GraphFault(400, 'ErrorInvalidRequest', 'start and end must be dateTimeTimeZone values in a known time zone.');
    if (end <= start) throw new GraphFault(400, 'ErrorInvalidRequest', 'The end of the event is before its start.');
    const attendees = input.attendees ?? (creating ? [] : undefined);
    if (attendees !== undefined) {
      if (!Array.isArray(attendees)) throw new GraphFault(400, 'ErrorInvalidRequest', 'attendees must be a collection.');
      event.attendees = attendees.map((entry: { type?: string; emailAddress?: { address?: string; name?: string } }) => {
        if (!entry.emailAddress?.address || !['required', 'optional', 'resource'].includes(entry.type ?? '')) {
          throw new GraphFault(400, 'ErrorInvalidRequest', 'Each attendee needs emailAddress.address and type required/optional/resource.');
        }
        const previous = event.attendees.find((known) => known.emailAddress.address.toLowerCase() === entry.emailAddress!.address!.toLowerCase());
        return {
          type: entry.type as 'required' | 'optional' | 'resource',
          status: previous?.status ?? { response: 'none', time: '0001-01-01T00:00:00Z' },
          emailAddress: { address: entry.emailAddress.address, ...(entry.emailAddress.name ? { name: entry.emailAddress.name } : {}) },
        };
      });
    }
    const { attendees: _attendees, location, id: _id, ...rest } = input;
    Object.assign(event, rest);
    if (location !== undefined) event.location = { displayName: String((location as { displayName?: string }).displayName ?? ''), locationType: 'default' };
    event.lastModifiedDateTime = new Date().toISOString();
  }

  private ownedEvent(owner: string, id: string): FixtureEvent {
    const entry = this.events.get(id);
    if (entry?.owner === owner) return entry.event;
    const instance = this.instanceById(id);
    if (!instance || this.events.get(instance.masterId)?.owner !== owner) throw new GraphFault(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return instance.event;
  }

  /** A series' instance by its id (as listed), unless cancelled: its master and the instance as it is now. */
  private instanceById(id: string): { masterId: string; event: FixtureEvent } | undefined {
    const change = this.instanceChanges.get(id);
    if (change) {
      const master = this.events.get(change.masterId)?.event;
      if (!master || change.cancelled) return undefined;
      return { masterId: change.masterId, event: change.event ?? this.instanceAt(master, change.originalStart) };
    }
    for (const { event } of this.events.values()) {
      if (!event.recurrence) continue;
      const found = this.instancesOf(event).find((instance) => instance.id === id);
      if (found) return { masterId: event.id, event: found };
    }
    return undefined;
  }

  /**
   * The instances of a series master, cancelled ones left out: the weekly pattern expanded from the
   * range's start date (weeks counted from `firstDayOfWeek`, every `interval` weeks, the days of
   * `daysOfWeek`) until its end date or number of occurrences, each at the master's wall-clock
   * time in the recurrence time zone; an instance changed alone is shown as changed (`exception`).
   */
  private instancesOf(master: FixtureEvent): FixtureEvent[] {
    return patternStarts(master)
      .map((originalStart) => {
        const change = this.instanceChanges.get(instanceIdOf(master.id, originalStart));
        if (change?.cancelled) return undefined;
        return change?.event ?? this.instanceAt(master, originalStart);
      })
      .filter((instance): instance is FixtureEvent => instance !== undefined);
  }

  private instanceAt(master: FixtureEvent, originalStart: string): FixtureEvent {
    const length = readDateTime(master.end)!.getTime() - readDateTime(master.start)!.getTime();
    const start = new Date(originalStart);
    const { recurrence: _recurrence, transactionId: _transaction, ...fields } = master;
    const id = instanceIdOf(master.id, originalStart);
    const answers = this.instanceAnswers.get(id);
    const attendees = structuredClone(master.attendees).map((attendee) => ({ ...attendee, status: answers?.get(attendee.emailAddress.address.toLowerCase()) ?? attendee.status }));
    return {
      ...structuredClone(fields),
      attendees,
      id,
      type: 'occurrence',
      seriesMasterId: master.id,
      originalStart,
      originalStartTimeZone: master.start.timeZone,
      start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(start.getTime() + length).toISOString().slice(0, 19), timeZone: 'UTC' },
    } as FixtureEvent;
  }

  /** GET …/events/{master}/instances: the instances overlapping [startDateTime, endDateTime), both required, times in UTC, only the `$select`ed properties (and `id`) when asked. */
  private listInstances(call: RecordedCall, owner: string, id: string): Reply {
    const master = this.ownedEvent(owner, id);
    const from = call.query.startDateTime ? new Date(call.query.startDateTime) : undefined;
    const to = call.query.endDateTime ? new Date(call.query.endDateTime) : undefined;
    if (!from || !to || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      throw new GraphFault(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
    }
    if (!master.recurrence) return this.page(call, `users('${encodeURIComponent(owner)}')/events('${id}')/instances`, []);
    const select = call.query.$select?.split(',').map((name) => name.trim()).filter(Boolean);
    const shown = this.instancesOf(master)
      .filter((instance) => readDateTime(instance.start)! < to && readDateTime(instance.end)! > from)
      .map((instance) => selected({ ...instance, start: utcDateTime(instance.start), end: utcDateTime(instance.end) }, select));
    return this.page(call, `users('${encodeURIComponent(owner)}')/events('${id}')/instances`, shown);
  }

  private getEvent(call: RecordedCall, owner: string, id: string): Reply {
    const event = this.ownedEvent(owner, id);
    const select = call.query.$select?.split(',').map((name) => name.trim()).filter(Boolean);
    return { status: 200, body: this.withContext(owner, selected(event, select)) };
  }

  private patchEvent(call: RecordedCall, owner: string, id: string): Reply {
    const event = this.ownedEvent(owner, id);
    const input = (call.body as Record<string, unknown> | undefined) ?? {};
    if (event.seriesMasterId) {
      if (input.recurrence !== undefined) throw new GraphFault(400, 'ErrorInvalidRequest', 'An instance of a series has no recurrence of its own.');
      const changed = structuredClone(event);
      this.applyEventChanges(changed, input, false);
      this.instanceAnswers.delete(id);
      changed.type = 'exception';
      this.instanceChanges.set(id, { masterId: String(event.seriesMasterId), originalStart: String(event.originalStart), cancelled: false, event: changed });
      return { status: 200, body: this.withContext(owner, changed) };
    }
    if (input.recurrence !== undefined && input.recurrence !== null) checkRecurrence(input.recurrence, event);
    this.applyEventChanges(event, input, false);
    return { status: 200, body: this.withContext(owner, event) };
  }

  /** Cancels (or deletes) an event: a single event or a whole series goes, an instance alone is cancelled. */
  private cancelEvent(owner: string, id: string): Reply {
    const event = this.ownedEvent(owner, id);
    if (event.seriesMasterId) {
      this.instanceChanges.set(id, { masterId: String(event.seriesMasterId), originalStart: String(event.originalStart), cancelled: true });
      return { status: 202 };
    }
    this.events.delete(id);
    for (const [instanceId, change] of this.instanceChanges) if (change.masterId === id) this.instanceChanges.delete(instanceId);
    return { status: 202 };
  }

  private sendMail(call: RecordedCall, from: string): Reply {
    const body = call.body as Partial<SentMail> | undefined;
    const message = body?.message;
    if (!message || typeof message.subject !== 'string' || !message.body?.content) {
      throw new GraphFault(400, 'ErrorInvalidRequest', 'message with subject and body is required.');
    }
    if (!['text', 'html'].includes(String(message.body.contentType).toLowerCase())) throw new GraphFault(400, 'ErrorInvalidRequest', 'body.contentType must be text or html.');
    if (!Array.isArray(message.toRecipients) || !message.toRecipients.length || !message.toRecipients.every((entry) => entry?.emailAddress?.address)) {
      throw new GraphFault(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
    }
    this.sentMail.push({ from, message, saveToSentItems: body?.saveToSentItems });
    return { status: 202 };
  }

  /**
   * `GET /users/{id}/mailFolders/inbox/messages/delta`, as Graph documents it: the first request may
   * carry `changeType`, `$select` and `$filter=receivedDateTime ge|gt {instant}` (any other filter is
   * a 400); pages follow `@odata.nextLink` (`$skiptoken`), the last page carries `@odata.deltaLink`
   * (`$deltatoken`) for the next round, which reports what was added (and what was removed, as
   * `@removed`, whatever the changeType, as Graph documents) since. Query options of the first
   * request live on in the tokens. `Prefer: odata.maxpagesize` (bounded by the fixture's page size)
   * and `outlook.body-content-type="text"` are honoured.
   */
  private inboxDelta(call: RecordedCall, mailbox: string): Reply {
    const decode = (token: string): DeltaState => {
      try {
        const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
        if (!Number.isInteger(state.after)) throw new Error('no watermark');
        return state;
      } catch {
        throw new GraphFault(400, 'ErrorInvalidUrlQuery', 'The sync state token is not valid.');
      }
    };
    const encode = (state: DeltaState) => Buffer.from(JSON.stringify(state)).toString('base64url');
    let state: DeltaState;
    if (call.query.$skiptoken) state = decode(call.query.$skiptoken);
    else if (call.query.$deltatoken) state = { ...decode(call.query.$deltatoken), offset: 0, upto: undefined };
    else {
      const filter = call.query.$filter;
      const since = filter ? /^receivedDateTime (ge|gt) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/.exec(filter) : null;
      if (filter && !since) throw new GraphFault(400, 'ErrorInvalidUrlQuery', `The only supported $filter is receivedDateTime ge|gt {value} (got ${filter}).`);
      const changeType = call.query.changeType;
      if (changeType && !['created', 'updated', 'deleted'].includes(changeType)) throw new GraphFault(400, 'ErrorInvalidUrlQuery', `Unsupported changeType ${changeType}.`);
      const select = call.query.$select?.split(',').map((name) => name.trim()).filter(Boolean);
      state = { after: 0, ...(select?.length ? { select } : {}), ...(since ? { since: since[2] } : {}), ...(changeType ? { changeType } : {}) };
    }
    const changes = this.inboxes.get(mailbox) ?? [];
    const upto = state.upto ?? this.inboxSeq;
    const firstRound = state.after === 0;
    const removed = new Set(changes.filter((change) => change.removedId && change.seq <= upto).map((change) => change.removedId));
    const inRound = changes.filter((change) => change.seq > state.after && change.seq <= upto).filter((change) => {
      // Graph reports removals whatever the changeType or filter of the round (a folder-level sync event).
      if (change.removedId) return !firstRound;
      if (firstRound && removed.has(change.message!.id)) return false;
      if (state.changeType === 'deleted' || state.changeType === 'updated') return false;
      return !state.since || change.message!.receivedDateTime >= state.since.replace(/\.\d+Z$/, 'Z');
    });
    const preferred = /odata\.maxpagesize=(\d+)/.exec(call.headers.prefer ?? '')?.[1];
    const size = Math.max(1, Math.min(preferred ? Number(preferred) : this.options.pageSize, this.options.pageSize));
    const offset = state.offset ?? 0;
    const page = inRound.slice(offset, offset + size);
    const asText = /outlook\.body-content-type="?text"?/.test(call.headers.prefer ?? '');
    const link = new URL(`${this.baseUrl}/users/${encodeURIComponent(mailbox)}/mailFolders/inbox/messages/delta`);
    const more = offset + size < inRound.length;
    link.searchParams.set(more ? '$skiptoken' : '$deltatoken', encode(more ? { ...state, upto, offset: offset + size } : { ...state, after: upto, offset: 0, upto: undefined }));
    return {
      status: 200,
      body: {
        '@odata.context': `${this.baseUrl}/$metadata#Collection(message)`,
        value: page.map((change) => (change.removedId ? { '@odata.type': '#microsoft.graph.message', id: change.removedId, '@removed': { reason: 'deleted' } } : shownMessage(change.message!, state.select, asText))),
        [more ? '@odata.nextLink' : '@odata.deltaLink']: link.toString(),
      },
    };
  }

  private listAttachments(call: RecordedCall, mailbox: string, id: string): Reply {
    const change = (this.inboxes.get(mailbox) ?? []).find((entry) => entry.message?.id === id);
    if (!change) throw new GraphFault(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const select = call.query.$select?.split(',').map((name) => name.trim()).filter(Boolean);
    const items = (change.attachments ?? []).map((attachment) =>
      select?.length ? Object.fromEntries(Object.entries(attachment).filter(([name]) => name === 'id' || name === '@odata.type' || select.includes(name))) : attachment,
    );
    return this.page(call, `users('${encodeURIComponent(mailbox)}')/messages('${id}')/attachments`, items);
  }

  /**
   * POST /users/{id}/teamwork/installedApps: 201 with no body (as Graph answers), 409 when the app is
   * already installed for the user, 403 for a user {@link installRefusedFor} lists, 404 for an app
   * not in {@link catalogApps} (when it lists any) or an unknown user.
   */
  private installApp(call: RecordedCall, user: string): Reply {
    const bind = (call.body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
    const appId = typeof bind === 'string' ? new RegExp(`^${escapeRegExp(this.baseUrl)}/appCatalogs/teamsApps/([^/]+)$`).exec(bind)?.[1] : undefined;
    if (!appId) throw new GraphFault(400, 'BadRequest', 'teamsApp@odata.bind must reference an app in appCatalogs/teamsApps.');
    const app = decodeURIComponent(appId);
    if (this.installRefusedFor.has(user)) throw new GraphFault(403, 'Forbidden', 'The app is blocked by the app permission policy of the user.');
    if (this.catalogApps.size && !this.catalogApps.has(app)) throw new GraphFault(404, 'NotFound', `The app '${app}' is not in the app catalog.`);
    const key = `${user}|${app}`;
    if (this.installedApps.has(key)) throw new GraphFault(409, 'Conflict', 'App is already installed.');
    this.installedApps.add(key);
    this.installationIds.set(key, Buffer.from(`${user}##${app}`).toString('base64url'));
    return { status: 201 };
  }

  /** GET /users/{id}/teamwork/installedApps with the only `$filter` the product sends (`teamsApp/id eq '…'`) and `$expand=teamsApp`. */
  private listInstalledApps(call: RecordedCall, user: string): Reply {
    const filter = call.query.$filter ?? '';
    const match = /^teamsApp\/id eq '((?:[^']|'')*)'$/.exec(filter);
    if (filter && !match) throw new GraphFault(400, 'BadRequest', `Unsupported query: ${filter}`);
    const wanted = match?.[1]!.replace(/''/g, "'");
    const installed = [...this.installationIds].filter(([key]) => key.startsWith(`${user}|`) && (!wanted || key === `${user}|${wanted}`));
    const expand = (call.query.$expand ?? '').split(',').includes('teamsApp');
    return this.page(
      call,
      `users('${encodeURIComponent(user)}')/teamwork/installedApps`,
      installed.map(([key, id]) => {
        const app = key.slice(user.length + 1);
        return { id, ...(expand ? { teamsApp: { id: app, externalId: app, displayName: 'Mesa de servicios VC', distributionMethod: 'organization' } } : {}) };
      }),
    );
  }

  /** GET /users/{id}/teamwork/installedApps/{installation}/chat: the 1:1 chat of the user with the app's bot. */
  private installationChat(user: string, installationId: string): Reply {
    const installed = [...this.installationIds].find(([key, id]) => id === installationId && key.startsWith(`${user}|`));
    if (!installed) throw new GraphFault(404, 'NotFound', `The installation '${installationId}' was not found.`);
    return {
      status: 200,
      body: { '@odata.context': `${this.baseUrl}/$metadata#chats/$entity`, id: `19:${user}_${idFor(installed[0])}@unq.gbl.spaces`, topic: null, chatType: 'oneOnOne', createdDateTime: new Date().toISOString() },
    };
  }

  /**
   * GET /users with the only `$filter` the product sends (`mail eq '…' or userPrincipalName eq '…'`,
   * quotes doubled as OData escapes them) and `$select`; a filter it does not know is a 400, as
   * Graph answers an unsupported query.
   */
  private listUsers(call: RecordedCall): Reply {
    const filter = call.query.$filter ?? '';
    const match = /^mail eq '((?:[^']|'')*)' or userPrincipalName eq '((?:[^']|'')*)'$/.exec(filter);
    if (filter && !match) throw new GraphFault(400, 'Request_UnsupportedQuery', `Unsupported query: ${filter}`);
    const [mail, upn] = match ? [match[1]!.replace(/''/g, "'"), match[2]!.replace(/''/g, "'")] : ['', ''];
    const found = this.directoryUsers.filter((user) => !match || user.mail?.toLowerCase() === mail || user.userPrincipalName.toLowerCase() === upn);
    const fields = call.query.$select?.split(',') ?? ['id', 'displayName', 'mail', 'userPrincipalName'];
    return this.page(call, 'users', found.map((user) => Object.fromEntries(fields.map((field) => [field, (user as unknown as Record<string, unknown>)[field] ?? null]))));
  }

  private page(call: RecordedCall, context: string, items: Array<Record<string, unknown>>): Reply {
    const offset = call.query.$skiptoken ? Number(Buffer.from(call.query.$skiptoken, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new GraphFault(400, 'BadRequest', 'Invalid $skiptoken.');
    const size = call.query.$top ? Math.min(Number(call.query.$top), this.options.pageSize) : this.options.pageSize;
    const next = offset + size;
    const link = new URL(`${this.baseUrl}/${call.path.slice('/v1.0/'.length)}`);
    for (const [name, value] of Object.entries(call.query)) if (name !== '$skiptoken') link.searchParams.set(name, value);
    link.searchParams.set('$skiptoken', Buffer.from(String(next)).toString('base64url'));
    return {
      status: 200,
      body: {
        '@odata.context': `${this.baseUrl}/$metadata#${context}`,
        value: items.slice(offset, next),
        ...(next < items.length ? { '@odata.nextLink': link.toString() } : {}),
      },
    };
  }

  private withContext(owner: string, entity: object): Record<string, unknown> {
    return { '@odata.context': `${this.baseUrl}/$metadata#users('${encodeURIComponent(owner)}')/events/$entity`, '@odata.etag': `W/"${randomBytes(8).toString('base64')}"`, ...entity };
  }
}

/** A message as a delta page shows it: the `$select`ed properties (all without one) and `id`; a text body when asked. */
function shownMessage(message: FixtureMessage, select: string[] | undefined, asText: boolean): Record<string, unknown> {
  const body = asText && message.body.contentType === 'html' ? { contentType: 'text', content: htmlToText(message.body.content, { wordwrap: false }) } : message.body;
  const whole: Record<string, unknown> = { '@odata.type': '#microsoft.graph.message', '@odata.etag': `W/"${message.changeKey as string}"`, ...message, body };
  const { internetMessageHeaders, ...rest } = whole;
  if (!select?.length) return rest;
  return Object.fromEntries(Object.entries(whole).filter(([name]) => name === 'id' || name.startsWith('@odata') || select.includes(name)));
}

/** An entity with only the `$select`ed properties and its `id` (all of them without a `$select`). */
function selected(entity: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  return select?.length ? Object.fromEntries(Object.entries(entity).filter(([name]) => name === 'id' || select.includes(name))) : entity;
}

function matches(matcher: RouteMatcher, call: { method: string; path: string }): boolean {
  const line = `${call.method} ${call.path}`;
  if (typeof matcher === 'string') return line.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(line);
  return matcher(call);
}

function failureReply(failure: InjectedFailure): Reply {
  const codes: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalServerError', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' };
  const reply = graphError(failure.status, failure.code ?? codes[failure.status] ?? 'InjectedFailure', failure.message ?? `Injected ${failure.status}.`);
  return failure.retryAfterSeconds === undefined ? reply : { ...reply, headers: { 'retry-after': String(failure.retryAfterSeconds) } };
}

function graphError(status: number, code: string, message: string): Reply {
  return {
    status,
    body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } },
  };
}

function roomResource(room: FixtureRoom): Record<string, unknown> {
  return {
    id: idFor(room.emailAddress),
    emailAddress: room.emailAddress,
    displayName: room.displayName,
    capacity: room.capacity ?? null,
    bookingType: 'standard',
    isWheelchairAccessible: false,
    tags: [],
    audioDeviceName: null,
    videoDeviceName: null,
    displayDevice: null,
  };
}

const weekdayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A `patternedRecurrence` as Graph accepts one for a weekly series (400 otherwise); the master must start on the range's start date. */
function checkRecurrence(value: unknown, master: FixtureEvent): void {
  const recurrence = value as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
  const pattern = recurrence?.pattern;
  const range = recurrence?.range;
  const bad = (message: string) => new GraphFault(400, 'ErrorInvalidRequest', message);
  if (!pattern || !range) throw bad('recurrence needs pattern and range.');
  if (pattern.type !== 'weekly') throw bad(`The fixture knows weekly patterns only, not ${String(pattern.type)}.`);
  if (!Number.isInteger(pattern.interval) || (pattern.interval as number) < 1 || (pattern.interval as number) > 99) throw bad('pattern.interval must be an integer from 1 to 99.');
  if (!Array.isArray(pattern.daysOfWeek) || !pattern.daysOfWeek.length || !pattern.daysOfWeek.every((day) => weekdayNames.includes(day as string))) throw bad('pattern.daysOfWeek must list weekday names.');
  if (pattern.firstDayOfWeek !== undefined && !weekdayNames.includes(pattern.firstDayOfWeek as string)) throw bad('pattern.firstDayOfWeek must be a weekday name.');
  const isDate = (text: unknown) => typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text).isValid;
  if (!isDate(range.startDate)) throw bad('range.startDate must be a date (yyyy-MM-dd).');
  if (range.recurrenceTimeZone !== undefined && !zoneOf(String(range.recurrenceTimeZone))) throw bad(`Unknown recurrenceTimeZone ${String(range.recurrenceTimeZone)}.`);
  if (range.type === 'endDate') {
    if (!isDate(range.endDate) || (range.endDate as string) < (range.startDate as string)) throw bad('range.endDate must be a date on or after startDate.');
  } else if (range.type === 'numbered') {
    if (!Number.isInteger(range.numberOfOccurrences) || (range.numberOfOccurrences as number) < 1) throw bad('range.numberOfOccurrences must be a positive integer.');
  } else if (range.type !== 'noEnd') {
    throw bad('range.type must be endDate, noEnd or numbered.');
  }
  const zone = zoneOf(String(range.recurrenceTimeZone ?? master.start.timeZone))!;
  const startDate = DateTime.fromJSDate(readDateTime(master.start)!, { zone }).toISODate();
  if (startDate !== range.startDate) throw bad(`The series starts on ${startDate}, not on its range.startDate ${String(range.startDate)}.`);
}

/** The original start instants (ISO, UTC) a master's weekly pattern gives, at most two years of them for a series without end. */
function patternStarts(master: FixtureEvent): string[] {
  const { pattern, range } = master.recurrence as {
    pattern: { interval: number; daysOfWeek: string[]; firstDayOfWeek?: string };
    range: { type: string; startDate: string; endDate?: string; numberOfOccurrences?: number; recurrenceTimeZone?: string };
  };
  const zone = zoneOf(range.recurrenceTimeZone ?? master.start.timeZone)!;
  const first = DateTime.fromJSDate(readDateTime(master.start)!, { zone });
  const startDay = DateTime.fromISO(range.startDate, { zone });
  const weekStartIndex = weekdayNames.indexOf(pattern.firstDayOfWeek ?? 'sunday');
  const weekStart = startDay.minus({ days: (startDay.weekday - 1 - weekStartIndex + 7) % 7 });
  const lastDay = range.type === 'endDate' ? range.endDate! : startDay.plus({ years: 2 }).toISODate()!;
  const starts: string[] = [];
  for (let week = 0; week < 1200; week += pattern.interval) {
    for (let offset = 0; offset < 7; offset += 1) {
      const day = weekStart.plus({ weeks: week, days: offset });
      if (!pattern.daysOfWeek.includes(weekdayNames[day.weekday - 1]!) || day < startDay) continue;
      if (day.toISODate()! > lastDay) return starts;
      if (range.type === 'numbered' && starts.length === range.numberOfOccurrences) return starts;
      starts.push(day.set({ hour: first.hour, minute: first.minute, second: first.second }).toUTC().toISO({ suppressMilliseconds: true })!);
    }
  }
  return starts;
}

/** An instance's id: derived from its master and original start, so the same instance is listed with the same id. */
function instanceIdOf(masterId: string, originalStart: string): string {
  return `AAMkAD${createHash('sha256').update(`${masterId}|${originalStart}`).digest('base64url').slice(0, 40)}=`;
}

/** A dateTimeTimeZone as Graph writes it in UTC. */
function utcDateTime(value: { dateTime: string; timeZone: string }): { dateTime: string; timeZone: string } {
  return { dateTime: `${readDateTime(value)!.toISOString().slice(0, 19)}.0000000`, timeZone: 'UTC' };
}

function idFor(address: string): string {
  return Buffer.from(address.toLowerCase()).toString('hex').slice(0, 32).toUpperCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    return 'client_secret' in form ? { ...form, client_secret: '[redacted]' } : form;
  }
  if (!contentType?.includes('json')) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new GraphFault(400, 'BadRequest', `Body is not JSON: ${(error as Error).message}`);
  }
}
