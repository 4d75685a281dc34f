import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';
import type { BookingPlace } from './notice-texts.js';
import type { AssigneeNotice, Person, RequesterNotice, ServiceRequest } from '../requests/request-types.js';

import type { Locale } from '../forms/locale.js';

export type { Locale } from '../forms/locale.js';

/** An e-mail ready to send; `id` makes the send idempotent. */
export interface OutgoingMail {
  id: string;
  requestId: string;
  folio: string;
  to: string[];
  subject: string;
  text: string;
  /** The HTML body; transports that need one derive it from `text` when absent. */
  html?: string | undefined;
  /** A link for the reader (the request in Teams, the calendar feed). */
  link?: string | undefined;
  locale: Locale;
  /**
   * The reply token of an information request or its reminder (answers by e-mail): the transport
   * puts it in the Message-ID (SMTP) or an `X-Service-Desk-Ref` header (Graph), and asks for
   * replies at the inbound mailbox (Reply-To) when it knows one.
   */
  replyToken?: string | undefined;
}

/** Sends e-mail: Graph, SMTP or the outbox collection. */
export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<DeliveryReceipt>;
}

/** Who a Teams notice is for. */
export type NoticeAudience =
  | { kind: 'requester'; notice: RequesterNotice }
  | { kind: 'assignee'; notice: AssigneeNotice }
  | { kind: 'dau'; notice: 'not-viable' };

/**
 * Teams messages of a request: the card in the ASV channel (one thread per request), replies in
 * that thread, and 1:1 notices. Implemented by the bot; the product runs without it.
 */
export interface TeamsNotifier {
  postRequestCard(request: ServiceRequest): Promise<DeliveryReceipt>;
  updateRequestCard(request: ServiceRequest): Promise<DeliveryReceipt>;
  /** A reply in the request's thread; `mention`, the person it is about, is @mentioned when Teams knows them. */
  postThreadReply(request: ServiceRequest, text: string, topic: string, mention?: Person): Promise<DeliveryReceipt>;
  notifyPerson(person: Person, request: ServiceRequest, audience: NoticeAudience): Promise<DeliveryReceipt>;
  notifyDau(request: ServiceRequest): Promise<DeliveryReceipt>;
  /** Opens the person's 1:1 chat ahead of any notice (installing the app for them); never throws. */
  prepareChat?(person: Person): Promise<DeliveryReceipt>;
  /** The language last seen from the person in Teams; undefined until seen. */
  localeOf?(person: Person): Promise<Locale | undefined>;
  /** The directory e-mail Teams or Graph gave for a person known by object id (an ASV configured by id). */
  directoryEmailOf?(person: Person): Promise<string | undefined>;
}

const notConfigured: DeliveryReceipt = { channel: 'teams', skipped: true, reference: 'Teams not configured' };

/** The Teams notifier of a process without Teams: every notice is recorded as skipped. */
export const teamsNotConfigured: TeamsNotifier = {
  postRequestCard: async () => notConfigured,
  updateRequestCard: async () => notConfigured,
  postThreadReply: async () => notConfigured,
  notifyPerson: async () => notConfigured,
  notifyDau: async () => notConfigured,
};

/** Releases bookings in the agenda (the agenda issue implements it). */
export interface BookingReleaser {
  release(bookingId: string, requestId: string): Promise<DeliveryReceipt>;
  /** The room and technicians of a booking, by name, for the booking notice. */
  placeOf?(bookingId: string): Promise<BookingPlace | undefined>;
}
