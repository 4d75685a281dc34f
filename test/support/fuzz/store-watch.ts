import type { Db, Document } from 'mongodb';
import { samePerson, workflowRules } from '../../../services/requests/request-workflow.js';
import type { CommandType, ConfiguredRole, RequestStatus } from '../../../services/requests/request-types.js';
import { fuzzPeople, rosterEmailOf, type FuzzPerson } from './fuzz-people.js';

/**
 * What the product keeps, read straight from the database before and after each fuzz payload,
 * and the rule that every change in between was one the payload's sender was entitled to make.
 *
 * The primary collections (requests, their events, bookings and slots, bot state, Teams references,
 * resources) may change only by the sender's own legal acts: a new event must be a transition the
 * status machine's rules allow (kind, from, to, acting role) by the sender themselves, holding that
 * role or being the request's requester; a refused sender (another tenant, another channel, no
 * Teams of ours) and every GET change nothing. The effect side (deliveries, attempts, outbox,
 * notice failures, wait jobs) may be written at any time, but only for an event that exists.
 */

/** Who sent a payload, as the spec defines it (not as the product computed it). */
export interface SenderView {
  /** A Teams activity of our tenant (channel `msteams`, tenant from channel data, else the conversation). */
  accepted: boolean;
  /** The Entra object id (trimmed, lower-case), or '' when the activity has no usable one. */
  objectId: string;
  roles: readonly ConfiguredRole[];
  /** The e-mail the roster gives for the object id (the only e-mail the product may learn for it). */
  email: string | undefined;
  activity: Record<string, unknown> | null;
}

const statusChanges: Partial<Record<CommandType, RequestStatus>> = {
  register: 'Registro',
  take: 'En Proceso',
  'request-info': 'Pendiente por el usuario',
  reply: 'En Proceso',
  'wait-timeout': 'No Procede',
  hold: 'Espera',
  resume: 'En Proceso',
  finish: 'Terminada',
  reject: 'No Procede',
  cancel: 'Cancelada',
};

/** The collections the product writes; any other one appearing is itself a violation. */
export const productCollections = [
  'requests',
  'request_events',
  'effect_deliveries',
  'effect_attempts',
  'notice_failures',
  'teams_references',
  'resources',
  'bookings',
  'booking_slots',
  'outbox',
  'bot_state',
  'agendaJobs',
  'agenda_logs',
  // Each instance's own liveness record (written by the process on a timer, never by a payload).
  'instance_heartbeats',
  // The folio counter of each year: never behind the highest folio stored (checked below).
  'counters',
  // The secrets of the signed download links and of the reply tokens: written once, never changed (checked below).
  'document_link_state',
  'inbound_mail_state',
  // Claims of the service mailbox's messages: no mailbox is polled here, so it stays empty (checked below).
  'inbound_mail',
  // The reports' day summaries, derived from the stored requests and rebuilt from them at any time.
  'report_state',
  'report_days',
  'report_booking_days',
] as const;

interface EventView {
  _id: string;
  requestId: string;
  seq: number;
  kind: string;
  from: RequestStatus | null;
  to: RequestStatus;
  actorId: string;
  role: string;
}

export interface Snapshot {
  takenAt: number;
  requests: Map<string, Document>;
  requestJson: Map<string, string>;
  eventCount: number;
  bookings: Map<string, Document>;
  bookingJson: Map<string, string>;
  slotCount: number;
  slots: Map<string, string> | null;
  botState: Map<string, string>;
  references: Map<string, Document>;
  referenceJson: Map<string, string>;
}

const asvObjectIds = new Set(Object.values(fuzzPeople as Record<string, FuzzPerson>).filter((person) => person.roles.includes('ASV')).map((person) => person.objectId));

/** Reads snapshots and checks the changes between two of them. */
export class StoreWatch {
  /** Every event seen so far (events are never deleted), for attributing the effect side. */
  readonly events = new Map<string, EventView>();
  /** The changes fuzz payloads made, by kind (seeding not counted). */
  readonly transitions = new Map<string, number>();

