import type { Document } from 'mongodb';
import { inboundActivitySchema } from '../../../bot/http/activity-shape.js';
import { MAX_ACTIVITY_BYTES } from '../../../bot/http/message-route.js';
import type { EnvelopePlan, Plan, TargetPlan } from './payload-arbitraries.js';
import { FUZZ_FEED_TOKEN, OTHER_TENANT_ID, TEST_TENANT_ID, fuzzPeople, rolesOfObjectId, rosterEmailOf } from './fuzz-people.js';
import type { SenderView, Snapshot } from './store-watch.js';

/** A plan made concrete: the HTTP request to send, who it comes from, and what its answer may be. */
export interface ConcretePayload {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  /** The activity as sent (null for a GET or a body that is not one). */
  activity: Record<string, unknown> | null;
  sender: SenderView | null;
  /** What the answer's status must be: a set of statuses, or a class. */
  expect: { statuses?: number[]; classes?: Array<'2xx' | '4xx'>; why: string };
  /** A short label for coverage counts. */
  label: string;
}

/** Invoke names the bot answers itself. */
const handled = new Set(['adaptiveCard/action', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'composeExtension/query']);

const BOT_ID = '28:fz-bot';
const BOT_NAME = 'Mesa de servicios';

/** Turns plans into payloads against the store as the last snapshot saw it. */
export class Materialiser {
  private counter = 0;

  constructor(
    private readonly serviceUrl: string,
    private readonly runTag: string,
  ) {}

