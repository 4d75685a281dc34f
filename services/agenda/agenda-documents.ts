import { Schema, type Connection, type Model } from 'mongoose';
import type { Booking, Resource } from './agenda-types.js';

/** A resource as stored; `_id` is its catalogue id. */
export interface ResourceDocument extends Omit<Resource, 'id'> {
  _id: string;
  updatedAt: Date;
}

/** A booking as stored; `resourceIds` lists every resource it holds (for the busy-time query). */
export interface BookingDocument extends Omit<Booking, 'id'> {
  _id: string;
  resourceIds: string[];
  /** The command that created it (the booking id is derived from it, so one command books once). */
  commandId: string;
  /** The booking this one replaced (reschedule). */
  replaces: string | null;
}

/**
 * One five-minute slot of one resource, held by one booking. `_id` is `<resource>@<slot start
 * epoch minutes>`: two bookings can never hold the same slot, because `_id` is unique.
 */
export interface BookingSlotDocument {
  _id: string;
  bookingId: string;
}

const mixed = Schema.Types.Mixed;

const resourceSchema = new Schema<ResourceDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    capacity: Number,
    services: [String],
    mailbox: String,
    workingHours: { type: mixed },
    bridge: Boolean,
    active: { type: Boolean, default: true },
    updatedAt: Date,
  },
  { collection: 'resources', versionKey: false },
);
resourceSchema.index({ kind: 1, name: 1 });

const bookingSchema = new Schema<BookingDocument>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    folio: String,
    service: String,
    title: String,
    body: String,
    start: Date,
    end: Date,
    heldStart: Date,
    heldEnd: Date,
    roomId: { type: String, default: null },
    equipmentIds: [String],
    staffIds: [String],
    resourceIds: [String],
    status: { type: String, required: true },
    graphEventId: { type: String, default: null },
    declinedBy: [String],
    shareToken: String,
    createdBy: String,
    createdAt: Date,
    updatedAt: Date,
    commandId: { type: String, required: true },
    replaces: { type: String, default: null },
    series: { type: mixed, default: undefined },
  },
  { collection: 'bookings', versionKey: false },
);
// Bookings overlapping [from, to) are read by `heldEnd > from` (then `heldStart < to`): the index
// range holds only what ends after `from`, so the past never weighs on availability.
bookingSchema.index({ heldEnd: 1, heldStart: 1 });
bookingSchema.index({ resourceIds: 1, heldEnd: 1 });
bookingSchema.index({ status: 1, createdAt: 1 });
bookingSchema.index({ requestId: 1 });

const slotSchema = new Schema<BookingSlotDocument>(
  { _id: { type: String, required: true }, bookingId: { type: String, required: true } },
  { collection: 'booking_slots', versionKey: false },
);

/** The agenda's models on one connection. */
export interface AgendaModels {
  resources: Model<ResourceDocument>;
  bookings: Model<BookingDocument>;
  slots: Model<BookingSlotDocument>;
}

/** Binds the agenda's models to `connection` and creates their indexes. */
export async function agendaModels(connection: Connection): Promise<AgendaModels> {
  const models: AgendaModels = {
    resources: connection.models.Resource ?? connection.model<ResourceDocument>('Resource', resourceSchema),
    bookings: connection.models.Booking ?? connection.model<BookingDocument>('Booking', bookingSchema),
    slots: connection.models.BookingSlot ?? connection.model<BookingSlotDocument>('BookingSlot', slotSchema),
  };
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== 'NamespaceExists') throw error;
    });
    await model.createIndexes();
  }
  return models;
}
