import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { ServiceType } from '../requests/request-types.js';
import { isE164Number, isH323Alias, isIPv4Address, isSipUri, type VideoProtocol } from './dialling-address.js';
import { normaliseSiglas, SIGLAS_PATTERN } from './field-formats.js';

/** The longest text read for guesses; the rest is ignored (a registration's description holds at most 4 000 characters). */
export const GUESS_TEXT_LIMIT = 4000;

/** A dialling address read from the text, with its protocol when the text says it. */
export interface GuessedSite {
  dialAddress: string;
  protocol?: VideoProtocol;
}

/** What a request's free text seems to say about its service form; a field is absent when the text does not say it plainly. */
export interface TextGuesses {
  /** The event's date, `YYYY-MM-DD` in the business time zone. */
  date?: string;
  /** `HH:mm`. */
  startTime?: string;
  /** `HH:mm`, after `startTime`. */
  endTime?: string;
  /** The dependencia's siglas, as the forms' validator accepts them. */
  siglas?: string;
  /** The kind of service the text names. */
  service?: ServiceType;
  /** Dialling addresses of remote sites (SIP URI, H.323 alias, IP, E.164), each accepted by the forms' validators. */
  remoteSites?: GuessedSite[];
  /** How many people are expected. */
  expectedParticipants?: number;
  /** A room as the text names it, in words to look up in the catalogue (`["sala", "2"]`). */
  roomWords?: string[];
  /** The netconference platform the text names. */
  platform?: 'Teams' | 'Zoom' | 'Webex';
  /** Whether the text asks for (or declines) a recording. */
  recording?: boolean;
  /** Whether the text asks for a live broadcast. */
  streaming?: boolean;
  /** Point-to-point or multipoint, when the text says so. */
  videoMode?: 'point-to-point' | 'multipoint';
}

/** When and where the text was written: relative dates ("mañana", "el próximo jueves") count from `writtenAt` in `timeZone`. */
export interface GuessContext {
  writtenAt: Date;
  timeZone: string;
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ...(['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'] as const).map(
    (name, index): [string, number] => [name, index + 1],
  ),
  ...(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const).map(
    (name, index): [string, number] => [name, index + 1],
  ),
  ...(['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'] as const).map((name, index): [string, number] => [name, index + 1]),
  ...(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const).map((name, index): [string, number] => [name, index + 1]),
  ['sept', 9],
  ['set', 9],
  ['setiembre', 9],
]);
const MONTH_WORD = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|');

const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ...(['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'] as const).map((name, index): [string, number] => [name, index + 1]),
  ...(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const).map((name, index): [string, number] => [name, index + 1]),
]);
const WEEKDAY_WORD = [...WEEKDAYS.keys()].join('|');

/**
 * The text as read: at most {@link GUESS_TEXT_LIMIT} characters, NFC, control characters and
 * zero-width marks made spaces, and every run of white space one space (one line break when it
 * holds one) — so that no reader's optional spaces can be tried against a long run of them.
 */
function cleanText(text: string): string {
  return text
    .slice(0, GUESS_TEXT_LIMIT)
    .normalize('NFC')
    .replace(/[\n\r\u2028\u2029]/g, '\n')
    .replace(/[\p{Cc}\p{Cf}]/gu, (char) => (char === '\n' ? char : ' '))
    .replace(/\s+/g, (run) => (run.includes('\n') ? '\n' : ' '));
}

/** Lower case without accents, character for character (same length and positions as `text`). */
function foldText(text: string): string {
  let folded = '';
  for (const char of text) {
    const base = char.normalize('NFD').charAt(0).toLowerCase();
    folded += base.length === char.length ? base : char.length === 1 ? char.toLowerCase().charAt(0) : char;
  }
  return folded;
}

/** A filler of `length` characters that no reader takes for a word or a number, nor bridges, and with no run of spaces. */
function filler(length: number): string {
  return length < 3 ? ' '.repeat(length) : ` ${'|'.repeat(length - 2)} `;
}