  materialise(plan: Plan, snapshot: Snapshot): ConcretePayload {
    this.counter += 1;
    if (plan.surface === 'get') return this.get(plan, snapshot);
    const request = 'target' in plan ? pickTarget(plan.target, snapshot) : undefined;
    const resolve = (value: unknown) => resolveRefs(value, { request, snapshot });
    const activity = this.envelopeOf(plan.envelope);
    let label: string;
    switch (plan.surface) {
      case 'card': {
        const data: Record<string, unknown> = {};
        const fields = resolve(plan.fields) as Record<string, unknown>;
        for (const name of Object.keys(fields)) Object.defineProperty(data, name, { value: fields[name], enumerable: true, writable: true, configurable: true });
        const requestId = resolve(plan.requestId);
        const version = resolve(plan.version);
        if (requestId !== undefined) data.requestId = requestId;
        else delete data.requestId;
        if (version !== undefined) data.version = version;
        else delete data.version;
        const action: Record<string, unknown> = { type: 'Action.Execute', verb: plan.verb, data };
        let value: unknown = { action, trigger: 'manual' };
        switch (plan.shape) {
          case 'no-action': value = { verb: plan.verb, data }; break;
          case 'verb-number': action.verb = 7; break;
          case 'verb-object': action.verb = { verb: plan.verb }; break;
          case 'data-string': action.data = JSON.stringify(data); break;
          case 'data-array': action.data = [data]; break;
          case 'data-null': action.data = null; break;
          case 'no-data': delete action.data; break;
          case 'value-null': value = null; break;
          case 'value-array': value = [action]; break;
          case 'automatic': value = { action, trigger: 'automatic' }; break;
          case 'action-array': value = { action: [action] }; break;
        }
        Object.assign(activity, { type: 'invoke', name: 'adaptiveCard/action', value });
        label = `card:${plan.verb.length <= 24 ? plan.verb : '(long)'}`;
        break;
      }
      case 'extension':
        Object.assign(activity, { type: 'invoke', name: plan.name, value: resolve(plan.value) });
        label = plan.name;
        break;
      case 'invoke':
        Object.assign(activity, { type: 'invoke', name: plan.name, value: plan.value });
        label = `invoke:${typeof plan.name === 'string' && plan.name.length <= 40 ? plan.name : '(odd)'}`;
        break;
      case 'message': {
        const parts = plan.text.map((part) => resolve(part));
        let text = parts.map((part) => (typeof part === 'string' ? part : String(part ?? ''))).join('');
        if (plan.mention !== 'none') {
          const mentioned = plan.mention === 'bot' ? { id: BOT_ID, name: BOT_NAME } : plan.mention === 'other' ? { id: fuzzPeople.stranger.teamsId, name: 'Xavier' } : { id: 42, name: null };
          text = `<at>${plan.mention === 'bot' ? BOT_NAME : 'Xavier'}</at> ${text}`;
          activity.entities = [{ type: 'mention', mentioned, text: `<at>${plan.mention === 'bot' ? BOT_NAME : 'Xavier'}</at>` }, ...(Array.isArray(activity.entities) ? activity.entities : [])];
        }
        Object.assign(activity, { type: 'message', text, ...(plan.textFormat ? { textFormat: plan.textFormat } : {}) });
        label = `message:${/^\s*(ayuda|help|\?|mis solicitudes|my requests|estado|status|agenda)/i.exec(text)?.[1]?.toLowerCase() ?? 'other'}`;
        break;
      }
      case 'activity':
        Object.assign(activity, plan.fields, { type: plan.type });
        label = `activity:${plan.type.length <= 24 ? plan.type : '(long)'}`;
        break;
      case 'raw':
        return this.raw(plan.breakage, plan.size, activity);
    }
    const sender = senderOf(activity);
    const name = activity.name;
    // The edge's own schema says which activities have the shape Teams sends (the fields a turn reads, of their types).
    const expect: ConcretePayload['expect'] = !inboundActivitySchema.safeParse(activity).success
      ? { statuses: [400], why: 'an activity whose fields are not of the types Teams sends (the edge refuses it)' }
      : activity.type !== 'invoke'
        ? { statuses: [200], why: 'a well-formed activity that is not an invoke' }
        : !sender.accepted
          ? { statuses: [403], why: 'an invoke from outside our tenant’s Teams' }
          : typeof name === 'string' && handled.has(name)
            ? { statuses: [200], why: `an invoke the bot handles (${name})` }
            : { statuses: [501], why: 'an invoke the bot does not handle (the Bot Framework’s 501)' };
    const body = JSON.stringify(activity);
    // Over the edge's limit, the size decides first (nested long texts can add up past it).
    const tooLarge = Buffer.byteLength(body) > MAX_ACTIVITY_BYTES ? { statuses: [413], why: `a body over ${MAX_ACTIVITY_BYTES} bytes` } : undefined;
    return { method: 'POST', path: '/api/messages', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body, activity, sender, expect: tooLarge ?? expect, label };
  }

