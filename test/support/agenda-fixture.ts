import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CalendarDirectory, CalendarEventDraft } from '../../services/agenda/agenda-types.js';
import type { SlotOption } from '../../services/agenda/availability.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { commandId, openServiceDesk, people, registration } from './service-desk-fixture.js';

/** The seed catalogue: three rooms, an MCU, an audio bridge, cameras, microphones, three technicians. */
export function seedCatalogue(): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../../services/agenda/seed-catalogue.json', import.meta.url)), 'utf8'));
}

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;

/** The date ('YYYY-MM-DD') and time ('HH:mm') of an instant in the business zone (America/Mexico_City, UTC−6, as {@link slot} writes it). */
function businessClock(at: Date): { date: string; time: string } {
  const local = new Date(at.getTime() - 6 * 60 * 60 * 1000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/**
 * The videoconference form fields that ask for `option`: its date and times, participants (10
 * by default: every seed room seats them), its room, and its equipment — a bridge (the MCU)
 * through the multipoint mode, which needs one, the rest as extra equipment. Availability then
 * offers this very slot when it is free, so booking it passes the server's re-check.
 */
export function formAskingFor(option: SlotOption, expectedParticipants = 10): Record<string, unknown> {
  const start = businessClock(option.start);
  const end = businessClock(option.end);
  if (start.date !== end.date) throw new Error('a form asks for an event within one day');
  const bridges = new Set(
    (seedCatalogue() as { resources: Array<{ id: string; bridge?: boolean }> }).resources.filter((resource) => resource.bridge).map((resource) => resource.id),
  );
  const extraEquipment = option.equipmentIds.filter((id) => !bridges.has(id));
  return {
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    expectedParticipants,
    ...(option.roomId ? { localRoom: option.roomId } : {}),
    mode: option.equipmentIds.some((id) => bridges.has(id)) ? 'multipoint' : 'point-to-point',
    ...(extraEquipment.length ? { extraEquipment } : {}),
  };
}

/**
 * A VC request in *En Proceso* with a draft form naming the program, ready to be booked; with
 * `asking`, the form asks for that slot ({@link formAskingFor}), so the slot — or another that
 * availability would offer for it — can be booked. Without it the form has no date, and any
 * booking is refused as not offered.
 */
export async function requestReadyToBook(fixture: Fixture, programName = 'Seminario de redes', asking?: SlotOption): Promise<ServiceRequest> {
  const { desk, actor } = fixture;
  const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  await desk.requests.execute(registered.request.id, { type: 'take' }, actor(people.asv), commandId('take'));
  const data = { programName, siglas: 'FI', ...(asking ? formAskingFor(asking) : {}) };
  const saved = await desk.requests.saveForm(registered.request.id, 'VC', data, actor(people.asv), commandId('form'), { locale: 'es' });
  if (saved.outcome !== 'applied') throw new Error(`form: ${saved.outcome}${'errors' in saved ? ` ${JSON.stringify(saved.errors)}` : ''}`);
  return saved.request;
}

/** A slot in the business zone (America/Mexico_City, UTC−6) on `date` from `from` to `to` ('HH:mm'). */
export function slot(date: string, from: string, to: string, resources: Partial<Omit<SlotOption, 'start' | 'end'>> = {}): SlotOption {
  return {
    start: new Date(`${date}T${from}:00-06:00`),
    end: new Date(`${date}T${to}:00-06:00`),
    roomId: 'sala-vc-1',
    equipmentIds: [],
    staffIds: ['tec-ana'],
    ...resources,
  };
}

/** The calendar stand-in of {@link scriptedCalendar}. */
export type ScriptedCalendar = CalendarDirectory & {
  onUpdate: ((eventId: string, draft: CalendarEventDraft) => Promise<void>) | null;
  /** Run by the next busy-time reads, one each, in order (see {@link pausedAfterRecheck}). */
  beforeBusyTimes: Array<() => Promise<void>>;
};

/**
 * A Microsoft 365 calendar stand-in (not the database) for booking paths that need to act while
 * an event update is in flight: events are created at once; `onUpdate`, when set, runs inside
 * each event update (it may hang to simulate a process dying there). Nobody is busy in it; a busy-
 * time read first runs the next of `beforeBusyTimes`, if any (it may hang, too).
 */
export function scriptedCalendar(): ScriptedCalendar {
  let counter = 0;
  const calendar: ScriptedCalendar = {
    onUpdate: null,
    beforeBusyTimes: [],
    busyTimes: async () => {
      await calendar.beforeBusyTimes.shift()?.();
      return new Map();
    },
    createEvent: async () => ({ eventId: `ev-${++counter}` }),
    updateEvent: async (eventId: string, draft: CalendarEventDraft) => {
      if (calendar.onUpdate) await calendar.onUpdate(eventId, draft);
    },
    cancelEvent: async () => {},
    attendeeResponses: async () => [],
    listRooms: async () => [],
  };
  return calendar;
}

function withdraw(calendar: ScriptedCalendar, hook: () => Promise<void>): void {
  for (let index = calendar.beforeBusyTimes.indexOf(hook); index >= 0; index = calendar.beforeBusyTimes.indexOf(hook)) calendar.beforeBusyTimes.splice(index, 1);
}

/**
 * Starts `run` — a booking, by the agenda or a card click — and returns once its availability
 * re-check has read the agenda: `book` reads our own bookings, then the Microsoft 365 busy times,
 * where `calendar` holds it, before it holds any slot. `resume` lets it go on and gives its result.
 * What is booked before `resume` was not there when it re-checked, as with two clicks at the same
 * instant: only the claim of the slots' unique keys can refuse it then.
 */
export async function pausedAfterRecheck<T>(calendar: ScriptedCalendar, run: () => Promise<T>): Promise<{ resume(): Promise<T> }> {
  let arrived: () => void = () => {};
  let release: () => void = () => {};
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const hook = () => {
    arrived();
    return gate;
  };
  calendar.beforeBusyTimes.push(hook);
  const running = run();
  await Promise.race([
    reached,
    running.then(
      (result) => {
        withdraw(calendar, hook);
        throw new Error(`the booking ended before its re-check read the calendar: ${JSON.stringify(result)}`);
      },
      (error: unknown) => {
        withdraw(calendar, hook);
        throw error;
      },
    ),
  ]);
  return {
    resume: () => {
      release();
      return running;
    },
  };
}

/**
 * Runs the bookings at once, each held after its availability re-check has read the agenda (see
 * {@link pausedAfterRecheck}) until every one has: none re-checks after another holds anything, as
 * with clicks at the same instant, so only the claim of the slots decides between them.
 */
export async function bookTogether<T>(calendar: ScriptedCalendar, runs: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  let arrivals = 0;
  const hook = () => {
    arrivals += 1;
    if (arrivals >= runs.length) open();
    return opened;
  };
  calendar.beforeBusyTimes.push(...runs.map(() => hook));
  try {
    // One that ends without re-checking (refused earlier) must not keep the others waiting.
    return await Promise.all(runs.map((run) => run().finally(open)));
  } finally {
    withdraw(calendar, hook);
  }
}

/**
 * A date ('YYYY-MM-DD') on ISO weekday `weekday` (1 = Monday) at least `daysAhead` days from now:
 * far enough ahead for availability to offer it, the same weekday in every run.
 */
export function futureDateOn(weekday: number, daysAhead = 60): string {
  const day = new Date(Date.now() + daysAhead * 86_400_000);
  const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1;
  day.setUTCDate(day.getUTCDate() + ((weekday - isoWeekday + 7) % 7));
  return day.toISOString().slice(0, 10);
}

/** The date `days` days after `date` ('YYYY-MM-DD'). */
export function datePlus(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A complete videoconference form asking for `option` (see {@link formAskingFor}): multipoint
 * through the MCU, two remote sites, the connection test at 09:00 the same day.
 */
export function completeVideoconferenceFormAsking(option: SlotOption, programName = 'Seminario de redes'): Record<string, unknown> {
  const asked = formAskingFor(option);
  return {
    dependenciaName: 'Facultad de Ingeniería',
    siglas: 'FI',
    requesterName: 'Rosa Quintero',
    requesterEmail: 'rosa@uni.example',
    requesterPhone: '55 5622 3333 ext. 123',
    programName,
    purpose: 'Sesión del seminario con sedes foráneas.',
    remoteSites: [
      { institution: 'Universidad de Guadalajara', contactName: 'Luis Pérez', contactEmail: 'luis.perez@udg.mx', dialAddress: 'sip:sala3@vc.udg.mx', protocol: 'SIP' },
      { institution: 'UNAM Campus Morelia', contactName: 'Rosa Díaz', contactPhone: '+52 443 322 3800', dialAddress: '132.248.10.5', protocol: 'H.323' },
    ],
    bandwidthKbps: 2048,
    recording: true,
    streaming: false,
    ...asked,
    connectionTestDate: asked.date,
    connectionTestTime: '09:00',
  };
}
