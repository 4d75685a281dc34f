import fc from 'fast-check';
import { fieldCatalogue, flattenCatalogue } from '../../../services/forms/index.js';
import { serviceTypes, requestStatuses } from '../../../services/requests/request-types.js';
import { fuzzPeople, fuzzPersonKeys, type FuzzPersonKey } from './fuzz-people.js';

/**
 * The fuzz suite's generators. A generated value is a *plan*: plain JSON, with references to what
 * exists only when the payload is sent (`{ "$fuzz": "requestId" }`: the id of the request the plan
 * targets, its version, folio, the slot its form asks for, a booking's token) so that the same
 * seed gives the same plans and each plan is printed, and shrunk, as data. `materialise.ts` turns a
 * plan into the HTTP request against the store as it is at that moment.
 */

/** A reference resolved at sending time. */
export type FuzzRef = { $fuzz: string; [key: string]: unknown };

export type StatusPreference = (typeof requestStatuses)[number] | 'any' | 'bookable' | 'finishable';

/** Which request a plan acts on: the `pick`-th of those matching `status` (any request when none does). */
export interface TargetPlan {
  pick: number;
  status: StatusPreference;
}

export type ObjectIdStyle = 'exact' | 'upper-spaced' | 'missing' | 'non-string' | 'invalid-chars' | 'too-long' | 'someone-else';
export type TenantStyle = 'ours' | 'ours-spaced-upper' | 'conversation-only' | 'other' | 'other-in-channel-data' | 'none' | 'non-string';
export type ConversationStyle = 'personal' | 'personal-no-type' | 'groupChat' | 'channel' | 'personal-isGroup';

export interface EnvelopePlan {
  person: FuzzPersonKey;
  objectId: ObjectIdStyle;
  channel: string;
  tenant: TenantStyle;
  conversation: ConversationStyle;
  locale: string | null;
  id: 'unique' | 'repeat' | 'none';
  timestamp: 'now' | 'none' | 'garbage' | 'number';
  deliveryMode: string | null;
  extras: Record<string, unknown>;
}

export type Plan =
  | { surface: 'card'; envelope: EnvelopePlan; verb: string; target: TargetPlan; requestId: unknown; version: unknown; fields: Record<string, unknown>; shape: string }
  | { surface: 'extension'; envelope: EnvelopePlan; name: string; target: TargetPlan; value: unknown }
  | { surface: 'invoke'; envelope: EnvelopePlan; name: string; value: unknown }
  | { surface: 'message'; envelope: EnvelopePlan; target: TargetPlan; text: unknown[]; mention: 'none' | 'bot' | 'other' | 'junk'; textFormat: string | null }
  | { surface: 'activity'; envelope: EnvelopePlan; type: string; fields: Record<string, unknown> }
  | { surface: 'raw'; envelope: EnvelopePlan; breakage: string; size: number }
  | { surface: 'get'; path: string; method: string; query: Array<[unknown, unknown]>; prefix: string };

/** The invoke names the bot handles (read from bot/service-desk-bot.ts by the suite, checked against these). */
export const handledInvokeNames = ['adaptiveCard/action', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'composeExtension/query'] as const;

/** Invoke names Teams sends that the bot does not handle. */
export const teamsInvokeNames = [
  'task/fetch',
  'task/submit',
  'composeExtension/queryLink',
  'composeExtension/anonymousQueryLink',
  'composeExtension/querySettingUrl',
  'composeExtension/setting',
  'composeExtension/selectItem',
  'composeExtension/onCardButtonClicked',
  'composeExtension/queryMessageExtension',
  'signin/verifyState',
  'signin/tokenExchange',
  'signin/failure',
  'fileConsent/invoke',
  'actionableMessage/executeAction',
  'config/fetch',
  'config/submit',
  'tab/fetch',
  'tab/submit',
  'healthCheck',
  'handoff/action',
  'adaptiveCard/search',
  'message/submitAction',
  'application/search',
];

/** Names that are properties of every object: a lookup on a plain object would find something. */
export const propertyNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString', 'prototype'];

export const activityTypes = [
  'message',
  'conversationUpdate',
  'installationUpdate',
  'messageReaction',
  'event',
  'typing',
  'endOfConversation',
  'messageUpdate',
  'messageDelete',
  'invokeResponse',
  'trace',
  'handoff',
  'delay',
  'command',
  'commandResult',
  'contactRelationUpdate',
  'deleteUserData',
  'suggestion',
];

const STATUSES: StatusPreference[] = [...requestStatuses, 'any', 'bookable', 'finishable'];

// ---------------------------------------------------------------------------------------------
// Values of every JSON type, with the strings people and attackers type.