  /** The activity envelope a plan describes: Teams 1:1 chat by default, with the sender and tenant as planned. */
  private envelopeOf(plan: EnvelopePlan): Record<string, unknown> {
    const person = fuzzPeople[plan.person];
    const other = plan.person === 'stranger' ? fuzzPeople.asv : fuzzPeople.stranger;
    const objectId: unknown = {
      exact: person.objectId,
      'upper-spaced': ` ${person.objectId.toUpperCase()} `,
      missing: undefined,
      'non-string': 12345,
      'invalid-chars': `${person.objectId}/x`,
      'too-long': `${person.objectId}-${'0'.repeat(60)}`,
      'someone-else': other.objectId,
    }[plan.objectId];
    const tenants: { channelData?: unknown; conversation?: unknown } = {
      ours: { channelData: TEST_TENANT_ID, conversation: TEST_TENANT_ID },
      'ours-spaced-upper': { channelData: ` ${TEST_TENANT_ID.toUpperCase()} `, conversation: TEST_TENANT_ID },
      'conversation-only': { conversation: TEST_TENANT_ID },
      other: { channelData: OTHER_TENANT_ID, conversation: OTHER_TENANT_ID },
      'other-in-channel-data': { channelData: OTHER_TENANT_ID, conversation: TEST_TENANT_ID },
      none: {},
      'non-string': { channelData: 7, conversation: { id: TEST_TENANT_ID } },
    }[plan.tenant];
    const conversation: Record<string, unknown> = {
      personal: { id: `a:fz-personal-${plan.person}`, conversationType: 'personal' },
      'personal-no-type': { id: `a:fz-personal-${plan.person}` },
      groupChat: { id: '19:fz-group@thread.v2', conversationType: 'groupChat', isGroup: true },
      channel: { id: '19:fz-channel@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true },
      'personal-isGroup': { id: `a:fz-personal-${plan.person}`, conversationType: 'personal', isGroup: true },
    }[plan.conversation] as Record<string, unknown>;
    if ('conversation' in tenants) conversation.tenantId = tenants.conversation;
    const activity: Record<string, unknown> = {
      type: 'message',
      channelId: plan.channel,
      serviceUrl: this.serviceUrl,
      from: { id: person.teamsId, name: person.name, ...(objectId === undefined ? {} : { aadObjectId: objectId }) },
      conversation,
      recipient: { id: BOT_ID, name: BOT_NAME },
      channelData: 'channelData' in tenants ? { tenant: { id: tenants.channelData } } : {},
    };
    if (plan.id !== 'none') activity.id = plan.id === 'repeat' ? `fz-repeat-${this.runTag}` : `fz-${this.runTag}-${this.counter}`;
    if (plan.timestamp !== 'none') activity.timestamp = { now: new Date().toISOString(), garbage: 'not a date', number: 1_700_000_000_000 }[plan.timestamp];
    if (plan.locale !== null) activity.locale = plan.locale;
    if (plan.deliveryMode !== null) activity.deliveryMode = plan.deliveryMode;
    for (const name of Object.keys(plan.extras)) Object.defineProperty(activity, name, { value: plan.extras[name], enumerable: true, writable: true, configurable: true });
    return activity;
  }

  private raw(breakage: string, size: number, activity: Record<string, unknown>): ConcretePayload {
    const json = { 'Content-Type': 'application/json' };
    const refused = (body: string | Buffer, headers: Record<string, string> = json, statuses = [400]): ConcretePayload => ({
      method: 'POST',
      path: '/api/messages',
      headers,
      body,
      activity: null,
      sender: null,
      expect: { statuses, why: `a body the edge refuses (${breakage})` },
      label: `raw:${breakage}`,
    });
    const without = (field: string) => {
      const copy = { ...activity };
      delete copy[field];
      return JSON.stringify(copy);
    };
    const withField = (field: string, value: unknown) => JSON.stringify({ ...activity, [field]: value });
    switch (breakage) {
      case 'no-type': return refused(without('type'));
      case 'numeric-type': return refused(withField('type', 42));
      case 'empty-type': return refused(withField('type', ''));
      case 'long-type': return refused(withField('type', 'm'.repeat(65)));
      case 'no-serviceUrl': return refused(without('serviceUrl'));
      case 'file-serviceUrl': return refused(withField('serviceUrl', 'file:///etc/passwd'));
      case 'javascript-serviceUrl': return refused(withField('serviceUrl', 'javascript:alert(1)'));
      case 'relative-serviceUrl': return refused(withField('serviceUrl', '/amer/'));
      case 'no-channel': return refused(without('channelId'));
      case 'long-channel': return refused(withField('channelId', 'c'.repeat(65)));
      case 'no-conversation': return refused(without('conversation'));
      case 'conversation-id-number': return refused(withField('conversation', { id: 7 }));
      case 'long-conversation-id': return refused(withField('conversation', { id: 'c'.repeat(1025) }));
      case 'from-number': return refused(withField('from', { id: 7, aadObjectId: fuzzPeople.asv.objectId }));
      case 'no-from': return refused(without('from'));
      case 'array-body': return refused(JSON.stringify([activity]));
      case 'null-body': return refused('null');
      case 'number-body': return refused('42');
      case 'string-body': return refused(JSON.stringify('message'));
      case 'truncated-json': {
        const text = JSON.stringify(activity);
        return refused(text.slice(0, Math.max(1, Math.floor(text.length * ((size % 97) / 100)))));
      }
      case 'empty-body': return refused('');
      case 'deep-array': return refused('['.repeat(size) + ']'.repeat(size));
      case 'deep-object': return refused('{"a":'.repeat(Math.min(size, 150_000)) + 'null' + '}'.repeat(Math.min(size, 150_000)));
      case 'text-plain': return refused(JSON.stringify(activity), { 'Content-Type': 'text/plain' }, [415]);
      case 'no-content-type': return refused(JSON.stringify(activity), {}, [415]);
      case 'form-urlencoded': return refused('type=message&text=ayuda', { 'Content-Type': 'application/x-www-form-urlencoded' }, [415]);
      case 'multipart': return refused('--b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nx\r\n--b--\r\n', { 'Content-Type': 'multipart/form-data; boundary=b' }, [415]);
      case 'xml-as-json': return refused('<?xml version="1.0"?><activity><type>message</type></activity>');
      case 'oversized': return refused(JSON.stringify({ ...activity, text: 'x'.repeat(1024 * 1024 + size) }), json, [413]);
      case 'bom-json': {
        // A UTF-8 byte-order mark before the JSON: refusing it (400) and reading it (200) are both fine, never 5xx.
        const payload = refused(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(activity))]));
        return { ...payload, expect: { classes: ['2xx', '4xx'], why: 'JSON after a byte-order mark' } };
      }
      default:
        throw new Error(`unknown breakage ${breakage}`);
    }
  }

  private get(plan: Extract<Plan, { surface: 'get' }>, snapshot: Snapshot): ConcretePayload {
    const resolved = plan.query.map(([key, value]) => [resolveRefs(key, { snapshot }), resolveRefs(value, { snapshot })] as const);
    const encode = (value: unknown) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
      // Percent-junk is sent as typed (it is ASCII); everything else encoded, as a browser would.
      if (/^[%A-Za-z0-9+&=#]*$/.test(text) && text.includes('%')) return text;
      // Lone surrogates become U+FFFD, as a browser's UTF-8 encoding of the URL would make them.
      return [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
    };
    const query = resolved.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
    const path = `${plan.path}${plan.query.length || plan.prefix !== '?' ? `${plan.prefix}${query}` : ''}`;
    return {
      method: plan.method,
      path,
      headers: {},
      body: undefined,
      activity: null,
      sender: null,
      expect: { classes: ['2xx', '4xx'], why: 'a GET route (200 or a refusal, never 5xx)' },
      label: `${plan.method} ${plan.path.startsWith('/calendario') && !plan.path.includes('..') ? plan.path : 'other'}`,
    };
  }
}

/** The sender as the spec defines it: Teams of our tenant, the object id, its roles and roster e-mail. */
export function senderOf(activity: Record<string, unknown>): SenderView {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const conversation = activity.conversation as { tenantId?: unknown } | undefined;
  const fromChannel = channelData?.tenant?.id;
  const tenant = typeof fromChannel === 'string' ? fromChannel : conversation?.tenantId;
  const accepted = activity.channelId === 'msteams' && typeof tenant === 'string' && tenant.trim().toLowerCase() === TEST_TENANT_ID;
  const raw = (activity.from as { aadObjectId?: unknown } | undefined)?.aadObjectId;
  const normalised = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const objectId = /^[\w-]{1,64}$/.test(normalised) ? normalised : '';
  return { accepted, objectId, roles: objectId ? rolesOfObjectId(objectId) : [], email: objectId ? rosterEmailOf(objectId) : undefined, activity };
}

/** The `pick`-th request (by id) of those matching the plan's status, or of all when none does. */
export function pickTarget(target: TargetPlan, snapshot: Snapshot): Document | undefined {
  const all = [...snapshot.requests.values()].sort((a, b) => String(a._id).localeCompare(String(b._id)));
  const form = (request: Document) => request.form as { complete?: boolean } | null;
  const matching = all.filter((request) => {
    switch (target.status) {
      case 'any': return true;
      case 'bookable': return request.status === 'En Proceso' && form(request)?.complete === true && !request.booking;
      case 'finishable': return request.status === 'En Proceso' && form(request)?.complete === true && Boolean(request.booking);
      default: return request.status === target.status;
    }
  });
  const from = matching.length ? matching : all;
  return from.length ? from[target.pick % from.length] : undefined;
}

/** Replaces every `{ $fuzz: … }` in a plan value by what it names now. */
export function resolveRefs(value: unknown, scope: { request?: Document | undefined; snapshot: Snapshot }): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, scope));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, '$fuzz') && typeof record.$fuzz === 'string') return resolveRef(record as { $fuzz: string } & Record<string, unknown>, scope);
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(record)) Object.defineProperty(copy, name, { value: resolveRefs(record[name], scope), enumerable: true, writable: true, configurable: true });
  return copy;
}

