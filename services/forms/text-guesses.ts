import type { ServiceType } from '../requests/request-types.js';
import type { VideoProtocol } from './dialling-address.js';
import { readAddresses } from './text-addresses.js';
import { readDates } from './text-dates.js';
import { cleanText, filler, foldText, GUESS_TEXT_LIMIT, single } from './text-scan.js';
import { readSiglas } from './text-siglas.js';
import { singleTimes, timeRanges } from './text-times.js';
import { readParticipants, readPlatform, readRecording, readRoom, readService, readStreaming, readVideoMode } from './text-words.js';

export { GUESS_TEXT_LIMIT };

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
