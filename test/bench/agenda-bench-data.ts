/**
 * The agenda bench's data: a 50-resource catalogue and a dense, conflict-free synthetic booking
 * history written as {@link BookingDocument}s (to be inserted with the raw driver, not `book()`).
 */
import { DateTime } from 'luxon';
import type { BookingDocument } from '../../services/agenda/agenda-documents.js';
import type { WeeklyHours } from '../../services/agenda/agenda-types.js';
import type { ServiceType } from '../../services/requests/request-types.js';

/** One catalogue entry as the catalogue file writes it. */
export interface CatalogueEntry {
  id: string;
  kind: 'room' | 'equipment' | 'staff';
  name: string;
  capacity?: number;
  services: ServiceType[];
  mailbox?: string;
  bridge?: boolean;
  workingHours?: WeeklyHours[];
  active: boolean;
}

const mailDomain = 'redes.example.edu';
const roomCapacities = [6, 8, 10, 12, 12, 16, 20, 20, 24, 30, 40];
/** The only room seating more than 40: the one the "congress" blocks. */
export const congressRoomId = 'auditorio';
export const congressRoomCapacity = 150;
const equipmentNames = [
  'Cámara PTZ', 'Cámara PTZ', 'Cámara PTZ', 'Cámara PTZ', 'Códec de videoconferencia', 'Códec de videoconferencia', 'Códec de videoconferencia',
  'Juego de micrófonos', 'Juego de micrófonos', 'Juego de micrófonos', 'Pantalla móvil', 'Pantalla móvil', 'Proyector', 'Proyector',
  'Consola de audio', 'Grabador', 'Grabador', 'Teléfono de conferencia',
];
const shifts: Array<{ label: string; hours: WeeklyHours[]; count: number }> = [
  { label: 'mañana', hours: [{ days: [1, 2, 3, 4, 5], start: '07:00', end: '15:00' }], count: 6 },
  { label: 'tarde', hours: [{ days: [1, 2, 3, 4, 5], start: '12:30', end: '21:00' }], count: 6 },
  { label: 'completo', hours: [{ days: [1, 2, 3, 4, 5, 6], start: '09:00', end: '18:00' }], count: 4 },
  { label: 'fin de semana', hours: [{ days: [5, 6, 7], start: '08:00', end: '20:00' }], count: 2 },
];

/**
 * 50 resources: 12 rooms (one auditorium of 150 seats, the rest 6–40), 20 pieces of equipment
 * (2 of them bridges serving VC and TC) and 18 staff on four kinds of shift. The first
 * `withMailbox` resources, in the order rooms, equipment, staff, have a Microsoft 365 mailbox.
 */
export function benchCatalogue(withMailbox = 0): { resources: CatalogueEntry[] } {
  const resources: CatalogueEntry[] = [];
  roomCapacities.forEach((capacity, index) =>
    resources.push({ id: `sala-${String(index + 1).padStart(2, '0')}`, kind: 'room', name: `Sala ${index + 1}`, capacity, services: ['VC', 'TC', 'NC'], active: true }),
  );
  resources.push({ id: congressRoomId, kind: 'room', name: 'Auditorio de Telecomunicaciones', capacity: congressRoomCapacity, services: ['VC', 'TC', 'NC'], active: true });
  resources.push({ id: 'mcu-1', kind: 'equipment', name: 'MCU 1', services: ['VC', 'TC'], bridge: true, active: true });
  resources.push({ id: 'mcu-2', kind: 'equipment', name: 'MCU 2', services: ['VC', 'TC'], bridge: true, active: true });
  equipmentNames.forEach((name, index) =>
    resources.push({ id: `equipo-${String(index + 1).padStart(2, '0')}`, kind: 'equipment', name: `${name} ${index + 1}`, services: ['VC', 'TC', 'NC'], active: true }),
  );
  let person = 0;
  for (const shift of shifts) {
    for (let index = 0; index < shift.count; index += 1) {
      person += 1;
      resources.push({
        id: `tec-${String(person).padStart(2, '0')}`,
        kind: 'staff',
        name: `Técnico ${person} (${shift.label})`,
        services: ['VC', 'TC', 'NC'],
        workingHours: shift.hours,
        active: true,
      });
    }
  }
  return {
    resources: resources.map((resource, index) => (index < withMailbox ? { ...resource, mailbox: `${resource.id}@${mailDomain}` } : resource)),
  };
}

/** What {@link generateBookings} needs. */
export interface BookingHistoryOptions {
  /** Bookings in all (the congress's included). */
  count: number;
  /** First local date of the history, 'YYYY-MM-DD'. */
  firstDate: string;
  days: number;
  timeZone: string;
  buffers: Record<ServiceType, { before: number; after: number }>;
  /** Bookings per insert batch; booking `i` goes to batch `i mod batches`, so a prefix of batches thins the history evenly. */
  batchSize: number;
  /** Local date on which the congress starts blocking the auditorium all day. */
  congressDate: string;
  congressDays: number;
}

/** The generated history: insert batches (each spread over the whole period) and where the congress is. */
export interface BookingHistory {
  batches: BookingDocument[][];
  slotsPerDay: number;
  slotMinutes: number;
  /** Local time of the first slot, minutes after midnight. */
  firstSlotMinutes: number;
}