/** `text` with `[start, end)` replaced by a {@link filler}, so later readers do not see it again. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + filler(end - start) + text.slice(end);
}

const pad = (value: number) => String(value).padStart(2, '0');
const clock = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;

interface Found<T> {
  value: T;
  index: number;
  end: number;
  /** Said of the connection test ("prueba de conexión el lunes a las 10"), not of the event. */
  aboutTest: boolean;
}

const TEST_CUE = /(prueba|pruebas|test|ensayo|enlace previo)\b[^.;\n]{0,40}$/;

function aboutTest(folded: string, index: number): boolean {
  return TEST_CUE.test(folded.slice(Math.max(0, index - 50), index));
}

/** One value when all `found` (not about the test) agree, none when they disagree or there is none. */
function single<T>(found: readonly Found<T>[], key: (value: T) => string): T | undefined {
  const event = found.filter((item) => !item.aboutTest);
  const keys = new Set(event.map((item) => key(item.value)));
  return keys.size === 1 ? event[0]!.value : undefined;
}

// ---------------------------------------------------------------- times

const MERIDIEM = String.raw`(a\.?\s?m\.?|p\.?\s?m\.?)`;
const HOUR_WORD = String.raw`(?:hrs?\.?|horas?|h(?![a-z]))`;
const DAYPART = String.raw`(?:\s*(?:de la|in the|por la)\s+(manana|tarde|noche|morning|afternoon|evening))?`;
const TIME_RANGE = new RegExp(
  String.raw`(?<![\d:/.+,])(?:\b(de|desde|entre|from|between)\s+(?:las?\s+)?)?(\d{1,2})(?::([0-5]\d))?\s*${MERIDIEM}?\s*(${HOUR_WORD})?\s*` +
    String.raw`(?:-|–|—|\ba\b|\bal?\b|\bhasta\b|\by\b|\bto\b|\buntil\b|\btill\b|\band\b)\s*(?:las?\s+)?(\d{1,2})(?::([0-5]\d))?(?![\d/])\s*${MERIDIEM}?\s*(${HOUR_WORD})?${DAYPART}`,
  'g',
);
const SINGLE_TIME = new RegExp(
  String.raw`(?<![\d:/.+,])(?:\b(a las|a la|desde las|at|starting at|inicio a las|empieza a las|comienza a las|hora)\s*:?\s*)?(\d{1,2})(?::([0-5]\d))?(?![\d/])\s*${MERIDIEM}?\s*(${HOUR_WORD})?${DAYPART}`,
  'g',
);

interface TimeRange {
  start: string;
  end: string;
}

function toHour(hour: number, meridiem: string | undefined, daypart: string | undefined): number | undefined {
  const pm = meridiem?.startsWith('p') || daypart === 'tarde' || daypart === 'noche' || daypart === 'afternoon' || daypart === 'evening';
  const am = meridiem?.startsWith('a') || daypart === 'manana' || daypart === 'morning';
  if (hour > 23) return undefined;
  if (pm && hour < 12) return hour + 12;
  if (am && hour === 12) return 0;
  if (!am && !pm && hour >= 1 && hour <= 6) return hour + 12;
  return hour;
}

