/**
 * Audits a service desk's database (and what the fake Bot Connector received) for the standing
 * tests, reading the collections directly — never through the product's own code paths:
 *
 * - every request's projection equals the fold of its `request_events` in `seq` order (version,
 *   status, each projected field from the events' `changes`, the history entry by entry);
 * - every event's effects are settled (`effectsOpen: false`) and every effect has a `delivered`
 *   record (none retrying, none given up);
 * - every Teams activity the connector got (card posts, thread replies, 1:1 notices, DAU cards)
 *   is the one a delivered effect recorded: a POST no delivery and no request thread names was
 *   sent twice (the effect ran again after it had already reached Teams), and a reference to a
 *   POST the connector never got is a lie; every 1:1 notice the requester should get went;
 * - every mail of a delivered e-mail step is in the outbox, once (its `_id` is the step's id), and
 *   nothing else is;
 * - the last card activity the connector got for each request (post or update in place) shows
 *   the request's stored status and version.
 */
import type { Db } from 'mongodb';
import { statusColours } from '../../cards/request-card.js';
import type { RequestStatus } from '../../services/requests/request-types.js';
import { cardVersion, contentText, type ConnectorCall, type FakeConnector } from './fake-connector.js';

const projectedFields = ['requester', 'dependencia', 'description', 'service', 'status', 'assignee', 'form', 'booking', 'wait', 'teams'] as const;

/** The blank request registrations are folded onto (as `RequestService` builds it). */
const blank: Record<(typeof projectedFields)[number], unknown> = {
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
};

/** A canonical text of a stored value: keys sorted, absent and null members dropped, dates as ISO. */
export function canonical(value: unknown): string {
  const walk = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const member = (v as Record<string, unknown>)[key];
        if (member !== null && member !== undefined) out[key] = walk(member);
      }
      return out;
    }
    return v ?? null;
  };
  return JSON.stringify(walk(value));
}

interface EventDoc {
  _id: string;
  requestId: string;
  seq: number;
  commandId: string;
  entry: Record<string, unknown> & { seq: number; kind: string };
  changes: Record<string, unknown>;
  effects: Array<Record<string, unknown> & { id: string; type: string }>;
  effectsOpen: boolean;
}
interface RequestDoc {
  _id: string;
  folio: string;
  status: RequestStatus;
  version: number;
  history: Array<Record<string, unknown> & { seq: number; kind: string }>;
  [field: string]: unknown;
}
interface DeliveryDoc {
  _id: string;
  requestId: string;
  eventId: string;
  step: string | null;
  status: string;
  channel: string | null;
  reference: string | null;
  effect: { id: string; type: string; notice?: string };
}

/** Everything the audit found, with the figures the summary lines print. */
export interface AuditReport {
  requests: number;
  events: number;
  effects: number;
  /** One line per request whose projection is not the fold of its events. */
  projectionMismatches: string[];
  /** Events whose effects are not all settled. */
  openEvents: string[];
  /** Effects without a `delivered` record: `<effect id> (<type>): <status or "no record">`. */
  undelivered: string[];
  /** Effects that took more than one attempt (claims in `effect_attempts`). */
  retriedEffects: number;
  teamsPosts: number;
  /** POSTs no delivered effect and no request thread names: sent twice. */
  duplicatePosts: string[];
  /** The same POSTs as calls, to tell when they came. */
  duplicateCalls: ConnectorCall[];
  /** POSTs a delivered effect or a request thread names. */
  namedCalls: ConnectorCall[];
  /** References to POSTs the connector never got. */
  missingPosts: string[];
  /** POST ids named by more than one effect. */
  sharedPosts: string[];
  /** Requester notices whose Teams step was skipped or missing although the requester's chat is known. */
  missingRequesterNotices: string[];
  mails: number;
  /** Outbox mails no delivered e-mail step names. */
  orphanMails: string[];
  /** Delivered e-mail steps whose mail is not in the outbox. */
  missingMails: string[];
  cardUpdates: number;
  updateEffects: number;
  /** Requests whose channel card (last post or update the connector got) does not show the stored status and version. */
  staleCards: string[];
}

/** Every problem of a report, one line each; empty when the desk is consistent. */
export function problemsOf(report: AuditReport): string[] {
  return [
    ...report.projectionMismatches.map((line) => `projection: ${line}`),
    ...report.openEvents.map((id) => `open event: ${id}`),
    ...report.undelivered.map((line) => `undelivered: ${line}`),
    ...report.duplicatePosts.map((line) => `duplicate Teams post: ${line}`),
    ...report.missingPosts.map((line) => `reference to a post Teams never got: ${line}`),
    ...report.sharedPosts.map((line) => `one post named by several effects: ${line}`),
    ...report.missingRequesterNotices.map((line) => `requester's Teams notice missing: ${line}`),
    ...report.orphanMails.map((line) => `mail without delivery: ${line}`),
    ...report.missingMails.map((line) => `delivered mail not in the outbox: ${line}`),
    ...report.staleCards.map((line) => `card not in the stored state: ${line}`),
  ];
}