/** Held-interval grid: nine 90-minute slots a day from 07:00 to 20:30 local, every day. */
const slotMinutes = 90;
const firstSlotMinutes = 7 * 60;
const slotsPerDay = 9;
/** Per slot: bookings 0–6 hold a room, 0–11 a staff member, 7+ one piece of equipment, booking 0 a bridge. */
const roomsPerSlot = 7;
const staffPerSlot = 12;

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * A booking history that never double-books a resource: time is a grid of 90-minute held
 * intervals (07:00–20:30 local, every day); each slot gets `count ÷ slots` bookings (3–4 at the
 * bench's 30 a day), each on resources drawn without repetition inside the slot, so every
 * slot leaves ≥ 5 rooms, ≥ 6 staff, ≥ 9 pieces of equipment and one bridge free. On top, the
 * auditorium is held all day (07:00–21:00) for `congressDays` days from `congressDate` and left
 * out of the grid those days. Every booking is 'confirmed', its event the held interval minus its
 * service's buffers.
 */
export function generateBookings(options: BookingHistoryOptions, catalogue: readonly CatalogueEntry[]): BookingHistory {
  const next = random(20260105);
  const rooms = catalogue.filter((resource) => resource.kind === 'room').map((resource) => resource.id);
  const bridges = catalogue.filter((resource) => resource.bridge).map((resource) => resource.id);
  const equipment = catalogue.filter((resource) => resource.kind === 'equipment' && !resource.bridge).map((resource) => resource.id);
  const staff = catalogue.filter((resource) => resource.kind === 'staff').map((resource) => resource.id);
  const batchCount = Math.max(1, Math.ceil(options.count / options.batchSize));
  const batches: BookingDocument[][] = Array.from({ length: batchCount }, () => []);
  const first = DateTime.fromISO(options.firstDate, { zone: options.timeZone }).startOf('day');
  const congressFirst = DateTime.fromISO(options.congressDate, { zone: options.timeZone }).startOf('day');
  const congressDates = new Set(Array.from({ length: options.congressDays }, (_, day) => congressFirst.plus({ days: day }).toISODate()!));
  const createdAt = first.minus({ days: 30 }).toJSDate();
  let serial = 0;

  const push = (fields: { service: ServiceType; heldStart: Date; heldEnd: Date; roomId: string | null; equipmentIds: string[]; staffIds: string[]; title: string }) => {
    const index = serial;
    serial += 1;
    const buffers = options.buffers[fields.service];
    const id = `bk-bench-${String(index).padStart(6, '0')}`;
    const resourceIds = [...(fields.roomId ? [fields.roomId] : []), ...fields.equipmentIds, ...fields.staffIds];
    batches[index % batchCount]!.push({
      _id: id,
      requestId: `req-bench-${index}`,
      folio: `${fields.service}-${fields.heldStart.getUTCFullYear()}-${String(index).padStart(6, '0')}`,
      service: fields.service,
      title: fields.title,
      body: `Servicio ${fields.service}; recursos: ${resourceIds.join(', ')}.`,
      start: new Date(fields.heldStart.getTime() + buffers.before * 60_000),
      end: new Date(fields.heldEnd.getTime() - buffers.after * 60_000),
      heldStart: fields.heldStart,
      heldEnd: fields.heldEnd,
      roomId: fields.roomId,
      equipmentIds: fields.equipmentIds,
      staffIds: fields.staffIds,
      status: 'confirmed',
      graphEventId: null,
      declinedBy: [],
      createdBy: 'asv-1',
      createdAt,
      updatedAt: createdAt,
      resourceIds,
      commandId: `bench-book-${index}`,
      replaces: null,
    });
  };

  for (const date of congressDates) {
    const day = DateTime.fromISO(date, { zone: options.timeZone });
    push({
      service: 'VC',
      heldStart: day.set({ hour: 7 }).toJSDate(),
      heldEnd: day.set({ hour: 21 }).toJSDate(),
      roomId: congressRoomId,
      equipmentIds: [],
      staffIds: [],
      title: 'CONGRESO – Congreso de Telecomunicaciones',
    });
  }

  const regular = options.count - congressDates.size;
  const slots = options.days * slotsPerDay;
  for (let slot = 0; slot < slots; slot += 1) {
    const inSlot = Math.floor(((slot + 1) * regular) / slots) - Math.floor((slot * regular) / slots);
    const day = first.plus({ days: Math.floor(slot / slotsPerDay) });
    const heldStart = day.plus({ minutes: firstSlotMinutes + (slot % slotsPerDay) * slotMinutes });
    const heldEnd = heldStart.plus({ minutes: slotMinutes });
    const freeRooms = shuffled(congressDates.has(day.toISODate()!) ? rooms.filter((id) => id !== congressRoomId) : rooms, next);
    const freeStaff = shuffled(staff, next);
    const freeEquipment = shuffled(equipment, next);
    const bridge = bridges[Math.floor(next() * bridges.length)]!;
    if (inSlot > roomsPerSlot + equipment.length) throw new Error(`agenda bench: ${inSlot} bookings do not fit in one slot`);
    for (let position = 0; position < inSlot; position += 1) {
      const roomId = position < roomsPerSlot ? freeRooms[position]! : null;
      const service: ServiceType = roomId ? (position % 3 === 2 ? 'TC' : 'VC') : position % 2 ? 'TC' : 'NC';
      push({
        service,
        heldStart: heldStart.toJSDate(),
        heldEnd: heldEnd.toJSDate(),
        roomId,
        equipmentIds: [...(position >= roomsPerSlot ? [freeEquipment[position - roomsPerSlot]!] : []), ...(position === 0 ? [bridge] : [])],
        staffIds: position < staffPerSlot ? [freeStaff[position]!] : [],
        title: `FI – Sesión ${serial}`,
      });
    }
  }
  return { batches, slotsPerDay, slotMinutes, firstSlotMinutes };
}
