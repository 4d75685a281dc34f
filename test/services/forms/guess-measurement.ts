import type { Resource } from '../../../services/agenda/agenda-types.js';
import { guessFromText, type TextGuesses } from '../../../services/forms/text-guesses.js';
import { roomNamed } from '../../../services/forms/text-prefill.js';
import { LABELLED_WRITTEN_AT, type ExpectedFields, type LabelledText } from './request-texts.labelled.js';

/** The fields measured, in the order of the printed table. */
export const measuredFields = ['date', 'startTime', 'endTime', 'siglas', 'service', 'addresses', 'participants', 'room', 'platform', 'recording'] as const;
export type MeasuredField = (typeof measuredFields)[number];

/** Precision (right guesses / guesses made) and recall (right guesses / values the texts hold) of one field. */
export interface FieldScore {
  field: MeasuredField;
  labelled: number;
  guessed: number;
  right: number;
  precision: number;
  recall: number;
}

/** One guess that was not the labelled value (or a value that was missed), for reading the table. */
export interface Miss {
  text: string;
  field: MeasuredField;
  expected: string;
  guessed: string;
}

/** The guesses as the labelled fields: each a list of values (one, or several dialling addresses). */
export function guessedFields(guesses: TextGuesses, rooms: readonly Resource[]): Record<MeasuredField, string[]> {
  const one = (value: unknown) => (value === undefined ? [] : [String(value)]);
  const room = guesses.roomWords ? roomNamed(guesses.roomWords, rooms, guesses.service ?? 'NC') ?? roomNamed(guesses.roomWords, rooms, 'VC') : undefined;
  return {
    date: one(guesses.date),
    startTime: one(guesses.startTime),
    endTime: one(guesses.endTime),
    siglas: one(guesses.siglas),
    service: one(guesses.service),
    addresses: (guesses.remoteSites ?? []).map((site) => site.dialAddress),
    participants: one(guesses.expectedParticipants),
    room: one(room?.id),
    platform: one(guesses.platform),
    recording: one(guesses.recording),
  };
}

function expectedFields(expected: ExpectedFields): Record<MeasuredField, string[]> {
  const one = (value: unknown) => (value === undefined ? [] : [String(value)]);
  return {
    date: one(expected.date),
    startTime: one(expected.startTime),
    endTime: one(expected.endTime),
    siglas: one(expected.siglas),
    service: one(expected.service),
    addresses: expected.addresses ?? [],
    participants: one(expected.participants),
    room: one(expected.room),
    platform: one(expected.platform),
    recording: one(expected.recording),
  };
}

/** Reads every labelled text (written at {@link LABELLED_WRITTEN_AT} in `timeZone`) and scores each field. */
export function measureGuesses(texts: readonly LabelledText[], rooms: readonly Resource[], timeZone: string): { scores: FieldScore[]; misses: Miss[] } {
  const counts = new Map(measuredFields.map((field) => [field, { labelled: 0, guessed: 0, right: 0 }]));
  const misses: Miss[] = [];
  for (const { text, expected } of texts) {
    const guessed = guessedFields(guessFromText(text, { writtenAt: LABELLED_WRITTEN_AT, timeZone }), rooms);
    const labelled = expectedFields(expected);
    for (const field of measuredFields) {
      const count = counts.get(field)!;
      const right = guessed[field].filter((value) => labelled[field].includes(value)).length;
      count.labelled += labelled[field].length;
      count.guessed += guessed[field].length;
      count.right += right;
      if (right !== guessed[field].length || right !== labelled[field].length) {
        misses.push({ text, field, expected: labelled[field].join(' | '), guessed: guessed[field].join(' | ') });
      }
    }
  }
  const scores = measuredFields.map((field) => {
    const { labelled, guessed, right } = counts.get(field)!;
    return { field, labelled, guessed, right, precision: guessed === 0 ? 1 : right / guessed, recall: labelled === 0 ? 1 : right / labelled };
  });
  return { scores, misses };
}
