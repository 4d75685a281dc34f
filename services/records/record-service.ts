import type { Db } from 'mongodb';
import type { Resource } from '../agenda/agenda-types.js';
import type { Locale } from '../forms/locale.js';
import type { ServiceRequest } from '../requests/request-types.js';
import type { EffectDeliveryDocument } from '../store/request-documents.js';
import { renderRecordHtml } from './record-html.js';
import { renderRecordPdf } from './record-pdf.js';
import { recordView, type RecordBooking, type RecordSources, type RecordView, type ShownReply } from './record-view.js';

/** What the records are read from. */
export interface RecordServiceDependencies {
  db: Db;
  /** The request as projected (with its whole history). */
  request: (requestId: string) => Promise<ServiceRequest | null>;
  /** The resource catalogue, to name what a booking holds. */
  resources: () => Promise<Resource[]>;
  timeZone: string;
}

/**
 * The record (*expediente*) of a request (SPEC §9): the service form in its FOR 7.5 order with its
 * labels, the whole history, every notice with its channel and result, the bookings, and the
 * replies received — as an HTML page and as a PDF, both from one {@link RecordView}. Everything is
 * read by the request's id through indexes (`request_events` by request and place,
 * `effect_deliveries`, `bookings` and `inbound_mail` by request). Nothing of a request, its events
 * or its deliveries is ever deleted by the product, so a record of any year can be printed again.
 */
export class RecordService {
  constructor(private readonly deps: RecordServiceDependencies) {}

  /** The index the replies shown to the ASV are read by (answers by e-mail keep them in `inbound_mail`). */
  async ensureIndexes(): Promise<void> {
    await this.deps.db.collection('inbound_mail').createIndex({ requestId: 1, receivedAt: 1 }, { name: 'record_replies' });
  }

  /** Everything the record of `requestId` is printed from, or null when there is no such request. */
  async sources(requestId: string): Promise<RecordSources | null> {
    const request = await this.deps.request(requestId);
    if (!request) return null;
    const { db } = this.deps;
    const [events, deliveries, bookings, inbound, resources] = await Promise.all([
      db.collection('request_events').find({ requestId }, { projection: { seq: 1, commandId: 1 } }).sort({ seq: 1 }).toArray(),
      db.collection<EffectDeliveryDocument>('effect_deliveries').find({ requestId }).toArray(),
      db.collection('bookings').find({ requestId }).toArray(),
      db.collection('inbound_mail').find({ requestId, outcome: 'shown' }).toArray(),
      this.deps.resources(),
    ]);
    return {
      request,
      commandIds: new Map(events.map((event) => [Number(event.seq), String(event.commandId)])),
      deliveries: deliveries.sort((a, b) => a._id.localeCompare(b._id)),
      bookings: bookings
        .map(
          (booking): RecordBooking => ({
            id: String(booking._id),
            title: String(booking.title ?? ''),
            start: booking.start as Date,
            end: booking.end as Date,
            roomId: (booking.roomId as string | null) ?? null,
            equipmentIds: (booking.equipmentIds as string[]) ?? [],
            staffIds: (booking.staffIds as string[]) ?? [],
            status: booking.status as RecordBooking['status'],
            createdAt: booking.createdAt as Date,
          }),
        )
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)),
      shownReplies: inbound
        .map(
          (record): ShownReply => ({
            receivedAt: record.receivedAt as Date,
            from: String(record.message?.from ?? ''),
            answer: String(record.message?.answer ?? ''),
            reason: String(record.reason ?? ''),
            attachments: Array.isArray(record.message?.attachments) ? record.message.attachments.map(String) : [],
          }),
        )
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()),
      resources,
    };
  }

  /** The record's text in `locale`, or null. */
  async view(requestId: string, locale: Locale): Promise<RecordView | null> {
    const sources = await this.sources(requestId);
    return sources ? recordView(sources, locale, this.deps.timeZone) : null;
  }

  /** The record as an HTML page, or null. */
  async html(requestId: string, locale: Locale): Promise<{ view: RecordView; body: string } | null> {
    const view = await this.view(requestId, locale);
    return view ? { view, body: renderRecordHtml(view) } : null;
  }

  /** The record as a PDF, or null. */
  async pdf(requestId: string, locale: Locale): Promise<{ view: RecordView; body: Buffer } | null> {
    const view = await this.view(requestId, locale);
    return view ? { view, body: await renderRecordPdf(view) } : null;
  }
}