  constructor(private readonly db: Db) {}

  async snapshot(previous?: Snapshot): Promise<Snapshot> {
    const takenAt = Date.now();
    // Counts from the collection's metadata (one cheap command; the periodic check compares them with exact counts).
    const [requests, eventCount, bookings, slotCount, botState, references] = await Promise.all([
      this.db.collection('requests').find({}, { projection: { history: 0 } }).toArray(),
      this.db.collection('request_events').estimatedDocumentCount(),
      this.db.collection('bookings').find({}, { projection: { body: 0 } }).toArray(),
      this.db.collection('booking_slots').estimatedDocumentCount(),
      this.db.collection('bot_state').find({}, { projection: { j: 0 } }).toArray(),
      this.db.collection('teams_references').find({}).toArray(),
    ]);
    const byId = (documents: Document[]) => new Map(documents.map((document) => [String(document._id), document]));
    const json = (documents: Map<string, Document>) => new Map([...documents].map(([id, document]) => [id, JSON.stringify(document)]));
    const requestMap = byId(requests);
    const bookingMap = byId(bookings);
    const bookingJson = json(bookingMap);
    const sameBookings = previous && previous.bookingJson.size === bookingJson.size && [...bookingJson].every(([id, text]) => previous.bookingJson.get(id) === text);
    const slots =
      previous?.slots && previous.slotCount === slotCount && sameBookings
        ? previous.slots
        : new Map((await this.db.collection('booking_slots').find({}).toArray()).map((slot) => [String(slot._id), String(slot.bookingId)]));
    if (eventCount !== this.events.size + this.pending.length) {
      const seen = (id: string) => this.events.has(id) || this.pending.some((event) => event._id === id);
      const read = async (filter: Document) => {
        for (const event of await this.db.collection('request_events').find(filter, { projection: { changes: 0, effects: 0 } }).toArray()) {
          if (seen(String(event._id))) continue;
          const entry = event.entry as { kind: string; from: RequestStatus | null; to: RequestStatus; actor: { id: string; role: string } };
          this.pending.push({ _id: String(event._id), requestId: String(event.requestId), seq: Number(event.seq), kind: entry.kind, from: entry.from, to: entry.to, actorId: entry.actor?.id ?? '', role: entry.actor?.role ?? '' });
        }
      };
      // Recent events first (an event's `at` is the moment its change was decided, just before it was written).
      if (previous) await read({ at: { $gte: new Date(previous.takenAt - 60_000) } });
      if (eventCount !== this.events.size + this.pending.length) await read({});
    }
    return {
      takenAt,
      requests: requestMap,
      requestJson: json(requestMap),
      eventCount,
      bookings: bookingMap,
      bookingJson,
      slotCount,
      slots,
      botState: json(byId(botState)),
      references: byId(references),
      referenceJson: json(byId(references)),
    };
  }

  /** Events read by the last snapshot and not yet checked. */
  private pending: EventView[] = [];