/**
 * What a Teams post says and where: its conversation and its text (a message's text, else the
 * first card text that names a folio, else the first card text) — the same for a post and its
 * re-send.
 */
export function postKey(call: ConnectorCall): string {
  const texts = [...JSON.stringify(call.body.attachments ?? []).matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]!);
  const text = typeof call.body.text === 'string' && call.body.text ? call.body.text : (texts.find((item) => /(?:VC|TC|NC|SOL)-\d{4}-\d{4}/.test(item)) ?? texts[0] ?? '');
  return `${call.conversationId}|${text}`;
}

/** The connector ids (`fc-N`) a delivery reference names. */
function postIdsIn(reference: string | null): string[] {
  return [...(reference ?? '').matchAll(/(?:channel card|thread reply|1:1|DAU card) (fc-\d+)/g)].map((match) => match[1]!);
}

/**
 * Audits the desk in `db` against what `connector` received. `requesterChats`: object ids of
 * requesters whose 1:1 chat the bot has; `fromCall`: connector calls up to this number are not
 * effects (the set-up's own turns, e.g. the answer to a first message).
 */
export async function auditDesk(db: Db, connector: FakeConnector, options: { requesterChats?: readonly string[]; fromCall?: number } = {}): Promise<AuditReport> {
  const [requests, events, deliveries, attempts, mails, references] = await Promise.all([
    db.collection<RequestDoc>('requests').find().toArray(),
    db.collection<EventDoc>('request_events').find().sort({ requestId: 1, seq: 1 }).toArray(),
    db.collection<DeliveryDoc>('effect_deliveries').find().toArray(),
    db.collection<{ _id: string; owner?: string; claimedAt?: Date }>('effect_attempts').find().toArray(),
    db.collection<{ _id: string; requestId: string }>('outbox').find().toArray(),
    db.collection<{ _id: string; thread?: { cardActivityId: string } }>('teams_references').find({ _id: { $regex: '^thread:' } }).toArray(),
  ]);
  const calls = [...connector.calls];
  const eventsOf = new Map<string, EventDoc[]>();
  for (const event of events) eventsOf.set(event.requestId, [...(eventsOf.get(event.requestId) ?? []), event]);

  // Projections against the fold of their events.
  const projectionMismatches: string[] = [];
  const requestIds = new Set([...requests.map((request) => request._id), ...eventsOf.keys()]);
  const byId = new Map(requests.map((request) => [request._id, request]));
  for (const id of requestIds) {
    const request = byId.get(id);
    const own = eventsOf.get(id) ?? [];
    if (!request) {
      projectionMismatches.push(`${id}: ${own.length} events but no request document`);
      continue;
    }
    const folded: Record<string, unknown> = { ...blank };
    own.forEach((event, index) => {
      if (event.seq !== index + 1) projectionMismatches.push(`${request.folio}: event ${event._id} has seq ${event.seq} at place ${index + 1}`);
      Object.assign(folded, event.changes);
    });
    const problems: string[] = [];
    if (request.version !== own.length) problems.push(`version ${request.version}, events ${own.length}`);
    for (const field of projectedFields) {
      if (canonical(request[field] ?? null) !== canonical(folded[field] ?? null)) problems.push(`${field} ${canonical(request[field])} ≠ ${canonical(folded[field])}`);
    }
    const history = request.history ?? [];
    if (history.length !== own.length) problems.push(`history has ${history.length} entries, events ${own.length}`);
    const seqs = history.map((entry) => entry.seq);
    if (new Set(seqs).size !== seqs.length) problems.push(`duplicate history entries (seqs ${seqs.join(',')})`);
    history.forEach((entry, index) => {
      const event = own[index];
      if (event && canonical(entry) !== canonical(event.entry)) problems.push(`history[${index}] ${canonical(entry)} ≠ event ${canonical(event.entry)}`);
    });
    if (problems.length) projectionMismatches.push(`${request.folio} (${id}): ${problems.join('; ')}`);
  }

  // Effects settled and delivered.
  const deliveryById = new Map(deliveries.map((delivery) => [delivery._id, delivery]));
  const openEvents = events.filter((event) => event.effectsOpen !== false).map((event) => event._id);
  const undelivered: string[] = [];
  let effectCount = 0;
  let updateEffects = 0;
  const attemptsOf = new Map<string, number>();
  for (const attempt of attempts) {
    const effectId = attempt._id.slice(0, attempt._id.lastIndexOf('#'));
    attemptsOf.set(effectId, (attemptsOf.get(effectId) ?? 0) + 1);
  }
  const missingRequesterNotices: string[] = [];
  const chats = new Set(options.requesterChats ?? []);
  const requesterOf = new Map(requests.map((request) => [request._id, (request.requester as { id?: string } | undefined)?.id ?? '']));
  for (const event of events) {
    for (const effect of event.effects ?? []) {
      effectCount += 1;
      if (effect.type === 'update-channel-card') updateEffects += 1;
      const delivery = deliveryById.get(effect.id);
      if (delivery?.status !== 'delivered' && delivery?.status !== 'skipped') {
        const claims = attempts.filter((attempt) => attempt._id.startsWith(`${effect.id}#`)).map((attempt) => `${attempt._id.slice(effect.id.length)} claimed by ${attempt.owner} at ${attempt.claimedAt?.toISOString()}`);
        undelivered.push(`${effect.id} (${effect.type}): ${delivery ? `${delivery.status}` : 'no record'}${claims.length ? `; ${claims.join(', ')}` : '; no attempt claimed'}`);
        continue;
      }
      if (effect.type === 'notify-requester' && chats.has(requesterOf.get(event.requestId) ?? '') && delivery.status !== 'skipped') {
        const teams = deliveryById.get(`${effect.id}:teams`);
        if (teams?.status !== 'delivered' || !postIdsIn(teams.reference).length) missingRequesterNotices.push(`${effect.id} (${String(effect.notice)}): ${teams ? `${teams.status} ${teams.reference}` : 'no Teams step'}`);
      }
    }
  }
  const retriedEffects = [...attemptsOf.values()].filter((count) => count > 1).length;

  // Teams posts against the deliveries that recorded them.
  const namedBy = new Map<string, Set<string>>();
  for (const delivery of deliveries) {
    if (delivery.status !== 'delivered') continue;
    const effectId = delivery.step ? delivery._id.slice(0, -(delivery.step.length + 1)) : delivery._id;
    for (const id of postIdsIn(delivery.reference)) namedBy.set(id, (namedBy.get(id) ?? new Set()).add(effectId));
  }
  const threadCards = new Set(references.map((reference) => reference.thread?.cardActivityId).filter((id): id is string => Boolean(id)));
  const posts = calls.filter((call) => call.method === 'POST' && call.newId && call.n > (options.fromCall ?? 0));
  const postIds = new Set(posts.map((call) => call.newId!));
  const describeCall = (call: ConnectorCall) => `${call.newId ?? call.activityId} to ${call.conversationId}: ${contentText(call).slice(0, 160)}`;
  const duplicateCalls = posts.filter((call) => !namedBy.has(call.newId!) && !threadCards.has(call.newId!));
  const duplicatePosts = duplicateCalls.map(describeCall);
  const namedCalls = posts.filter((call) => namedBy.has(call.newId!) || threadCards.has(call.newId!));
  const missingPosts = [...namedBy.keys()].filter((id) => !postIds.has(id)).map((id) => `${id} named by ${[...namedBy.get(id)!].join(', ')}`);
  const sharedPosts = [...namedBy].filter(([, effects]) => effects.size > 1).map(([id, effects]) => `${id}: ${[...effects].join(', ')}`);

  // Mails against the e-mail steps that recorded them.
  const mailIds = new Set(mails.map((mail) => mail._id));
  const emailSteps = deliveries.filter((delivery) => delivery.step === 'email' && delivery.status === 'delivered' && /^outbox:/.test(delivery.reference ?? ''));
  const stepMails = new Set(emailSteps.map((delivery) => (delivery.reference ?? '').slice('outbox:'.length)));
  const orphanMails = [...mailIds].filter((id) => !stepMails.has(id));
  const missingMails = [...stepMails].filter((id) => !mailIds.has(id));

  // The channel card ends in the stored state.
  const staleCards: string[] = [];
  for (const reference of references) {
    const requestId = reference._id.slice('thread:'.length);
    const cardId = reference.thread?.cardActivityId;
    const request = byId.get(requestId);
    if (!cardId || !request) continue;
    const last = calls.filter((call) => (call.method === 'POST' && call.newId === cardId) || (call.method === 'PUT' && call.activityId === cardId)).at(-1);
    const shown = last ? cardVersion(last) : undefined;
    const showsStatus = last ? contentText(last).includes(`"text":"${request.status}","color":"${statusColours[request.status]}"`) : false;
    if (!shown || shown.version !== request.version || !showsStatus) {
      staleCards.push(`${request.folio}: stored ${request.status} v${request.version}, card ${last ? `${last.method} #${last.n} v${shown?.version ?? '?'}${showsStatus ? '' : ' (other status)'}` : 'never sent'}`);
    }
  }

  return {
    requests: requests.length,
    events: events.length,
    effects: effectCount,
    projectionMismatches,
    openEvents,
    undelivered,
    retriedEffects,
    teamsPosts: posts.length,
    duplicatePosts,
    duplicateCalls,
    namedCalls,
    missingPosts,
    sharedPosts,
    missingRequesterNotices,
    mails: mails.length,
    orphanMails,
    missingMails,
    cardUpdates: calls.filter((call) => call.method === 'PUT').length,
    updateEffects,
    staleCards,
  };
}

/** What the wait of one request came to: its timeouts, and the timed-out notices each recipient got. */
export interface WaitOutcome {
  folio: string;
  timeouts: number;
  /** Whether the request's assignee has an e-mail address (without one, a mail is due only at their directory address). */
  assigneeHasEmail: boolean;
  /** Outbox mails about the timeout, by recipient role. */
  mails: { requester: number; assignee: number; dau: number };
  /** Teams activities about the timeout: the requester's 1:1 notice, the DAU card, the reply in the card's thread. */
  teams: { requester: number; dau: number; thread: number };
}

/**
 * Counts, for each request that was asked for information (a `request-info` in its history), its
 * `wait-timeout` history entries and the timed-out notices: by content (subjects and texts), not
 * through the deliveries, so a notice sent twice shows even if recorded once.
 */
export async function waitOutcomes(
  db: Db,
  connector: FakeConnector,
  channels: { requesterChat: string; dauChannel: string },
): Promise<WaitOutcome[]> {
  const requests = await db.collection<RequestDoc>('requests').find({ 'history.kind': 'request-info' }).toArray();
  const outcomes: WaitOutcome[] = [];
  for (const request of requests) {
    const folio = request.folio;
    const mails = await db.collection<{ subject: string; to: string[] }>('outbox').find({ requestId: request._id }).toArray();
    const posts = connector.posts();
    outcomes.push({
      folio,
      timeouts: request.history.filter((entry) => entry.kind === 'wait-timeout').length,
      assigneeHasEmail: Boolean((request.assignee as { email?: string } | undefined)?.email),
      mails: {
        requester: mails.filter((mail) => mail.subject === `Su solicitud ${folio}: No Procede`).length,
        assignee: mails.filter((mail) => mail.subject === `${folio}: No Procede por falta de respuesta`).length,
        dau: mails.filter((mail) => mail.subject.startsWith(`${folio}: No Procede – seguimiento DAU`)).length,
      },
      teams: {
        requester: posts.filter((call) => call.conversationId === channels.requesterChat && contentText(call).includes(`Su solicitud ${folio}: No Procede`)).length,
        dau: posts.filter((call) => call.conversationId === channels.dauChannel && contentText(call).includes(folio)).length,
        thread: posts.filter((call) => call.conversationId.includes(';messageid=') && contentText(call).includes(`la solicitud ${folio} pasó a No Procede`)).length,
      },
    });
  }
  return outcomes;
}

/**
 * The wait outcomes that are not exactly one timeout and one notice per recipient and channel (an
 * assignee without an e-mail address on the request gets at most one: at the address their
 * directory gave, when the bot knows it).
 */
export function waitProblems(outcomes: readonly WaitOutcome[]): string[] {
  return outcomes
    .filter(
      (outcome) =>
        outcome.timeouts !== 1 ||
        outcome.mails.requester !== 1 ||
        outcome.mails.dau !== 1 ||
        (outcome.assigneeHasEmail ? outcome.mails.assignee !== 1 : outcome.mails.assignee > 1) ||
        Object.values(outcome.teams).some((count) => count !== 1),
    )
    .map((outcome) => `${outcome.folio}: ${outcome.timeouts} timeouts, mails ${JSON.stringify(outcome.mails)}${outcome.assigneeHasEmail ? '' : ' (assignee without e-mail)'}, Teams ${JSON.stringify(outcome.teams)}`);
}

/** Polls `probe` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did and when. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<{ met: boolean; ms: number }> {
  const started = Date.now();
  for (;;) {
    if (await probe()) return { met: true, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) return { met: false, ms: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
