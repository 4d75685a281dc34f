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

/** A VC request in *En Proceso* with a draft form naming the program, ready to be booked. */
export async function requestReadyToBook(fixture: Fixture, programName = 'Seminario de redes'): Promise<ServiceRequest> {
  const { desk, actor } = fixture;
  const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  await desk.requests.execute(registered.request.id, { type: 'take' }, actor(people.asv), commandId('take'));
  const saved = await desk.requests.saveForm(registered.request.id, 'VC', { programName, siglas: 'FI' }, actor(people.asv), commandId('form'), { locale: 'es' });
  if (saved.outcome !== 'applied') throw new Error(`form: ${saved.outcome}`);
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

/**
 * A Microsoft 365 calendar stand-in (not the database) for booking paths that need to act while
 * an event update is in flight: events are created at once; `onUpdate`, when set, runs inside
 * each event update (it may hang to simulate a process dying there).
 */
export function scriptedCalendar(): CalendarDirectory & { onUpdate: ((eventId: string, draft: CalendarEventDraft) => Promise<void>) | null } {
  let counter = 0;
  const calendar = {
    onUpdate: null as ((eventId: string, draft: CalendarEventDraft) => Promise<void>) | null,
    busyTimes: async () => new Map(),
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