const controlCharacters = '\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u007f\u0085\u00a0\u200b\u200e\u202e\u2028\u2029\ufeff\ud800\udfff';

/** Strings that mean something to some layer: Markdown, templates, HTML, operators, paths, scripts. */
const meaningfulStrings = [
  '',
  ' ',
  '   \n\t ',
  '**negrita** _itálica_ [liga](javascript:alert(1)) ![i](http://127.0.0.1:1/x.png)',
  '# título\n- uno\n- dos\n\n```js\nprocess.exit(1)\n```',
  '${request.id}',
  '${if(true, "a", "b")}',
  '${json(turn)}',
  '${string(1/0)}',
  '{{name}}',
  '{{constructor.constructor("return process")().exit()}}',
  '<script>alert(1)</script>',
  '<at>Mesa de servicios</at>',
  '<img src=x onerror=alert(1)>',
  '&lt;b&gt;&amp;&#x27;&#0;',
  '$ne',
  '$where',
  '{"$gt":""}',
  '.*',
  '(a+)+$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '../../etc/passwd',
  '%00%zz%',
  'VC-2026-0001',
  '2026-0001',
  'FI',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'true',
  'Ñandú — café ☕ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍💻 עברית العربية',
  '\u202eevil\u202c',
  'a\u0000b',
  'sala-vc-1',
  'tec-ana',
  'rosa@uni.example',
  'asv@uni.example',
  fuzzPeople.asv.objectId,
  fuzzPeople.stranger.objectId,
  'x'.repeat(65),
  'x'.repeat(255),
];

/** A long text of up to ~150 KB once in JSON: a repeated unit, so generating it is cheap and shrinking shortens it. */
const longText = fc
  .record({ unit: fc.constantFrom('a', 'ñ', '€', '👩🏽‍💻', '<a', '${x}', '**', '\n', '&amp;', 'palabra ', '\u0000'), length: fc.integer({ min: 300, max: 150_000 }) })
  .map(({ unit, length }) => unit.repeat(Math.max(1, Math.floor(length / Buffer.byteLength(JSON.stringify(unit).slice(1, -1))))));

/** Short text of every kind. */
const shortText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...meaningfulStrings), weight: 6 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...controlCharacters.split('')), maxLength: 20 }), weight: 1 },
);

/** Text of every kind, mostly short, sometimes just over a command's limit (2 000) or very long. */
export const textValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: shortText, weight: 16 },
  { arbitrary: fc.string({ maxLength: 2100 }).map((text) => text.padEnd(2001, 'z')), weight: 1 },
  { arbitrary: longText, weight: 1 },
);

/** Keys of objects: the dangerous ones often. */
export const keyValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...propertyNames, '$where', '$ne', '$set', 'a.b', '', ' ', 'requestId', 'version', 'type', 'id', 'data', 'action', 'verb', 'form', 'booking', 'status', 'complete', 'service'), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
);

/** An object whose own properties may be named `__proto__` or `constructor` (as JSON.parse would make them). */
export function objectOf(key: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>, maxKeys = 5): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(fc.tuple(key, value), { maxLength: maxKeys }).map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [name, item] of entries) Object.defineProperty(object, name, { value: item, enumerable: true, writable: true, configurable: true });
    return object;
  });
}

const numberValue = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 2, 3, 1.5, -2.5, 1e21, -1e21, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 53, 1e308, Number.MIN_VALUE),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, nested up to three levels. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.boolean(), weight: 2 },
    { arbitrary: numberValue, weight: 3 },
    { arbitrary: shortText, weight: 5 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 2 },
    { arbitrary: objectOf(keyValue, tie('value'), 4), weight: 2 },
  ),
})).value;

/** A value that is mostly of the expected kind, sometimes anything at all. */
const mostly = <T>(expected: fc.Arbitrary<T>, weight = 3): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: expected, weight }, { arbitrary: anyValue, weight: 1 });

// ---------------------------------------------------------------------------------------------
// The envelope: who sends, from where.

const roleHolders: FuzzPersonKey[] = ['asv', 'asv2', 'hd', 'dau', 'head'];