function timeRanges(folded: string): { found: Found<TimeRange>[]; rest: string } {
  const found: Found<TimeRange>[] = [];
  let rest = folded;
  for (const match of folded.matchAll(TIME_RANGE)) {
    const [whole, lead, h1, m1, mer1, word1, h2, m2, mer2, word2, daypart] = match;
    const separator = whole.replace(/\d|:/g, ' ');
    const saysTime = lead !== undefined || m1 !== undefined || m2 !== undefined || mer1 || mer2 || word1 || word2 || daypart;
    if (!saysTime) continue;
    if (/\by\b|\band\b/.test(separator) && lead !== 'entre' && lead !== 'between') continue;
    if (lead === undefined && /\ba\s+las?\b/.test(separator)) continue;
    if (lead === 'de' && /^\s*de\s+(\w+)/.test(folded.slice(match.index + whole.length)) && MONTHS.has(/^\s*de\s+(\w+)/.exec(folded.slice(match.index + whole.length))![1]!)) continue;
    const endHour = toHour(Number(h2), mer2, daypart);
    let startHour = toHour(Number(h1), mer1 ?? (mer2 && Number(h1) <= Number(h2) ? mer2 : undefined), daypart);
    if (startHour === undefined || endHour === undefined) continue;
    let end = endHour;
    if (end < startHour && end + 12 - startHour <= 8 && end < 12 && !mer2) end += 12;
    if (startHour >= 12 && end < startHour && !mer1 && startHour - 12 < end) startHour -= 12;
    const value = { start: clock(startHour, Number(m1 ?? 0)), end: clock(end, Number(m2 ?? 0)) };
    if (end > 23 || value.end <= value.start) continue;
    found.push({ value, index: match.index, end: match.index + whole.length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + whole.length);
  }
  return { found, rest };
}

function singleTimes(folded: string): { found: Found<string>[]; rest: string } {
  const found: Found<string>[] = [];
  let rest = folded;
  for (const match of folded.matchAll(SINGLE_TIME)) {
    const [whole, lead, h, m, mer, word, daypart] = match;
    const hour = Number(h);
    const before = folded.slice(Math.max(0, match.index - 24), match.index);
    const duration = /\b(durante|por|dura|duracion de|for|lasting)\s*$/.test(before) || /^\s*(de duracion|long)/.test(folded.slice(match.index + whole.length));
    const plainHourWord = lead === undefined && m === undefined && !mer && !daypart && word !== undefined;
    const saysTime = lead !== undefined || m !== undefined || mer || daypart || (plainHourWord && hour >= 7 && hour <= 22);
    if (!saysTime || duration) continue;
    const value = toHour(hour, mer, daypart);
    if (value === undefined) continue;
    found.push({ value: clock(value, Number(m ?? 0)), index: match.index, end: match.index + whole.length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + whole.length);
  }
  return { found, rest };
}

// ---------------------------------------------------------------- dates

interface DateReading {
  found: Found<string>[];
  /** The text names several days in one breath ("el 8 o el 9", "lunes 14 y martes 15"): no date is guessed. */
  ambiguous: boolean;
}

function isoDate(date: DateTime): string {
  return date.toFormat('yyyy-MM-dd');
}

/** The first day from `today` on (within `days`) that is day `day` of its month and falls on `weekday`; undefined when none does. */
function dayOnWeekday(today: DateTime, day: number, weekday: number, month?: number, year?: number): DateTime | undefined {
  for (let offset = 0; offset <= 400; offset += 1) {
    const candidate = today.plus({ days: offset });
    if (candidate.day !== day || (month !== undefined && candidate.month !== month) || (year !== undefined && candidate.year !== year)) continue;
    return candidate.weekday === weekday ? candidate : undefined;
  }
  return undefined;
}

const SEVERAL_DAYS = new RegExp(
  String.raw`\b\d{1,2}\s+(?:de\s+)?(?:${MONTH_WORD})\b\.?\s*(?:,|\by\b|\bo\b|\bu\b|\bor\b|\band\b)\s*(?:el\s+|the\s+)?\d{1,2}\b(?![:.]\d|\s*(?:hrs?|horas|h\b|am|pm|a\.m|p\.m))|` +
  String.raw`(?<!\b(?:sala|aula|salon|room|ext|extension|no|num)\.?\s{1,3})\b\d{1,2}\s*(?:,|\by\b|\bo\b|\bu\b|\bor\b|\band\b|\bal\b|-|–)\s*(?:el\s+|del\s+)?(?:(?:${WEEKDAY_WORD})\s+)?\d{1,2}\s*(?:de\s+)?(?:${MONTH_WORD})\b|\b(?:${WEEKDAY_WORD})\s+(?:\d{1,2}\s+)?(?:,|y|o|u|or|and|al|-)\s+(?:el\s+)?(?:${WEEKDAY_WORD})\b`,
);
const WEEKDAY_AND_DAY = new RegExp(
  String.raw`\b(${WEEKDAY_WORD}),?\s+(?:el\s+|the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?![\d:/])(?:\s*(?:de\s+|of\s+)?(${MONTH_WORD})\b\.?)?(?:,?\s*(?:de(?:l)?\s+)?(\d{4}))?` +
    String.raw`|\b(${WEEKDAY_WORD}),?\s+(${MONTH_WORD})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:/])(?:,?\s*(\d{4}))?`,
  'g',
);

function readDates(folded: string, context: GuessContext): DateReading {
  const today = DateTime.fromJSDate(context.writtenAt, { zone: context.timeZone }).startOf('day');
  const found: Found<string>[] = [];
  let rest = folded;
  if (SEVERAL_DAYS.test(folded)) return { found, ambiguous: true };
  for (const match of folded.matchAll(/\bpasado\s+manana\b|\bday after tomorrow\b/g)) {
    found.push({ value: isoDate(today.plus({ days: 2 })), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  for (const match of folded.matchAll(new RegExp(String.raw`\b(proxim[oa]|next|este|esta|this|coming)\s+(${WEEKDAY_WORD})\b(?!,?\s+(?:el\s+|the\s+)?\d)`, 'g'))) {
    const weekday = WEEKDAYS.get(match[2]!)!;
    const nearest = today.plus({ days: (weekday - today.weekday + 7) % 7 });
    const coming = nearest.hasSame(today, 'day') && /^(proxim|next|coming)/.test(match[1]!) ? nearest.plus({ days: 7 }) : nearest;
    if (/^(proxim|next)/.test(match[1]!) && coming.hasSame(today, 'week') && !coming.hasSame(today, 'day')) return { found: [], ambiguous: true };
    found.push({ value: isoDate(coming), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  for (const match of rest.matchAll(WEEKDAY_AND_DAY)) {
    const weekday = WEEKDAYS.get(match[1] ?? match[5]!)!;
    const day = Number(match[2] ?? match[7]);
    const monthWord = match[3] ?? match[6];
    const year = match[4] ?? match[8];
    const date = dayOnWeekday(today, day, weekday, monthWord ? MONTHS.get(monthWord) : undefined, year ? Number(year) : undefined);
    if (!date) return { found: [], ambiguous: true };
    found.push({ value: isoDate(date), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  for (const match of rest.matchAll(new RegExp(String.raw`\b(?:el\s+)?dia\s+(\d{1,2})\b(?!\s*(?:de\s+)?(?:${MONTH_WORD})\b)`, 'g'))) {
    const day = Number(match[1]);
    const date = [0, 1].map((months) => today.plus({ months }).set({ day })).find((candidate) => candidate.isValid && candidate.day === day && candidate >= today);
    if (date) found.push({ value: isoDate(date), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  found.push(...chronoDates(rest, today));
  return { found, ambiguous: false };
}

const DATE_WORDS = new RegExp(String.raw`\b(?:${MONTH_WORD}|${WEEKDAY_WORD}|hoy|manana|today|tomorrow|tonight)\b|\d{1,4}[/-]\d{1,2}`);

/** Dates chrono reads (Spanish, then British English for day-first numbers) in what other readers left. */
function chronoDates(rest: string, today: DateTime): Found<string>[] {
  const reference = new Date(today.year, today.month - 1, today.day, 12, 0);
  const results = [...chrono.es.parse(rest, reference, { forwardDate: true }), ...chrono.en.GB.parse(rest, reference, { forwardDate: true })];
  const found: Found<string>[] = [];
  for (const result of results) {
    const start = result.start;
    const dayCertain = start.isCertain('day') && start.isCertain('month');
    if (!DATE_WORDS.test(result.text) || (!dayCertain && !start.isCertain('weekday'))) continue;
    if (!dayCertain && /\b(todos los|todas las|cada|los|every)\s*$/.test(rest.slice(Math.max(0, result.index - 14), result.index))) continue;
    const yearWritten = start.isCertain('year') && /\b20\d{2}\b/.test(result.text);
    let date = DateTime.fromObject({ year: yearWritten ? start.get('year')! : today.year, month: start.get('month') ?? 1, day: start.get('day') ?? 1 }, { zone: today.zone });
    if (!date.isValid) continue;
    if (!dayCertain && date.hasSame(today, 'day')) date = date.plus({ days: 7 });
    if (!yearWritten && date < today) date = date.plus({ years: 1 });
    if (date < today || date > today.plus({ days: yearWritten ? 540 : 200 })) continue;
    if (found.some((item) => item.index < result.index + result.text.length && result.index < item.end && item.value === isoDate(date))) continue;
    found.push({ value: isoDate(date), index: result.index, end: result.index + result.text.length, aboutTest: aboutTest(rest, result.index) });
  }
  return found;
}

// ---------------------------------------------------------------- addresses

const TRAILING = /[.,;:)\]>'"»”]+$/;
const E164_CUE = /(h\.?\s?323|sip|e\.?164|marcar|marque|marcacion|dial|codec|endpoint|equipo de videoconferencia)[^.\n]{0,40}$/;
const PHONE_CUE = /(tel|telefono|tel\.|cel|celular|movil|whatsapp|ext|extension|phone|mobile|llamar al|contacto)[^.\n]{0,20}$/;
const H323_CUE = /\bh\.?\s?323\b/;
const SIP_CUE = /\bsip\b(?!:)/;

function readAddresses(text: string, folded: string): { sites: GuessedSite[]; rest: string } {
  const sites: GuessedSite[] = [];
  let rest = text;
  const add = (address: string, index: number, length: number, protocol: VideoProtocol | undefined) => {
    rest = blank(rest, index, index + length);
    if (sites.some((site) => site.dialAddress.toLowerCase() === address.toLowerCase())) return;
    sites.push(protocol ? { dialAddress: address, protocol } : { dialAddress: address });
  };
  for (const match of text.matchAll(/\bsips?:[^\s,<>()"'«»“”]+/gi)) {
    const address = match[0].replace(TRAILING, '');
    if (isSipUri(address)) add(address, match.index, match[0].length, 'SIP');
  }
  for (const match of rest.matchAll(/\bh323:[^\s,;<>()"'«»“”]+/gi)) {
    const address = match[0].replace(TRAILING, '');
    if (isH323Alias(address)) add(address, match.index, match[0].length, 'H.323');
  }
  for (const match of rest.matchAll(/\bh\.?\s?323\s*(?:alias|id)?\s*:?\s*(?:(?:es|is|sera|será)\s+)?([A-Za-z0-9][\w.@-]*[A-Za-z0-9])/gi)) {
    const address = match[1]!;
    if (/^\d/.test(address) || isIPv4Address(address) || /^(y|o|and|or|por|via|con|the|de|al|a|en|to)$/i.test(address)) continue;
    if (isH323Alias(address)) add(address, match.index + match[0].length - match[1]!.length, match[1]!.length, 'H.323');
  }
  for (const match of rest.matchAll(/(?<![\d.\w])(\d{1,3}(?:\.\d{1,3}){3})(?![\d]|\.\d)/g)) {
    if (!isIPv4Address(match[1]!)) continue;
    const before = folded.slice(Math.max(0, match.index - 40), match.index);
    const protocol = H323_CUE.test(before) ? 'H.323' : SIP_CUE.test(before) ? 'SIP' : undefined;
    add(match[1]!, match.index, match[1]!.length, protocol);
  }
  for (const match of rest.matchAll(/(?<![\w+])\+[1-9]\d{6,14}\b/g)) {
    const before = folded.slice(Math.max(0, match.index - 50), match.index);
    if (!isE164Number(match[0]) || !E164_CUE.test(before) || PHONE_CUE.test(before.slice(-25))) continue;
    add(match[0], match.index, match[0].length, H323_CUE.test(before) ? 'H.323' : SIP_CUE.test(before) ? 'SIP' : undefined);
  }
  return { sites: sites.slice(0, 12), rest };
}

// ---------------------------------------------------------------- siglas

const NOT_SIGLAS = new Set([
  'SIP', 'SIPS', 'IP', 'IPV4', 'IPV6', 'VC', 'TC', 'NC', 'AM', 'PM', 'HRS', 'HR', 'MCU', 'PTZ', 'URL', 'HD', 'ASV', 'DAU', 'PDF', 'CDMX', 'MX',
  'ID', 'USB', 'HDMI', 'TV', 'OK', 'ZOOM', 'TEAMS', 'WEBEX', 'NO', 'SI', 'EXT', 'TEL', 'ISDN', 'ISO', 'FOR', 'DRT', 'RE', 'RV', 'FW', 'FWD',
  'URGENTE', 'IMPORTANTE', 'AVISO', 'NOTA', 'PD', 'PS', 'CC', 'VIP', 'QR', 'LAN', 'WIFI', 'VPN', 'DNS', 'ASAP', 'FYI', 'UTC', 'GMT', 'CST',
  'SOL', 'YOUTUBE', 'FACEBOOK', 'LIVE', 'IT', 'AV', 'H323', 'E164', 'UNAM',
]);
const SIGLAS_CUE = /(?:\bsiglas\s*:?\s*|\(\s*)$/i;
const ARTICLE_CUE = /(?:^|[\s,(])(?:la|el|del|de la|por la|para la|por el|para el|de el|from the|the)\s+$/i;
const LIST_CUE = /(?:\by|\be|\band|,)\s+(?:la|el|los|las|the)?\s*$/i;
const REMOTE_CUE = /\b(?:con|with)\s+(?:la|el|los|las|the)?\s*$/i;

/** The labels of the hosts of the addresses and e-mails in `text` (`uv` and `mx` of `sip:consejo@uv.mx`): names of other institutions. */
function hostLabels(text: string): Set<string> {
  const labels = new Set<string>();
  for (const match of text.matchAll(/@([\w.-]+)/g)) for (const label of match[1]!.split('.')) labels.add(label.toUpperCase());
  return labels;
}

function readSiglas(text: string, original: string): string | undefined {
  const candidates = new Set<string>();
  const elsewhere = hostLabels(original);
  let remoteEnd = -Infinity;
  for (const match of text.matchAll(/(?<![\p{L}\d@.:/_-])([A-ZÑ][A-ZÑ0-9]{1,11})(?![\p{L}\d@_-]|\.\w|:\/\/)/gu)) {
    const token = match[1]!;
    if (NOT_SIGLAS.has(token) || !SIGLAS_PATTERN.test(token) || (token.match(/[A-ZÑ]/g) ?? []).length < 2) continue;
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    const listedAfterRemote = match.index - remoteEnd < 12 && LIST_CUE.test(before);
    if (REMOTE_CUE.test(before) || listedAfterRemote) {
      remoteEnd = match.index + token.length;
      elsewhere.add(token);
    } else if (SIGLAS_CUE.test(before) || ARTICLE_CUE.test(before)) candidates.add(token);
  }
  for (const match of text.matchAll(/\(\s*([A-ZÑ][A-Za-zÑñ0-9]{1,11})\s*\)/gu)) {
    const token = normaliseSiglas(match[1]!);
    if ((match[1]!.match(/[A-ZÑ]/g) ?? []).length >= 2 && SIGLAS_PATTERN.test(token) && !NOT_SIGLAS.has(token)) candidates.add(token);
  }
  for (const other of elsewhere) candidates.delete(other);
  return candidates.size === 1 ? [...candidates][0] : undefined;
}

// ---------------------------------------------------------------- words

function readService(text: string, folded: string): ServiceType | undefined {
  const said = (pattern: RegExp) => pattern.test(folded);
  const strong = new Set<ServiceType>();
  if (/\bVC\b/.test(text)) strong.add('VC');
  if (/\bTC\b/.test(text)) strong.add('TC');
  if (/\bNC\b/.test(text)) strong.add('NC');
  if (said(/\bvideo\s?-?conferencias?\b|\bvideo\s?conferences?\b/)) strong.add('VC');
  if (said(/\bteleconferencias?\b|\baudio\s?-?conferencias?\b|\bconferencia telefonica\b|\bteleconferences?\b|\baudio\s?conferences?\b|\bconference call\b|\bllamada en conferencia\b/)) strong.add('TC');
  if (said(/\bnet\s?-?conferencias?\b|\bnet\s?conferences?\b|\bwebinar(io)?s?\b|\breunion(es)? virtual(es)?\b|\bsesion(es)? virtual(es)?\b|\bvirtual meeting\b|\bonline meeting\b|\breunion en linea\b|\ben linea\b|\bonline\b/)) strong.add('NC');
  const platform = readPlatform(folded) !== undefined || said(/\bzoom\b|\bwebex\b|\bgoogle meet\b/);
  const room = said(/\bsip\b|\bh\.?\s?323\b|\bpolycom\b|\bcodec\b|\bpunto a punto\b|\bmultipunto\b|\bmcu\b|\bpoint-to-point\b|\bmultipoint\b/);
  if (strong.size === 1) {
    const [service] = [...strong];
    if (service === 'VC' && platform && !room) return undefined;
    return service;
  }
  if (strong.size > 1) return undefined;
  if (platform && !room) return 'NC';
  if (room && !platform) return 'VC';
  return undefined;
}

function readPlatform(folded: string): TextGuesses['platform'] {
  const named = new Set<'Teams' | 'Zoom' | 'Webex'>();
  if (/\bzoom\b/.test(folded)) named.add('Zoom');
  if (/\bwebex\b/.test(folded)) named.add('Webex');
  if (/\bmicrosoft teams\b|\b(por|via|en|por medio de|on|over|in|de) teams\b|\breunion de teams\b|\bteams meeting\b/.test(folded)) named.add('Teams');
  return named.size === 1 ? [...named][0] : undefined;
}

function readRecording(folded: string): boolean | undefined {
  const asked = /\b(grabar|grabacion|grabarla|grabarlo|grabe|grabada|grabado|record|recording|recorded)\b/.exec(folded);
  if (!asked) return undefined;
  const before = folded.slice(Math.max(0, asked.index - 30), asked.index);
  const after = folded.slice(asked.index + asked[0].length, asked.index + asked[0].length + 24);
  const declined =
    /\b(no|sin|without|not|no se requiere|no es necesario|no hace falta)\b[^.,;]*$/.test(before) ||
    /^\s*(?:is\s+)?(not needed|not required|no\b|innecesaria|no es necesaria|no se requiere|none)/.test(after);
  return !declined;
}

function readStreaming(folded: string): boolean | undefined {
  const asked = /\b(transmision en vivo|transmitir en vivo|transmitirse en vivo|en vivo por|streaming|live stream(ing)?|livestream|transmision por (youtube|facebook)|transmitir por (youtube|facebook)|facebook live)\b/.exec(folded);
  if (!asked) return undefined;
  const before = folded.slice(Math.max(0, asked.index - 30), asked.index);
  return !/\b(no|sin|without|not)\b[^.,;]*$/.test(before);
}

function readVideoMode(folded: string): TextGuesses['videoMode'] {
  const point = /\bpunto a punto\b|\bpoint-to-point\b|\bpoint to point\b/.test(folded);
  const multi = /\bmultipunto\b|\bmultipoint\b|\bmulti-punto\b/.test(folded);
  return point === multi ? undefined : point ? 'point-to-point' : 'multipoint';
}

const PEOPLE = String.raw`(?:personas?|asistentes?|participantes?|invitados?|alumnos?|estudiantes?|profesores?|academicos?|consejeros?|integrantes|miembros|people|persons|attendees|participants|guests|students|members)`;

function readParticipants(folded: string): number | undefined {
  const counts: Found<number>[] = [];
  const patterns = [
    new RegExp(String.raw`(?<![\d.,:/+-])(\d{1,5})(?![\d.,:/])\s+(?:[a-z]+\s+)?${PEOPLE}\b`, 'g'),
    new RegExp(String.raw`\b(?:${PEOPLE}|cupo|aforo|attendance|capacity)\s*(?:de|para|for|of|estimados?|esperados?|expected)?\s*:?\s*(?:aprox\.?\s*|unos?\s+|about\s+|around\s+)?(\d{1,5})(?![\d.,:/])`, 'g'),
  ];
  for (const pattern of patterns) {
    for (const match of folded.matchAll(pattern)) {
      const count = Number(match[1]);
      const before = folded.slice(Math.max(0, match.index - 12), match.index);
      if (count < 1 || /\b(sala|aula|salon|ext|extension|tel|room|no\.|num\.?)\s*$/.test(before)) continue;
      counts.push({ value: count, index: match.index, end: match.index + match[0].length, aboutTest: false });
    }
  }
  return single(counts, String);
}

const ROOM_WORDS = /\b(sala|auditorio|aula|salon|room|auditorium)\b(?:\s+(?:de|del|of)\s+([a-z]{3,}))?(?:\s+(?:no\.?\s*|num\.?\s*|#\s*)?(\d{1,3}|[a-h])\b)?/g;

function readRoom(folded: string): string[] | undefined {
  const rooms: Found<string[]>[] = [];
  for (const match of folded.matchAll(ROOM_WORDS)) {
    const [, kind, word, number] = match;
    const words = [kind === 'room' ? 'sala' : kind === 'auditorium' ? 'auditorio' : kind!, ...(word ? [word] : []), ...(number ? [number] : [])];
    if (words.length === 1 && kind !== 'auditorio' && kind !== 'auditorium') continue;
    rooms.push({ value: words, index: match.index, end: match.index + match[0].length, aboutTest: false });
  }
  return single(rooms, (words) => words.join(' '));
}

/**
 * What a request's free text (its description, or the message it was registered from) seems to
 * say about its service form: the event's date and times, the siglas, the kind of service,
 * remote dialling addresses, expected participants, the room, the platform, recording and
 * streaming. Dates and times are read in Spanish and English (chrono-node, plus this module's own
 * patterns for time ranges — "de 10 a 12 hrs", "10:00-12:00" — and weekday-with-day phrases,
 * which must agree: "martes 8 de diciembre" on a Monday gives no date), relative to
 * `context.writtenAt` in the business time zone. Addresses and siglas are kept only when the
 * forms' own validators accept them. Whatever the text says two ways, or not plainly, is left
 * out: no guess is better than a wrong one.
 */
export function guessFromText(rawText: string, context: GuessContext): TextGuesses {
  const text = cleanText(rawText);
  const { sites, rest: withoutAddresses } = readAddresses(text, foldText(text));
  const withoutLinks = withoutAddresses.replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\bhttps?:\/\/\S+/gi, (found) => filler(found.length));
  const withoutPhones = withoutLinks.replace(/(?<![\w])\+?\d[\d ().-]{6,}\d(?![\w])/g, (found) =>
    found.replace(/\D/g, '').length >= 7 && !/^\d{4}-\d{2}-\d{2}$/.test(found) ? filler(found.length) : found,
  );
  const folded = foldText(withoutPhones);
  const ranges = timeRanges(folded);
  const points = singleTimes(ranges.rest);
  const dates = readDates(points.rest, context);
  const guesses: TextGuesses = {};
  const range = single(ranges.found, (value) => `${value.start}-${value.end}`);
  const eventRanges = ranges.found.filter((item) => !item.aboutTest);
  const eventPoints = points.found.filter((item) => !item.aboutTest);
  if (range) Object.assign(guesses, { startTime: range.start, endTime: range.end });
  else if (eventRanges.length === 0) {
    const start = single(points.found, String);
    if (start) guesses.startTime = start;
  }
  if (range && eventPoints.some((item) => item.value !== range.start)) {
    delete guesses.startTime;
    delete guesses.endTime;
  }
  const date = dates.ambiguous ? undefined : single(dates.found, String);
  if (date) guesses.date = date;
  const siglas = readSiglas(withoutPhones, text);
  if (siglas) guesses.siglas = siglas;
  const service = readService(text, foldText(text));
  if (service) guesses.service = service;
  if (sites.length > 0) guesses.remoteSites = sites;
  const fullFolded = foldText(withoutPhones);
  const participants = readParticipants(fullFolded);
  if (participants !== undefined) guesses.expectedParticipants = participants;
  const room = readRoom(fullFolded);
  if (room) guesses.roomWords = room;
  const platform = readPlatform(fullFolded);
  if (platform) guesses.platform = platform;
  const recording = readRecording(fullFolded);
  if (recording !== undefined) guesses.recording = recording;
  const streaming = readStreaming(fullFolded);
  if (streaming !== undefined) guesses.streaming = streaming;
  const videoMode = readVideoMode(fullFolded);
  if (videoMode) guesses.videoMode = videoMode;
  return guesses;
}
