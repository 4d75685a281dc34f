import type { Collection } from 'mongodb';
import { Schema, type Connection, type Model } from 'mongoose';
import { requestStatuses, serviceTypes, type Effect, type HistoryEntry, type ServiceRequest } from '../requests/request-types.js';

const person = new Schema({ id: { type: String, default: '' }, name: String, email: String, locale: String }, { _id: false });

const historyEntry = new Schema(
  {
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { id: String, name: String, role: String },
    kind: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    note: String,
  },
  { _id: false },
);

/** The stored request: the projection of its events, plus folio numbering and a search field. */
export interface RequestDocument extends Omit<ServiceRequest, 'id'> {
  _id: string;
  folioYear: number;
  folioNumber: number;
  /** The words the free-text search matches by prefix (see `searchWords`). */
  searchWords: string[];
  /** The requester's object id and e-mail, each in its key space (see `requesterKeys`). */
  requesterKeys: string[];
}

const requestSchema = new Schema<RequestDocument>(
  {
    _id: { type: String, required: true },
    folio: { type: String, required: true },
    folioYear: { type: Number, required: true },
    folioNumber: { type: Number, required: true },
    requester: { type: person, required: true },
    dependencia: { name: String, siglas: String },
    description: String,
    service: { type: String, enum: [...serviceTypes, null], default: null },
    status: { type: String, enum: requestStatuses, required: true },
    assignee: { type: person, required: true },
    form: { type: Schema.Types.Mixed, default: null },
    booking: { type: Schema.Types.Mixed, default: null },
    wait: { type: Schema.Types.Mixed, default: null },
    teams: { type: Schema.Types.Mixed, default: null },
    delivery: { type: Schema.Types.Mixed, default: null },
    rating: { type: Schema.Types.Mixed, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    history: { type: [historyEntry], default: [] },
    searchWords: { type: [String], default: [] },
    requesterKeys: { type: [String], default: [] },
  },
  { collection: 'requests', versionKey: false, minimize: false },
);
requestSchema.index({ folio: 1 }, { unique: true, name: 'folio_unique' });
requestSchema.index({ folioYear: 1, folioNumber: 1 }, { unique: true, name: 'folio_sequence_unique' });
requestSchema.index({ status: 1, createdAt: -1 });
requestSchema.index({ 'assignee.id': 1, status: 1 });
requestSchema.index({ requesterKeys: 1, createdAt: -1 });
requestSchema.index({ 'dependencia.siglas': 1, createdAt: -1 });
requestSchema.index({ searchWords: 1 });
requestSchema.index({ createdAt: -1, _id: -1 });

/** An effect as stored with its event, with its own id. */
export type StoredEffect = Effect & { id: string };

/**
 * One change of a request, as it happened: the history entry, the projected fields it set, the
 * effects it caused and the command that caused it. `_id` is `<requestId>:<seq>`, so two changes
 * can never take the same place in a request's history; `commandId` is unique too, so a command
 * applied twice changes nothing the second time. Only `effectsOpen` (dispatch bookkeeping) is
 * ever updated.
 */
export interface RequestEventDocument {
  _id: string;
  requestId: string;
  seq: number;
  commandId: string;
  at: Date;
  entry: HistoryEntry;
  changes: Record<string, unknown>;
  effects: StoredEffect[];
  effectsOpen: boolean;
}

const requestEventSchema = new Schema<RequestEventDocument>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    seq: { type: Number, required: true },
    commandId: { type: String, required: true },
    at: { type: Date, required: true },
    entry: { type: historyEntry, required: true },
    changes: { type: Schema.Types.Mixed, default: {} },
    effects: { type: Schema.Types.Mixed, default: [] },
    effectsOpen: { type: Boolean, required: true },
  },
  { collection: 'request_events', versionKey: false, minimize: false },
);
requestEventSchema.index({ commandId: 1 }, { unique: true, name: 'command_unique' });
requestEventSchema.index({ requestId: 1, seq: 1 });
requestEventSchema.index({ effectsOpen: 1, at: 1 });
requestEventSchema.index({ 'entry.actor.id': 1, at: -1 });

/** Where an effect's delivery stands; `_id` is the effect id. */
export interface EffectDeliveryDocument {
  _id: string;
  requestId: string;
  eventId: string;
  effect: StoredEffect;
  /** For one step of an effect (e.g. its e-mail, its Teams notice), the step's name. */
  step: string | null;
  /** `skipped`: settled with nothing sent (no address, Teams could not reach them, the wait closed…); `reference` says why. */
  status: 'delivered' | 'skipped' | 'retrying' | 'failed';
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  channel: string | null;
  reference: string | null;
  updatedAt: Date;
}

const effectDeliverySchema = new Schema<EffectDeliveryDocument>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    eventId: { type: String, required: true },
    effect: { type: Schema.Types.Mixed, required: true },
    step: { type: String, default: null },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    channel: { type: String, default: null },
    reference: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'effect_deliveries', versionKey: false, minimize: false },
);
effectDeliverySchema.index({ requestId: 1, updatedAt: 1 });
effectDeliverySchema.index({ requestId: 1, status: 1, step: 1 });

/** A claim on one attempt of one effect: `_id` is `<effectId>#<attempt>`, unique by nature. */
export interface EffectAttemptDocument {
  _id: string;
  claimedAt: Date;
  owner: string;
}

const effectAttemptSchema = new Schema<EffectAttemptDocument>(
  {
    _id: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    owner: { type: String, required: true },
  },
  { collection: 'effect_attempts', versionKey: false },
);

/** The models of the request store, bound to one connection. */
export interface RequestModels {
  requests: Model<RequestDocument>;
  events: Model<RequestEventDocument>;
  deliveries: Model<EffectDeliveryDocument>;
  attempts: Model<EffectAttemptDocument>;
  counters: Model<CounterDocument>;
}

/** A sequence: `_id` names it (`folio:<year>`), `n` is the last number given. */
export interface CounterDocument {
  _id: string;
  n: number;
}

const counterSchema = new Schema<CounterDocument>({ _id: { type: String, required: true }, n: { type: Number, required: true } }, { collection: 'counters', versionKey: false });

/** Binds the request store's models to `connection`. */
export function requestModels(connection: Connection): RequestModels {
  return {
    requests: connection.models.Request ?? connection.model<RequestDocument>('Request', requestSchema),
    events: connection.models.RequestEvent ?? connection.model<RequestEventDocument>('RequestEvent', requestEventSchema),
    deliveries:
      connection.models.EffectDelivery ?? connection.model<EffectDeliveryDocument>('EffectDelivery', effectDeliverySchema),
    attempts: connection.models.EffectAttempt ?? connection.model<EffectAttemptDocument>('EffectAttempt', effectAttemptSchema),
      counters: connection.models.Counter ?? connection.model<CounterDocument>('Counter', counterSchema),
  };
}

/** Creates the collections and indexes the request store relies on (unique keys above all). */
export async function ensureRequestIndexes(models: RequestModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== 'NamespaceExists') throw error;
    });
    await model.createIndexes();
  }
}

/** The driver collection behind a model, typed by its documents (for single-round-trip writes). */
export function rawCollection<T extends { _id: string }>(model: Model<T>): Collection<T> {
  return model.collection as unknown as Collection<T>;
}
