import type { Resource } from '../agenda/agenda-types.js';
import type { ServiceType } from '../requests/request-types.js';
import { fieldCatalogue } from './field-catalogue.js';
import { guessFromText, type TextGuesses } from './text-guesses.js';
import { validateServiceForm } from './validate-form.js';

/** A form's values with the guesses added, and the input ids (`date`, `remoteSites.0.dialAddress`) that hold a guess. */
export interface PrefilledForm {
  values: Record<string, unknown>;
  suggested: string[];
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

function wordsOf(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The one active room of `rooms` whose name holds every word of `words` (`["sala", "2"]` →
 * "Sala de Videoconferencia 2"), offered for `service`; none when no room or several match.
 */
export function roomNamed(words: readonly string[], rooms: readonly Resource[], service: ServiceType): Resource | undefined {
  const matching = rooms.filter((room) => {
    if (room.kind !== 'room' || !room.active || !room.services.includes(service)) return false;
    const name = new Set(wordsOf(room.name));
    return words.every((word) => name.has(word));
  });
  return matching.length === 1 ? matching[0] : undefined;
}

/** The guesses as values of `service`'s form, by field name (only fields the form has). */
function guessedValues(service: ServiceType, guesses: TextGuesses, resources: readonly Resource[]): Record<string, unknown> {
  const room = guesses.roomWords ? roomNamed(guesses.roomWords, resources, service) : undefined;
  const candidates: Record<string, unknown> = {
    date: guesses.date,
    startTime: guesses.startTime,
    endTime: guesses.endTime,
    siglas: guesses.siglas,
    expectedParticipants: guesses.expectedParticipants,
    recording: guesses.recording,
  };
  if (service === 'VC') {
    Object.assign(candidates, {
      localRoom: room?.id,
      mode: guesses.videoMode,
      streaming: guesses.streaming,
      remoteSites: guesses.remoteSites?.map((site) => ({ ...site })),
    });
  }
  if (service === 'TC') Object.assign(candidates, { room: room?.id });
  if (service === 'NC') Object.assign(candidates, { platform: guesses.platform, liveStreaming: guesses.streaming });
  const fields = new Set(fieldCatalogue(service).map((field) => field.name));
  return Object.fromEntries(Object.entries(candidates).filter(([field, value]) => value !== undefined && fields.has(field)));
}

function inputIdsOf(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) return [field];
  return value.flatMap((item, index) => Object.keys(item as Record<string, unknown>).map((name) => `${field}.${index}.${name}`));
}

/**
 * `values` (a form as the ASV would see it, registration defaults already in) with what the
 * request's text seems to say filled into the fields still empty — the date and times, siglas,
 * participants, the room (looked up in the catalogue), remote sites' dialling addresses and
 * protocols, the platform, recording, streaming and the videoconference mode. Nothing given is
 * replaced, and a guess the form's own draft validation refuses (with the values around it: an
 * end before a saved start, a room not in the catalogue) is dropped. For showing the form only:
 * nothing is stored until the ASV saves it.
 */
export function withTextGuesses(
  service: ServiceType,
  values: Record<string, unknown>,
  guesses: TextGuesses,
  options: { resources: readonly Resource[]; timeZone: string },
): PrefilledForm {
  const added = Object.fromEntries(
    Object.entries(guessedValues(service, guesses, options.resources)).filter(([field]) => !Object.hasOwn(values, field) || isBlank(values[field])),
  );
  for (let attempt = 0; attempt < 3 && Object.keys(added).length > 0; attempt += 1) {
    const checked = validateServiceForm(service, { ...values, ...added }, { mode: 'draft', timeZone: options.timeZone });
    if (checked.ok) break;
    const refused = new Set(checked.errors.map((error) => error.path.split('.')[0]!));
    const before = Object.keys(added).length;
    for (const field of refused) delete added[field];
    if (Object.keys(added).length === before) break;
  }
  return { values: { ...values, ...added }, suggested: Object.entries(added).flatMap(([field, value]) => inputIdsOf(field, value)) };
}

/** A form pre-filled from its request's text, and the service the text names when it is not the request's. */
export interface RequestTextPrefill extends PrefilledForm {
  otherService?: ServiceType | undefined;
}

/**
 * `values` with what the request's description (the message it was registered from, when it came
 * from one) seems to say, read as of the registration — relative dates count from it — in the
 * business time zone (see {@link guessFromText} and {@link withTextGuesses}). For showing the
 * form only: nothing is stored.
 */
export function prefillFromRequestText(
  request: { service: ServiceType; description: string; createdAt: Date },
  values: Record<string, unknown>,
  options: { resources: readonly Resource[]; timeZone: string },
): RequestTextPrefill {
  const guesses = guessFromText(request.description, { writtenAt: request.createdAt, timeZone: options.timeZone });
  const prefilled = withTextGuesses(request.service, values, guesses, options);
  return guesses.service !== undefined && guesses.service !== request.service ? { ...prefilled, otherService: guesses.service } : prefilled;
}