/** Activity fields Teams always sends well typed, here with the types a forged or broken client could send. */
const oddFieldValues = {
  entities: fc.constantFrom<unknown>(null, {}, 'mention', [null], [{}], [{ type: 5 }], [{ type: 'clientInfo', locale: 5 }], [{ type: 'clientInfo', locale: 'en-US' }], [{ type: 'mention' }], [{ type: 'mention', mentioned: null, text: null }], []),
  recipient: fc.constantFrom<unknown>(null, {}, 'bot', { id: 5 }, { id: '28:fz-bot', name: 7 }),
  channelData: fc.constantFrom<unknown>(null, 'tenant', [], { tenant: null }, { tenant: 'x' }),
  text: fc.constantFrom<unknown>(null, 0, {}, [], true, ['ayuda']),
  attachments: fc.constantFrom<unknown>(null, 'x', [null], [{ contentType: 5 }], [{ contentType: 'application/vnd.microsoft.card.adaptive', content: null }]),
  localTimestamp: fc.constantFrom<unknown>('garbage', 5, '2026-13-45T99:99:99Z'),
  expiration: fc.constantFrom<unknown>('garbage', '1970-01-01T00:00:00Z'),
  replyToId: fc.constantFrom<unknown>({}, 5, null),
  localTimezone: fc.constantFrom<unknown>('Mars/Olympus', 5),
  locale: fc.constantFrom<unknown>(5, {}, ['es'], 'x'.repeat(300)),
};

/** Mostly one odd field at a time (a failure then names its cause), sometimes several. */
const oddFields: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { arbitrary: fc.oneof(...Object.entries(oddFieldValues).map(([name, value]) => value.map((odd) => ({ [name]: odd })))), weight: 4 },
  { arbitrary: fc.record(oddFieldValues, { requiredKeys: [] }), weight: 1 },
);

export function envelope(persons: { weighted: Array<[FuzzPersonKey, number]> } = { weighted: fuzzPersonKeys.map((key) => [key, 1]) }): fc.Arbitrary<EnvelopePlan> {
  return fc.record({
    person: fc.oneof(...persons.weighted.map(([key, weight]) => ({ arbitrary: fc.constant(key), weight }))),
    objectId: fc.oneof(
      { arbitrary: fc.constant<ObjectIdStyle>('exact'), weight: 40 },
      { arbitrary: fc.constantFrom<ObjectIdStyle>('upper-spaced', 'missing', 'non-string', 'invalid-chars', 'too-long', 'someone-else'), weight: 6 },
    ),
    channel: fc.oneof(
      { arbitrary: fc.constant('msteams'), weight: 40 },
      { arbitrary: fc.constantFrom('directline', 'webchat', 'emulator', 'MSTeams', 'msteams ', 'slack', 'test'), weight: 3 },
    ),
    tenant: fc.oneof(
      { arbitrary: fc.constant<TenantStyle>('ours'), weight: 40 },
      { arbitrary: fc.constantFrom<TenantStyle>('ours-spaced-upper', 'conversation-only', 'other', 'other-in-channel-data', 'none', 'non-string'), weight: 6 },
    ),
    conversation: fc.oneof(
      { arbitrary: fc.constant<ConversationStyle>('personal'), weight: 8 },
      { arbitrary: fc.constantFrom<ConversationStyle>('personal-no-type', 'groupChat', 'channel', 'personal-isGroup'), weight: 2 },
    ),
    locale: fc.oneof({ arbitrary: fc.constantFrom('es-MX', 'en-US', 'es', 'en'), weight: 8 }, { arbitrary: fc.option(fc.constantFrom('fr-FR', 'EN', 'zz', '', 'es-MX-x-private', '__proto__'), { nil: null }), weight: 1 }),
    id: fc.oneof({ arbitrary: fc.constant<'unique'>('unique'), weight: 10 }, { arbitrary: fc.constantFrom<'repeat' | 'none'>('repeat', 'none'), weight: 1 }),
    timestamp: fc.oneof({ arbitrary: fc.constant<'now'>('now'), weight: 10 }, { arbitrary: fc.constantFrom<'none' | 'garbage' | 'number'>('none', 'garbage', 'number'), weight: 1 }),
    deliveryMode: fc.oneof({ arbitrary: fc.constant(null), weight: 10 }, { arbitrary: fc.constantFrom('expectReplies', 'normal', 'notification', '__proto__'), weight: 1 }),
    extras: fc.oneof(
      { arbitrary: fc.constant({}), weight: 12 },
      { arbitrary: oddFields, weight: 2 },
      { arbitrary: objectOf(fc.constantFrom('replyToId', 'entities', 'attachments', 'channelData', 'recipient', 'localTimezone', 'localTimestamp', 'expiration', 'importance', 'textFormat', 'label', 'valueType', 'callerId', 'relatesTo', 'semanticAction', '__proto__', 'constructor'), anyValue, 3), weight: 1 },
    ),
  });
}

const staffEnvelope = envelope({
  weighted: [
    ['asv', 12],
    ['asv2', 3],
    ['hd', 3],
    ['dau', 3],
    ['head', 1],
    ['requester', 3],
    ['requesterByMail', 1],
    ['stranger', 2],
  ],
});