  /**
   * The violations between `before` and `after` for a payload of `sender` (empty when every change
   * was the sender's to make). `afterSeeding` accepts the changes as the suite's own seeding.
   */
  async check(before: Snapshot, after: Snapshot, sender: SenderView | null, options: { seeding?: boolean } = {}): Promise<string[]> {
    const violations: string[] = [];
    const fresh = this.pending.sort((a, b) => a.requestId.localeCompare(b.requestId) || a.seq - b.seq);
    this.pending = [];
    for (const event of fresh) this.events.set(event._id, event);
    if (options.seeding) return violations;
    for (const event of fresh) this.transitions.set(event.kind, (this.transitions.get(event.kind) ?? 0) + 1);
    const who = sender ? (sender.accepted ? `sender ${sender.objectId || '(no object id)'} [${sender.roles.join(',') || 'no role'}]` : 'a refused sender') : 'a GET or a refused body';
    const may = (role: ConfiguredRole) => Boolean(sender?.accepted && sender.roles.includes(role));


    // Events: each a legal transition by the sender, in sequence.
    const lastOf = new Map<string, { version: number; status: RequestStatus | null }>();
    const eventsByRequest = new Map<string, EventView[]>();
    for (const event of fresh) {
      eventsByRequest.set(event.requestId, [...(eventsByRequest.get(event.requestId) ?? []), event]);
      const was = before.requests.get(event.requestId);
      const previous = lastOf.get(event.requestId) ?? (was ? { version: Number(was.version), status: was.status as RequestStatus } : { version: 0, status: null });
      const rule = Object.hasOwn(workflowRules, event.kind) ? workflowRules[event.kind as CommandType] : undefined;
      const label = `event ${event._id} (${event.kind} ${event.from ?? 'null'} → ${event.to} as ${event.role} by ${event.actorId || '(no id)'})`;
      if (!rule) violations.push(`${label}: no rule of the status machine has this kind`);
      else {
        if (!(rule.roles as readonly string[]).includes(event.role)) violations.push(`${label}: the rule allows only ${rule.roles.join('/')}`);
        if (!rule.from.includes(event.from)) violations.push(`${label}: the rule does not apply from ${event.from}`);
      }
      if (event.seq !== previous.version + 1) violations.push(`${label}: seq ${event.seq} does not follow version ${previous.version}`);
      if (event.from !== previous.status) violations.push(`${label}: the request was ${previous.status}, not ${event.from}`);
      const to = statusChanges[event.kind as CommandType] ?? event.from;
      if (event.to !== to) violations.push(`${label}: ${event.kind} leads to ${to}`);
      if (!sender?.accepted) violations.push(`${label}: written during a payload of ${who}`);
      else if (event.actorId !== sender.objectId) violations.push(`${label}: the actor is not the sender (${sender.objectId || 'no object id'})`);
      else if (event.role === 'REQUESTER') {
        const request = event.kind === 'register' ? after.requests.get(event.requestId) : was;
        const requester = request?.requester as { id?: string; email?: string } | undefined;
        if (!requester || !samePerson({ id: requester.id ?? '', email: requester.email }, { id: sender.objectId, email: sender.email })) {
          violations.push(`${label}: the sender is not the request's requester (${JSON.stringify(requester)})`);
        }
      } else if (!sender.roles.includes(event.role as ConfiguredRole)) violations.push(`${label}: the sender does not hold ${event.role}`);
      if (event.kind === 'finish') {
        const form = was?.form as { complete?: boolean; service?: string } | null | undefined;
        if (!was?.booking || !form?.complete || form.service !== was.service) violations.push(`${label}: finished without a complete form and a booking`);
      }
      lastOf.set(event.requestId, { version: event.seq, status: event.to });
    }

    // Requests: a changed or new document only with its events, and as they leave it.
    for (const [id, text] of after.requestJson) {
      const last = lastOf.get(id);
      const document = after.requests.get(id)!;
      if (!before.requestJson.has(id) && !fresh.some((event) => event.requestId === id && event.kind === 'register')) violations.push(`request ${id} appeared without a registration`);
      if (before.requestJson.get(id) !== text && !last) violations.push(`request ${id} changed without an event: ${diffText(before.requestJson.get(id), text)}`);
      const assignee = (document.assignee ?? {}) as { id?: string };
      if (before.requestJson.get(id) !== text && !asvObjectIds.has(assignee.id ?? '')) violations.push(`request ${id} is assigned to ${JSON.stringify(assignee)}, no ASV`);
      if (last && (Number(document.version) !== last.version || document.status !== last.status)) {
        violations.push(`request ${id} is at v${document.version} ${document.status}, its events end at v${last.version} ${last.status}`);
      }
    }
    for (const id of before.requestJson.keys()) if (!after.requestJson.has(id)) violations.push(`request ${id} was deleted`);

    // Bookings and their slots: an ASV's booking, or a release caused by an event of this payload.
    const newBookingRequests = new Set<string>();
    for (const [id, text] of after.bookingJson) {
      if (before.bookingJson.get(id) === text) continue;
      const booking = after.bookings.get(id)!;
      const label = `booking ${id} (request ${booking.requestId}, ${booking.status})`;
      if (!before.bookingJson.has(id)) {
        newBookingRequests.add(String(booking.requestId));
        if (!may('ASV')) violations.push(`${label} created during a payload of ${who}`);
        else if (booking.createdBy !== sender!.objectId) violations.push(`${label} created by ${booking.createdBy}, not the sender`);
      }
    }
    for (const [id, text] of after.bookingJson) {
      if (!before.bookingJson.has(id) || before.bookingJson.get(id) === text) continue;
      const booking = after.bookings.get(id)!;
      const requestId = String(booking.requestId);
      const label = `booking ${id} (request ${requestId}) changed ${String(before.bookings.get(id)?.status)} → ${String(booking.status)}`;
      if (!may('ASV') && !may('DAU')) violations.push(`${label} during a payload of ${who}`);
      else if (!eventsByRequest.has(requestId) && !newBookingRequests.has(requestId)) violations.push(`${label} with no event or new booking for its request`);
    }
    for (const id of before.bookingJson.keys()) if (!after.bookingJson.has(id)) violations.push(`booking ${id} was deleted`);
    if (after.slots !== before.slots && before.slots && after.slots) {
      const changed = [...after.slots].filter(([id, booking]) => before.slots!.get(id) !== booking).length + [...before.slots.keys()].filter((id) => !after.slots!.has(id)).length;
      if (changed && !may('ASV') && !may('DAU')) violations.push(`${changed} booking slots changed during a payload of ${who}`);
      for (const [id, booking] of after.slots) if (!after.bookings.has(booking)) violations.push(`slot ${id} is held by booking ${booking}, which does not exist`);
    }

    // Bot state: only an ASV's own form dialog of a request that exists.
    for (const [id, text] of after.botState) {
      if (before.botState.get(id) === text) continue;
      // The document is the item under its key, or (other layouts of the storage) a head `h:<key>` or a version `v:<key>#<n>`.
      const parts = /^(?:h:|v:)?msteams\/serviceForm\/([^/]+)\/([^#]+)(?:#\d+)?$/.exec(id);
      if (!may('ASV')) violations.push(`bot state ${id} written during a payload of ${who}`);
      else if (!parts || !after.requests.has(parts[1]!) || parts[2] !== sender!.objectId) violations.push(`bot state ${id} is not the sender's form dialog of a request`);
    }
    for (const id of before.botState.keys()) if (!after.botState.has(id) && !may('ASV')) violations.push(`bot state ${id} deleted during a payload of ${who}`);

    // Teams references: the sender's own record, or a request's channel card (an effect).
    for (const [id, text] of after.referenceJson) {
      if (before.referenceJson.get(id) === text) continue;
      const document = after.references.get(id)!;
      const earlier = before.references.get(id);
      if (id.startsWith('thread:')) {
        if (!after.requests.has(id.slice('thread:'.length))) violations.push(`channel card ${id} of no request`);
        continue;
      }
      if (!id.startsWith('person:')) {
        violations.push(`teams reference ${id} is neither a person nor a request thread`);
        continue;
      }
      const objectId = id.slice('person:'.length);
      if (!sender?.accepted || !sender.objectId || objectId !== sender.objectId) {
        violations.push(`teams reference ${id} written during a payload of ${who}`);
        continue;
      }
      if (document.email !== earlier?.email && document.email !== rosterEmailOf(objectId)) violations.push(`teams reference ${id} took the e-mail ${JSON.stringify(document.email)}, which the roster does not give for it`);
      if (JSON.stringify(document.reference) !== JSON.stringify(earlier?.reference)) {
        const activity = sender.activity ?? {};
        const conversation = (activity.conversation ?? {}) as { id?: unknown; isGroup?: unknown; conversationType?: unknown };
        const group = conversation.isGroup === true || conversation.conversationType === 'channel' || conversation.conversationType === 'groupChat';
        const reference = document.reference as { conversation?: { id?: unknown } } | undefined;
        if (!reference) {
          const action = activity.action;
          const uninstalled = activity.type === 'installationUpdate' && (action === 'remove' || action === 'remove-upgrade');
          // Teams also says so with the bot among the members removed from the person's own chat.
          const botId = (activity.recipient as { id?: unknown } | undefined)?.id;
          const botRemoved = activity.type === 'conversationUpdate' && Array.isArray(activity.membersRemoved) && activity.membersRemoved.some((member: { id?: unknown } | null) => member?.id === botId);
          if (!uninstalled && !botRemoved) violations.push(`teams reference ${id} lost its chat without an uninstall`);
        } else if (group) violations.push(`teams reference ${id} took a group conversation as the 1:1 chat`);
        else if (reference.conversation?.id !== conversation.id) violations.push(`teams reference ${id} took conversation ${JSON.stringify(reference.conversation?.id)}, not the activity's`);
      }
    }
    for (const id of before.referenceJson.keys()) if (!after.referenceJson.has(id)) violations.push(`teams reference ${id} was deleted`);

    return violations;
  }

  /** When the effect side was last checked (what was written since then is checked next time). */
  private effectsCheckedAt = 0;
  /** The resource catalogue as first seen (nobody may change it through the bot). */
  private catalogue: string | undefined;
  private secrets = new Map<string, string>();

  /**
   * The effect side, checked every few payloads (its writes are not any one payload's: effects run
   * after the change, and are retried): every delivery, attempt, mail, failure note and wait job
   * written since the last check belongs to an event that exists (an information request, for a
   * wait job); no collection the product does not write has appeared; the resource catalogue has
   * not changed; and the estimated counts the snapshots use are exact.
   */
  async checkEffectSide(): Promise<string[]> {
    const violations: string[] = [];
    const since = new Date(this.effectsCheckedAt - 1000);
    this.effectsCheckedAt = Date.now();
    // The effect side: written for an event that exists, whenever it runs.
    const eventOf = (effectId: string) => effectId.split('/')[0] ?? '';
    const [collections, resources, exactEvents, exactSlots, estimatedEvents, estimatedSlots, deliveries, attempts, outbox, failures, jobs] = await Promise.all([
      this.db.listCollections({}, { nameOnly: true }).toArray(),
      this.db.collection('resources').find({}).sort({ _id: 1 }).toArray(),
      this.db.collection('request_events').countDocuments({}),
      this.db.collection('booking_slots').countDocuments({}),
      this.db.collection('request_events').estimatedDocumentCount(),
      this.db.collection('booking_slots').estimatedDocumentCount(),
      this.db.collection('effect_deliveries').find({ updatedAt: { $gte: since } }, { projection: { eventId: 1, requestId: 1 } }).toArray(),
      this.db.collection('effect_attempts').find({ claimedAt: { $gte: since } }).toArray(),
      this.db.collection('outbox').find({ createdAt: { $gte: since } }, { projection: { requestId: 1 } }).toArray(),
      this.db.collection('notice_failures').find({ updatedAt: { $gte: since } }).toArray(),
      this.db.collection('agendaJobs').find({ 'data.requestId': { $exists: true }, name: { $in: ['wait-timeout', 'wait-reminder'] } }, { projection: { name: 1, data: 1 } }).toArray(),
    ]);
    const catalogue = JSON.stringify(resources.map(({ updatedAt: _updatedAt, ...resource }) => resource));
    if (this.catalogue !== undefined && catalogue !== this.catalogue) violations.push('the resource catalogue changed');
    this.catalogue = catalogue;
    if (exactEvents !== estimatedEvents || exactSlots !== estimatedSlots) {
      violations.push(`harness: the estimated counts (${estimatedEvents} events, ${estimatedSlots} slots) are not the exact ones (${exactEvents}, ${exactSlots}); snapshots rely on them`);
    }
    violations.push(...(await this.checkCountersAndSecrets()));
    for (const { name } of collections) {
      if (!(productCollections as readonly string[]).includes(name)) violations.push(`a collection the fuzz suite has no rule for appeared: ${name} (if the product now writes it, say who may write what there in test/support/fuzz/store-watch.ts)`);
    }
    for (const delivery of deliveries) {
      const event = this.events.get(String(delivery.eventId));
      if (!event || eventOf(String(delivery._id)) !== event._id || event.requestId !== delivery.requestId) violations.push(`effect delivery ${delivery._id} of no recorded event`);
    }
    for (const attempt of attempts) if (!this.events.has(eventOf(String(attempt._id)))) violations.push(`effect attempt ${attempt._id} of no recorded event`);
    for (const mail of outbox) {
      const event = this.events.get(eventOf(String(mail._id)));
      if (!event || event.requestId !== mail.requestId) violations.push(`mail ${mail._id} of no recorded event`);
    }
    for (const failure of failures) {
      for (const effectId of (failure.effectIds as string[]) ?? []) {
        if (this.events.get(eventOf(effectId))?.requestId !== String(failure._id)) violations.push(`notice failure ${effectId} of no recorded event of ${failure._id}`);
      }
    }
    for (const job of jobs) {
      const data = (job.data ?? {}) as { requestId?: unknown; waitId?: unknown };
      if (job.name !== 'wait-timeout' && job.name !== 'wait-reminder') continue;
      const asked = [...this.events.values()].some((event) => event.requestId === data.requestId && event.kind === 'request-info' && String(event.seq) === String(data.waitId));
      if (!asked) violations.push(`wait job ${job.name} ${JSON.stringify(data)} of no information request`);
    }
    return violations;
  }

  /**
   * Each year's folio counter is at least the highest folio number stored (a counter behind would
   * hand out a folio again); the two secrets, once written, never change; no mail was claimed.
   */
  private async checkCountersAndSecrets(): Promise<string[]> {
    const violations: string[] = [];
    const [counters, highest, secrets, mailClaims] = await Promise.all([
      this.db.collection<{ _id: string; n: number }>('counters').find({}).toArray(),
      this.db.collection('requests').aggregate<{ _id: number; n: number }>([{ $group: { _id: '$folioYear', n: { $max: '$folioNumber' } } }]).toArray(),
      Promise.all(['document_link_state', 'inbound_mail_state'].map((name) => this.db.collection(name).find({}).sort({ _id: 1 }).toArray())),
      this.db.collection('inbound_mail').countDocuments({}),
    ]);
    for (const year of highest) {
      const counter = counters.find((candidate) => candidate._id === `folio:${year._id}`);
      if (!counter || counter.n < year.n) violations.push(`the folio counter of ${year._id} (${counter?.n ?? 'none'}) is behind the highest folio stored (${year.n})`);
    }
    const secretsNow = new Map(secrets.flat().map((secret) => [String(secret._id), JSON.stringify(secret)]));
    for (const [id, secret] of this.secrets) if (secretsNow.get(id) !== secret) violations.push(`the stored secret ${id} changed or disappeared`);
    this.secrets = secretsNow;
    if (mailClaims) violations.push(`${mailClaims} inbound mail claim(s) appeared, with no mailbox polled`);
    return violations;
  }
}

/** The first difference between two JSON texts, briefly. */
function diffText(before: string | undefined, after: string): string {
  if (before === undefined) return `(new) ${after.slice(0, 200)}`;
  let index = 0;
  while (index < before.length && before[index] === after[index]) index += 1;
  return `…${before.slice(Math.max(0, index - 60), index + 80)}… → …${after.slice(Math.max(0, index - 60), index + 80)}…`;
}
