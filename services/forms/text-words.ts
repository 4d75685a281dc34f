// What plain words of a request's text say: the service, platform, recording, streaming, mode, participants, room.
import type { ServiceType } from '../requests/request-types.js';
import type { TextGuesses } from './text-guesses.js';
import { single, type Found } from './text-scan.js';

/** The service (VC, TC, NC) the text asks for, when its words point to one only. */
export function readService(text: string, folded: string): ServiceType | undefined {
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

/** The meeting platform the folded text names, when it names one only. */
export function readPlatform(folded: string): TextGuesses['platform'] {
  const named = new Set<'Teams' | 'Zoom' | 'Webex'>();
  if (/\bzoom\b/.test(folded)) named.add('Zoom');
  if (/\bwebex\b/.test(folded)) named.add('Webex');
  if (/\bmicrosoft teams\b|\b(por|via|en|por medio de|on|over|in|de) teams\b|\breunion de teams\b|\bteams meeting\b/.test(folded)) named.add('Teams');
  return named.size === 1 ? [...named][0] : undefined;
}

/** Whether the folded text asks for the event to be recorded (or says not to), when it says so. */
export function readRecording(folded: string): boolean | undefined {
  const asked = /\b(grabar|grabacion|grabarla|grabarlo|grabe|grabada|grabado|record|recording|recorded)\b/.exec(folded);
  if (!asked) return undefined;
  const before = folded.slice(Math.max(0, asked.index - 30), asked.index);
  const after = folded.slice(asked.index + asked[0].length, asked.index + asked[0].length + 24);
  const declined =
    /\b(no|sin|without|not|no se requiere|no es necesario|no hace falta)\b[^.,;]*$/.test(before) ||
    /^\s*(?:is\s+)?(not needed|not required|no\b|innecesaria|no es necesaria|no se requiere|none)/.test(after);
  return !declined;
}

/** Whether the folded text asks for the event to be streamed (or says not to), when it says so. */
export function readStreaming(folded: string): boolean | undefined {
  const asked = /\b(transmision en vivo|transmitir en vivo|transmitirse en vivo|en vivo por|streaming|live stream(ing)?|livestream|transmision por (youtube|facebook)|transmitir por (youtube|facebook)|facebook live)\b/.exec(folded);
  if (!asked) return undefined;
  const before = folded.slice(Math.max(0, asked.index - 30), asked.index);
  return !/\b(no|sin|without|not)\b[^.,;]*$/.test(before);
}

/** Point-to-point or multipoint, when the folded text says so. */
export function readVideoMode(folded: string): TextGuesses['videoMode'] {
  const point = /\bpunto a punto\b|\bpoint-to-point\b|\bpoint to point\b/.test(folded);
  const multi = /\bmultipunto\b|\bmultipoint\b|\bmulti-punto\b/.test(folded);
  return point === multi ? undefined : point ? 'point-to-point' : 'multipoint';
}

const PEOPLE = String.raw`(?:personas?|asistentes?|participantes?|invitados?|alumnos?|estudiantes?|profesores?|academicos?|consejeros?|integrantes|miembros|people|persons|attendees|participants|guests|students|members)`;

/** The number of people expected, when the folded text gives one count of people. */
export function readParticipants(folded: string): number | undefined {
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

/** The words naming a room ("sala 2", "auditorio de ingeniería"), when the folded text names one. */
export function readRoom(folded: string): string[] | undefined {
  const rooms: Found<string[]>[] = [];
  for (const match of folded.matchAll(ROOM_WORDS)) {
    const [, kind, word, number] = match;
    const words = [kind === 'room' ? 'sala' : kind === 'auditorium' ? 'auditorio' : kind!, ...(word ? [word] : []), ...(number ? [number] : [])];
    if (words.length === 1 && kind !== 'auditorio' && kind !== 'auditorium') continue;
    rooms.push({ value: words, index: match.index, end: match.index + match[0].length, aboutTest: false });
  }
  return single(rooms, (words) => words.join(' '));
}