const target = (preferred: StatusPreference[] = []): fc.Arbitrary<TargetPlan> =>
  fc.record({
    pick: fc.nat({ max: 1000 }),
    status: preferred.length ? fc.oneof({ arbitrary: fc.constantFrom(...preferred), weight: 3 }, { arbitrary: fc.constantFrom(...STATUSES), weight: 1 }) : fc.constantFrom(...STATUSES),
  });

// ---------------------------------------------------------------------------------------------
// Card actions.

/** The form inputs the service form cards submit (`remoteSites.0.institution`), and the nested names. */
export const formInputNames: string[] = [
  ...new Set(
    serviceTypes.flatMap((service) =>
      flattenCatalogue(fieldCatalogue(service)).flatMap((field) => [field.path.replace(/\[\]/g, '.0'), field.path.replace(/\[\]/g, '.1'), field.name]),
    ),
  ),
];

/** Values that a service form takes for its fields, to be mixed with any value. */
const formishValue = fc.constantFrom(
  'Seminario de redes',
  'FI',
  '2027-06-01',
  '2031-02-30',
  '10:00',
  '25:61',
  '11:00',
  'sala-vc-1',
  'auditorio',
  'no-such-room',
  'mcu-1',
  'camara-ptz-1,camara-ptz-2',
  'multipoint',
  'point-to-point',
  'bridge',
  'SIP',
  'H.323',
  'teams',
  'true',
  'false',
  '12',
  '100000',
  'luis.perez@udg.mx',
  'sip:sala3@vc.udg.mx',
  '132.248.10.5',
  '55 5622 3333',
);

const optionRef = fc.oneof(
  { arbitrary: fc.constant({ $fuzz: 'option', shift: 0, staff: 'tec-ana', drop: 'none' }), weight: 3 },
  { arbitrary: fc.record({ $fuzz: fc.constant('option'), shift: fc.constantFrom(0, 15, -60, 1440), staff: fc.constantFrom('tec-ana', 'tec-luis', 'tec-nadie'), drop: fc.constantFrom('none', 'room', 'bridge') }), weight: 2 },
  {
    arbitrary: fc.record({
      start: mostly(fc.constantFrom('2027-06-01T16:00:00.000Z', '2020-01-01T00:00:00Z', 'not a date', '')),
      end: mostly(fc.constantFrom('2027-06-01T17:00:00.000Z', '2027-06-01T15:00:00.000Z', '9999-12-31T23:59:59Z')),
      roomId: mostly(fc.constantFrom('sala-vc-1', 'sala-vc-2', 'auditorio', 'nope', null)),
      equipmentIds: mostly(fc.array(fc.constantFrom('mcu-1', 'puente-audio', 'camara-ptz-1', 'microfonos', 'x'), { maxLength: 60 })),
      staffIds: mostly(fc.array(fc.constantFrom('tec-ana', 'tec-luis', 'x'), { maxLength: 3 })),
    }),
    weight: 2,
  },
  { arbitrary: anyValue, weight: 1 },
);

const asvChoice = fc.constantFrom(fuzzPeople.asv.objectId, fuzzPeople.asv2.objectId, fuzzPeople.asv.objectId.toUpperCase(), ` ${fuzzPeople.asv2.objectId} `, 'asv@uni.example', fuzzPeople.stranger.objectId, fuzzPeople.hd.objectId, '');

/** The inputs each verb reads, mostly of the right kind. */
const verbInputs: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  hold: fc.record({ reason: mostly(textValue) }, { requiredKeys: [] }),
  finish: fc.record({ note: mostly(textValue) }, { requiredKeys: [] }),
  'request-info': fc.record({ message: mostly(textValue) }, { requiredKeys: [] }),
  reject: fc.record({ reasons: mostly(textValue) }, { requiredKeys: [] }),
  reply: fc.record({ text: mostly(textValue) }, { requiredKeys: [] }),
  cancel: fc.record({ note: mostly(textValue) }, { requiredKeys: [] }),
  'set-service': fc.record({ service: mostly(fc.constantFrom(...serviceTypes, 'vc', 'XX', '')) }, { requiredKeys: [] }),
  reassign: fc.record({ assigneeId: mostly(asvChoice), note: mostly(textValue) }, { requiredKeys: [] }),
  book: fc.record({ option: optionRef, staffId: mostly(fc.constantFrom('tec-ana', 'tec-luis', '', 'x')), notes: mostly(textValue) }, { requiredKeys: [] }),
  'save-form': objectOf(fc.constantFrom(...formInputNames), fc.oneof({ arbitrary: formishValue, weight: 3 }, { arbitrary: anyValue, weight: 2 }), 12),
  'open-form': objectOf(fc.constantFrom(...formInputNames), anyValue, 3),
};