function resolveRef(ref: { $fuzz: string } & Record<string, unknown>, { request, snapshot }: { request?: Document | undefined; snapshot: Snapshot }): unknown {
  const id = request ? String(request._id) : '000000000000000000000000';
  switch (ref.$fuzz) {
    case 'requestId':
      switch (ref.how) {
        case 'upper': return id.toUpperCase();
        case 'spaced': return ` ${id} `;
        case 'folio': return request?.folio ?? 'VC-0000';
        case 'other-id': return `${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`;
        default: return id;
      }
    case 'version': {
      const version = Number(request?.version ?? 1) + Number(ref.rel ?? 0);
      return ref.as === 'string' ? String(version) : ref.as === 'padded' ? ` ${version} ` : version;
    }
    case 'folio': return request?.folio ?? 'VC-2026-0001';
    case 'option': return optionFor(request, ref);
    case 'feedToken': return FUZZ_FEED_TOKEN;
    case 'bookingId':
    case 'shareToken': {
      const bookings = [...snapshot.bookings.values()].sort((a, b) => String(a._id).localeCompare(String(b._id)));
      const booking = bookings.length ? bookings[(String(ref.$fuzz).length + bookings.length) % bookings.length] : undefined;
      if (ref.$fuzz === 'bookingId') return booking ? String(booking._id) : 'no-booking';
      const token = typeof booking?.shareToken === 'string' ? booking.shareToken : 'no-token';
      return ref.other ? `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` : token;
    }
    default:
      return ref;
  }
}