/** The status each verb acts from (to reach the status machine often), by verb. */
const verbStatus: Record<string, StatusPreference[]> = {
  take: ['Registro'],
  'request-info': ['En Proceso'],
  hold: ['En Proceso'],
  resume: ['Espera'],
  finish: ['finishable', 'En Proceso'],
  reject: ['En Proceso'],
  reply: ['Pendiente por el usuario'],
  cancel: ['No Procede'],
  'set-service': ['En Proceso', 'Espera', 'Pendiente por el usuario'],
  reassign: ['Registro', 'En Proceso', 'Espera'],
  book: ['bookable'],
  'check-availability': ['bookable', 'En Proceso'],
  'open-form': ['En Proceso', 'bookable'],
  'save-form': ['En Proceso', 'bookable'],
  refresh: [],
};

const requestIdChoice = fc.oneof(
  { arbitrary: fc.constant({ $fuzz: 'requestId' }), weight: 12 },
  { arbitrary: fc.constantFrom({ $fuzz: 'requestId', how: 'upper' }, { $fuzz: 'requestId', how: 'spaced' }, { $fuzz: 'requestId', how: 'folio' }, { $fuzz: 'requestId', how: 'other-id' }), weight: 2 },
  { arbitrary: fc.constantFrom('000000000000000000000000', 'ffffffffffffffffffffffff', '', ' ', 'x'.repeat(65), '$ne', '__proto__', 'constructor'), weight: 1 },
  { arbitrary: anyValue, weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

const versionChoice = fc.oneof(
  { arbitrary: fc.constant({ $fuzz: 'version', rel: 0 }), weight: 8 },
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom({ $fuzz: 'version', rel: -1 }, { $fuzz: 'version', rel: 1 }, { $fuzz: 'version', rel: 0, as: 'string' }, { $fuzz: 'version', rel: 0, as: 'padded' }), weight: 2 },
  { arbitrary: fc.constantFrom(-1, 0, 1.5, 1e21, 'NaN', 'abc', '', ' 3 ', '0x10', '1e3', true, null, [], {}), weight: 1 },
  { arbitrary: anyValue, weight: 1 },
);

export function cardPlans(verbs: readonly string[]): fc.Arbitrary<Plan> {
  const verb = fc.oneof(
    { arbitrary: fc.constantFrom(...verbs), weight: 20 },
    { arbitrary: fc.constantFrom(...propertyNames, 'Take', 'take ', 'record-booking', 'register', 'wait-timeout', 'remind', 'x'.repeat(64), 'x'.repeat(65)), weight: 2 },
    { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
  );
  return verb.chain((chosen) =>
    fc.record({
      surface: fc.constant<'card'>('card'),
      envelope: staffEnvelope,
      verb: fc.constant(chosen),
      target: target(Object.hasOwn(verbStatus, chosen) ? verbStatus[chosen]! : []),
      requestId: requestIdChoice,
      version: versionChoice,
      fields: fc.tuple(Object.hasOwn(verbInputs, chosen) ? verbInputs[chosen]! : fc.constant({}), objectOf(keyValue, anyValue, 3), fc.oneof({ arbitrary: fc.constant({}), weight: 4 }, { arbitrary: verbInputs[['save-form', 'book', 'reassign', 'reply'][chosen.length % 4]!]!, weight: 1 })).map(([own, extra, other]) => {
        const fields: Record<string, unknown> = {};
        for (const source of [other, extra, own] as Array<Record<string, unknown>>) for (const name of Object.keys(source)) Object.defineProperty(fields, name, { value: source[name], enumerable: true, writable: true, configurable: true });
        return fields;
      }),
      shape: fc.oneof(
        { arbitrary: fc.constant('normal'), weight: 20 },
        { arbitrary: fc.constantFrom('no-action', 'verb-number', 'verb-object', 'data-string', 'data-array', 'data-null', 'no-data', 'value-null', 'value-array', 'automatic', 'action-array'), weight: 2 },
      ),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The message extension and the invokes the bot does not handle.

const htmlContent = fc.oneof(
  fc.constantFrom(
    '<p>Hola <at id="0">Mesa de servicios</at>, necesito una <b>videoconferencia</b> el martes.</p>',
    '<div><div><div>anidado</div></div></div>',
    '<script>alert(1)</script><p>texto</p>',
    '<a href="javascript:alert(1)">liga</a>',
    '&lt;p&gt; &amp;amp; &#128512; &#0; &#xD800;',
    '<table><tr><td>a</td><td>b</td></tr></table>',
    '<at id="1">Otra persona</at> mencionada',
  ),
  fc.integer({ min: 1, max: 40_000 }).map((count) => '<a'.repeat(count)),
  fc.integer({ min: 1, max: 5_000 }).map((count) => '<div>'.repeat(count) + 'x' + '</div>'.repeat(count)),
  textValue,
);

const registrationData = fc.record(
  {
    requesterName: mostly(fc.constantFrom('Rosa Quintero', 'Pilar Ugalde', 'Nadie', '')),
    requesterEmail: mostly(fc.constantFrom('rosa@uni.example', 'pilar@uni.example', 'asv@uni.example', 'hd@uni.example', 'nuevo@uni.example', 'ROSA@UNI.EXAMPLE', 'no-es-correo', '')),
    dependenciaName: mostly(fc.constantFrom('Facultad de Ingeniería', 'Facultad de Química', '')),
    siglas: mostly(fc.constantFrom('FI', 'fq', 'F!', '')),
    service: mostly(fc.constantFrom(...serviceTypes, '', 'XX')),
    description: mostly(fc.constantFrom('Videoconferencia con la Universidad de Salamanca', 'Enlace para examen de grado')),
    assigneeId: mostly(asvChoice),
  },
  { requiredKeys: [] },
);

/** A registration Help Desk could submit as it is (so the register path runs), with one field perhaps replaced by anything. */
const validRegistration = fc
  .tuple(
    fc.record({
      requesterName: fc.constantFrom('Rosa Quintero', 'Pilar Ugalde', 'Nueva Persona'),
      requesterEmail: fc.constantFrom('rosa@uni.example', 'pilar@uni.example', 'nueva@uni.example', 'asv@uni.example'),
      dependenciaName: fc.constantFrom('Facultad de Ingeniería', 'Facultad de Química'),
      siglas: fc.constantFrom('FI', 'FQ'),
      service: fc.constantFrom(...serviceTypes, ''),
      description: fc.oneof({ arbitrary: fc.constantFrom('Videoconferencia con la Universidad de Salamanca', 'Enlace **urgente** ${x} <b>hoy</b>'), weight: 4 }, { arbitrary: textValue, weight: 1 }),
      assigneeId: fc.constantFrom(fuzzPeople.asv.objectId, fuzzPeople.asv.objectId, fuzzPeople.asv2.objectId, fuzzPeople.stranger.objectId),
    }),
    fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      { arbitrary: fc.tuple(fc.constantFrom('requesterName', 'requesterEmail', 'dependenciaName', 'siglas', 'service', 'description', 'assigneeId'), anyValue), weight: 1 },
    ),
  )
  .map(([data, replaced]) => (replaced ? { ...data, [replaced[0]]: replaced[1] } : data));

const extensionValue = (name: string): fc.Arbitrary<unknown> => {
  switch (name) {
    case 'composeExtension/query':
      return fc.oneof(
        {
          arbitrary: fc.record(
            {
              commandId: mostly(fc.constantFrom('searchRequests', 'buscar', '')),
              parameters: mostly(
                fc.array(
                  fc.record({ name: mostly(fc.constantFrom('searchText', 'initialRun', 'query', '__proto__')), value: fc.oneof({ arbitrary: fc.constant({ $fuzz: 'folio' }), weight: 1 }, { arbitrary: fc.constant(true), weight: 1 }, { arbitrary: anyValue, weight: 3 }) }, { requiredKeys: ['name'] }),
                  { maxLength: 3 },
                ),
              ),
              queryOptions: mostly(fc.record({ skip: mostly(fc.integer({ min: -5, max: 1e9 })), count: mostly(fc.integer({ min: -5, max: 1e6 })) }, { requiredKeys: [] })),
            },
            { requiredKeys: [] },
          ),
          weight: 5,
        },
        { arbitrary: anyValue, weight: 1 },
      );
    case 'composeExtension/fetchTask':
      return fc.oneof(
        {
          arbitrary: fc.record(
            {
              commandId: mostly(fc.constantFrom('registerRequest', 'registrar', '')),
              commandContext: mostly(fc.constantFrom('message', 'compose', 'commandbox')),
              messagePayload: mostly(
                fc.record(
                  {
                    body: mostly(fc.record({ contentType: mostly(fc.constantFrom('html', 'text', 'HTML', 'xml')), content: mostly(htmlContent) }, { requiredKeys: [] })),
                    from: mostly(fc.record({ user: mostly(fc.record({ displayName: mostly(textValue), aadObjectId: mostly(fc.constantFrom(fuzzPeople.requester.objectId, 'x')), id: mostly(textValue) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
                    mentions: mostly(fc.array(fc.record({ id: mostly(fc.nat({ max: 3 })), mentioned: mostly(fc.record({ application: mostly(fc.record({ id: mostly(fc.constantFrom('28:fz-bot', 'fz-bot', 'otro')) })) }, { requiredKeys: [] })) }, { requiredKeys: [] }), { maxLength: 3 })),
                  },
                  { requiredKeys: [] },
                ),
              ),
            },
            { requiredKeys: [] },
          ),
          weight: 5,
        },
        { arbitrary: anyValue, weight: 1 },
      );
    default:
      return fc.oneof(
        { arbitrary: fc.record({ commandId: mostly(fc.constantFrom('registerRequest', '')), commandContext: mostly(fc.constant('compose')), data: mostly(fc.tuple(registrationData, objectOf(keyValue, anyValue, 2)).map(([data, extra]) => Object.assign(extra, data))) }, { requiredKeys: [] }), weight: 4 },
        { arbitrary: fc.record({ commandId: fc.constant('registerRequest'), commandContext: fc.constant('compose'), data: validRegistration }), weight: 2 },
        { arbitrary: anyValue, weight: 1 },
      );
  }
};

export function extensionPlans(): fc.Arbitrary<Plan> {
  return fc.oneof(fc.constant('composeExtension/query'), fc.constant('composeExtension/fetchTask'), { arbitrary: fc.constant('composeExtension/submitAction'), weight: 2 }).chain((name) =>
    fc.record({
      surface: fc.constant<'extension'>('extension'),
      envelope: envelope({ weighted: [['hd', 8], ['asv', 4], ['asv2', 1], ['dau', 1], ['head', 1], ['requester', 2], ['stranger', 2], ['requesterByMail', 1]] }),
      name: fc.constant(name),
      target: target(),
      value: extensionValue(name),
    }),
  );
}

export function otherInvokePlans(): fc.Arbitrary<Plan> {
  return fc.record({
    surface: fc.constant<'invoke'>('invoke'),
    envelope: envelope({ weighted: fuzzPersonKeys.map((key) => [key, roleHolders.includes(key) ? 2 : 1]) }),
    name: fc.oneof(
      { arbitrary: fc.constantFrom(...teamsInvokeNames), weight: 6 },
      { arbitrary: fc.constantFrom(...propertyNames), weight: 3 },
      { arbitrary: fc.constantFrom('', 'adaptiveCard/Action', 'adaptivecard/action', 'adaptiveCard/action ', 'composeExtension/', 'composeExtension/query/x', 'x'.repeat(300)), weight: 2 },
      { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
      { arbitrary: fc.constantFrom<unknown>(42, null, { name: 'adaptiveCard/action' }, ['adaptiveCard/action']), weight: 1 },
    ) as fc.Arbitrary<string>,
    value: anyValue,
  });
}

// ---------------------------------------------------------------------------------------------
// Text messages.

const resourceWords = ['sala-vc-1', 'Sala de Videoconferencia 2', 'auditorio', 'MCU', 'tec-ana', 'luis', 'nadie', '', 'a', '.*', '__proto__'];

const commandText = fc.oneof(
  { arbitrary: fc.constantFrom('ayuda', 'help', '?', 'AYUDA', ' ayuda ', 'mis solicitudes', 'my requests', 'Mis  Solicitudes', 'estado', 'status', 'agenda hoy', 'agenda semana', 'agenda today', 'agenda week', 'agenda', 'hola').map((text) => [text]), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom('estado ', 'status ', 'ESTADO  '), fc.oneof({ arbitrary: fc.constant<unknown>({ $fuzz: 'folio' }), weight: 3 }, { arbitrary: textValue, weight: 2 })).map(([word, folio]) => [word, folio]), weight: 5 },
  { arbitrary: fc.tuple(fc.constantFrom('agenda ', 'AGENDA '), fc.oneof(fc.constantFrom(...resourceWords), textValue)).map(([word, what]) => [word, what]), weight: 3 },
  { arbitrary: textValue.map((text) => [text]), weight: 4 },
  { arbitrary: fc.tuple(textValue, fc.constantFrom('ayuda', 'estado ', ' mis solicitudes'), textValue).map((parts) => parts), weight: 1 },
);

export function messagePlans(): fc.Arbitrary<Plan> {
  return fc.record({
    surface: fc.constant<'message'>('message'),
    envelope: envelope({ weighted: [['requester', 5], ['requesterByMail', 3], ['asv', 3], ['hd', 2], ['dau', 2], ['head', 1], ['stranger', 3], ['asv2', 1]] }),
    target: target(['Pendiente por el usuario', 'any']),
    text: commandText,
    mention: fc.oneof({ arbitrary: fc.constant<'none'>('none'), weight: 6 }, { arbitrary: fc.constantFrom<'bot' | 'other' | 'junk'>('bot', 'other', 'junk'), weight: 2 }),
    textFormat: fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: fc.constantFrom('plain', 'markdown', 'xml', '__proto__'), weight: 1 }),
  });
}

// ---------------------------------------------------------------------------------------------
// Other activity types.

export function activityPlans(): fc.Arbitrary<Plan> {
  return fc.record({
    surface: fc.constant<'activity'>('activity'),
    envelope: envelope(),
    type: fc.oneof(
      { arbitrary: fc.constantFrom(...activityTypes), weight: 8 },
      { arbitrary: fc.constantFrom(...propertyNames, 'Message', 'INVOKE', 'message ', 'x'.repeat(64)), weight: 2 },
      { arbitrary: fc.string({ minLength: 1, maxLength: 20 }), weight: 1 },
    ),
    fields: fc.record(
      {
        action: mostly(fc.constantFrom('add', 'remove', 'remove-upgrade', 'add-upgrade', 'REMOVE')),
        membersAdded: mostly(fc.array(fc.record({ id: mostly(fc.constantFrom('28:fz-bot', '29:fz-rosa', 'x')), name: mostly(textValue) }, { requiredKeys: [] }), { maxLength: 3 })),
        membersRemoved: mostly(fc.array(fc.record({ id: mostly(fc.constantFrom('28:fz-bot', '29:fz-rosa')) }, { requiredKeys: [] }), { maxLength: 2 })),
        reactionsAdded: mostly(fc.array(fc.record({ type: mostly(fc.constantFrom('like', 'heart', '')) }, { requiredKeys: [] }), { maxLength: 2 })),
        name: mostly(fc.constantFrom('application/vnd.microsoft.meetingStart', 'adaptiveCard/action', '')),
        value: anyValue,
        text: mostly(textValue),
      },
      { requiredKeys: [] },
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies the HTTP edge must refuse (4xx), from an otherwise valid activity.

export const breakages = [
  'no-type',
  'numeric-type',
  'empty-type',
  'long-type',
  'no-serviceUrl',
  'file-serviceUrl',
  'javascript-serviceUrl',
  'relative-serviceUrl',
  'no-channel',
  'long-channel',
  'no-conversation',
  'conversation-id-number',
  'long-conversation-id',
  'from-number',
  'no-from',
  'array-body',
  'null-body',
  'number-body',
  'string-body',
  'truncated-json',
  'empty-body',
  'deep-array',
  'deep-object',
  'text-plain',
  'no-content-type',
  'form-urlencoded',
  'multipart',
  'xml-as-json',
  'oversized',
  'bom-json',
] as const;

export function rawPlans(): fc.Arbitrary<Plan> {
  return fc.record({
    surface: fc.constant<'raw'>('raw'),
    envelope: envelope(),
    breakage: fc.constantFrom(...breakages),
    size: fc.integer({ min: 1, max: 200_000 }),
  });
}

// ---------------------------------------------------------------------------------------------
// The GET routes, with fuzzed queries.

const queryKey = fc.oneof(
  { arbitrary: fc.constantFrom('token', 'recurso', 'id'), weight: 8 },
  { arbitrary: fc.constantFrom('token[]', 'token[$ne]', 'recurso[]', 'id[0]', ...propertyNames, '', 'TOKEN', 'token ', 'x'), weight: 3 },
  { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
);
const queryValue = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>({ $fuzz: 'feedToken' }, { $fuzz: 'bookingId' }, { $fuzz: 'shareToken' }, { $fuzz: 'shareToken', other: true }), weight: 6 },
  { arbitrary: fc.constantFrom('sala-vc-1', 'auditorio', 'tec-ana', 'mcu-1', 'nope', '', '%', '%zz', '%00', '%E2%82', '+', '&', '=', '#', 'a'.repeat(300), 'a'.repeat(5000)), weight: 4 },
  { arbitrary: textValue.filter((text) => text.length < 3000), weight: 3 },
);

export function getPlans(): fc.Arbitrary<Plan> {
  return fc.record({
    surface: fc.constant<'get'>('get'),
    path: fc.oneof(
      { arbitrary: fc.constantFrom('/calendario.ics', '/calendario/reserva.ics'), weight: 10 },
      { arbitrary: fc.constantFrom('/healthz', '/readyz'), weight: 3 },
      { arbitrary: fc.constantFrom('/calendario.ics/', '/CALENDARIO.ICS', '/calendario/reserva.ics/../../healthz', '/calendario//reserva.ics', '/api/messages', '/%2e%2e/healthz', '/calendario/%00.ics', '/nope', '/' ), weight: 2 },
    ),
    method: fc.oneof({ arbitrary: fc.constant('GET'), weight: 12 }, { arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'DELETE', 'PUT', 'POST', 'PATCH', 'TRACE'), weight: 1 }),
    query: fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }),
    prefix: fc.oneof({ arbitrary: fc.constant('?'), weight: 10 }, { arbitrary: fc.constantFrom('??', '?&', '?=', '?#', ''), weight: 1 }),
  });
}