/** The booking option the target's form asks for (the slot availability offers when it is free), shifted or changed as the plan says. */
function optionFor(request: Document | undefined, ref: Record<string, unknown>): unknown {
  const data = ((request?.form as { data?: Record<string, unknown> } | null)?.data ?? {}) as Record<string, unknown>;
  const date = typeof data.date === 'string' ? data.date : '2027-06-01';
  const at = (time: unknown, fallback: string) => new Date(`${date}T${typeof time === 'string' ? time : fallback}:00-06:00`);
  const shift = Number(ref.shift ?? 0) * 60_000;
  const start = new Date(at(data.startTime, '10:00').getTime() + shift);
  const end = new Date(at(data.endTime, '11:00').getTime() + shift);
  const extra = Array.isArray(data.extraEquipment) ? (data.extraEquipment as unknown[]).map(String) : [];
  const bridge = data.mode === 'multipoint' ? ['mcu-1'] : [];
  const drop = ref.drop;
  return {
    start: Number.isNaN(start.getTime()) ? 'invalid' : start.toISOString(),
    end: Number.isNaN(end.getTime()) ? 'invalid' : end.toISOString(),
    roomId: drop === 'room' ? null : typeof data.localRoom === 'string' ? data.localRoom : 'sala-vc-1',
    equipmentIds: drop === 'bridge' ? extra : [...bridge, ...extra],
    staffIds: [String(ref.staff ?? 'tec-ana')],
  };
}
