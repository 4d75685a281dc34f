import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { renderDeliveryFormCard, deliveryFormIncidentRows, type DeliveryFormValues } from '../../cards/delivery-form-card.js';
import { rejectionText, t } from '../../cards/messages.js';
import { renderRatingCard } from '../../cards/rating-card.js';
import type { CommandResult } from '../../services/requests/request-service.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { requestCardFor } from '../request-card-views.js';
import type { BotServices, CardReply, Turn } from './handler-context.js';

/** A text input of a card, bounded: anything else (a number, an object, too long) is read as absent. */
const cardText = (max: number) =>
  z
    .unknown()
    .transform((value) => (typeof value === 'string' && value.length <= max ? value.trim() : undefined))
    .optional();

/** The delivery form's inputs as Teams sends them (every value a string); unknown fields dropped. */
const deliveryFormInput = z.object({
  outcome: cardText(40),
  actualDate: cardText(20),
  actualStartTime: cardText(20),
  actualEndTime: cardText(20),
  ...Object.fromEntries(
    Array.from({ length: deliveryFormIncidentRows }, (_, index) => [
      [`incidentKind${index + 1}`, cardText(40)],
      [`incidentText${index + 1}`, cardText(2000)],
    ]).flat(),
  ),
});

/** The rating card's inputs as Teams sends them. */
const ratingInput = z.object({ rating: cardText(4), comment: cardText(4000) });

/** The form values of what the ASV typed (each row of incidents kept, empty ones too, to show them again). */
export function deliveryValuesOf(raw: unknown): DeliveryFormValues {
  const input = deliveryFormInput.parse(typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, string | undefined>;
  return {
    outcome: input.outcome,
    actualDate: input.actualDate,
    actualStartTime: input.actualStartTime,
    actualEndTime: input.actualEndTime,
    incidents: Array.from({ length: deliveryFormIncidentRows }, (_, index) => ({ kind: input[`incidentKind${index + 1}`], text: input[`incidentText${index + 1}`] })),
  } as DeliveryFormValues;
}

/**
 * The `record-delivery` command the form's values propose: the real start and end read as
 * wall-clock times of the given date in the business time zone (a value that is not a date or
 * a time is left out, and the status machine names it as missing); incidents from the rows with
 * text. Still untrusted: the request service parses it with the command's own schema.
 */
export function deliveryCommandOf(values: DeliveryFormValues, timeZone: string): Record<string, unknown> {
  const at = (time: string | undefined) => {
    if (!values.actualDate || !time) return undefined;
    const local = DateTime.fromISO(`${values.actualDate}T${time}`, { zone: timeZone });
    return local.isValid ? local.toJSDate() : undefined;
  };
  return {
    type: 'record-delivery',
    outcome: values.outcome,
    actualStart: at(values.actualStartTime),
    actualEnd: at(values.actualEndTime),
    incidents: (values.incidents ?? []).filter((row) => row.text).map((row) => ({ kind: row.kind, text: row.text })),
  };
}

/** The form's values for a request: its current record, else the booking's own date and times. */
export function initialDeliveryValues(request: ServiceRequest, timeZone: string): DeliveryFormValues {
  const local = (date: Date) => DateTime.fromJSDate(new Date(date), { zone: timeZone });
  const record = request.delivery;
  const start = record?.actualStart ?? request.booking?.start;
  const end = record?.actualEnd ?? request.booking?.end;
  return {
    outcome: record?.outcome ?? '',
    actualDate: start ? local(start).toISODate()! : '',
    actualStartTime: start ? local(start).toFormat('HH:mm') : '',
    actualEndTime: end ? local(end).toFormat('HH:mm') : '',
    incidents: record?.incidents.map((incident) => ({ kind: incident.kind, text: incident.text })) ?? [],
  };
}

/**
 * The after-event card verbs (issue 12 §1): the ASV's delivery form (`open-delivery`, and
 * `record-delivery` to save it) and the requester's rating (`rate`). The status machine decides;
 * a refused form comes back with the reason and everything typed.
 */
export class AfterEventActions {
  constructor(private readonly services: BotServices) {}

  /** The delivery form, filled with the current record or the booking's times. */
  openDelivery(turn: Turn, request: ServiceRequest): CardReply {
    const timeZone = this.services.config.calendar.timeZone;
    return { card: renderDeliveryFormCard({ request, locale: turn.locale, timeZone, values: initialDeliveryValues(request, timeZone) }) };
  }

  /** Saves the delivery record; the request card when stored, else the form with the reason and the values. */
  async recordDelivery(turn: Turn, request: ServiceRequest, raw: unknown, commandId: string): Promise<CardReply> {
    const timeZone = this.services.config.calendar.timeZone;
    const values = deliveryValuesOf(raw);
    const command = deliveryCommandOf(values, timeZone);
    const valuesKey = createHash('sha1').update(JSON.stringify(values)).digest('hex').slice(0, 12);
    const result = await this.services.desk.requests.execute(request.id, command as never, turn.actor, `${commandId}:${valuesKey}`, undefined, request);
    if (result.outcome === 'applied' || result.outcome === 'duplicate') {
      return { card: await requestCardFor(this.services, result.request, turn.actor, turn.locale) };
    }
    const current = 'request' in result && result.request ? result.request : request;
    // A value to correct comes back in the form; a refusal of the action itself (who, when) on the request card, as every action's.
    const inputProblem = result.outcome === 'rejected' && (result.rejection.code === 'missing-input' || result.rejection.code === 'invalid-input');
    if (!inputProblem) return { card: await requestCardFor(this.services, current, turn.actor, turn.locale, this.refusal(turn, result)) };
    return { card: renderDeliveryFormCard({ request: current, locale: turn.locale, timeZone, values, note: this.refusal(turn, result) }) };
  }

  /** The requester's rating; the card thanks them, or says why it was refused with what they chose. */
  async rate(turn: Turn, request: ServiceRequest, raw: unknown, commandId: string): Promise<CardReply> {
    const typed = ratingInput.parse(typeof raw === 'object' && raw !== null ? raw : {});
    const answerKey = createHash('sha1').update(`${typed.rating ?? ''}\n${typed.comment ?? ''}`).digest('hex').slice(0, 12);
    let current = request;
    let result: CommandResult | undefined;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      result = await this.services.desk.requests.execute(current.id, { type: 'rate', rating: typed.rating as never, comment: typed.comment }, turn.actor, `${commandId}:${answerKey}`, undefined, current);
      if (result.outcome !== 'changed-meanwhile') break;
      current = result.request;
    }
    const shown = result && 'request' in result && result.request ? result.request : current;
    const stored = result?.outcome === 'applied' || result?.outcome === 'duplicate';
    // Not this person's to rate, or not a request that can be rated: the request card with the reason, as every action's.
    const refusedByRule = result?.outcome === 'rejected' && (result.rejection.code === 'not-authorised' || result.rejection.code === 'not-allowed-from-status');
    if (refusedByRule) return { card: await requestCardFor(this.services, shown, turn.actor, turn.locale, this.refusal(turn, result!)) };
    return { card: this.ratingCard(turn, shown, stored ? undefined : this.refusal(turn, result!), stored ? undefined : { rating: typed.rating ?? '', comment: typed.comment ?? '' }) };
  }

  private ratingCard(turn: Turn, request: ServiceRequest, note?: string, typed?: { rating: string; comment: string }) {
    const { desk, config } = this.services;
    const closesAt = request.booking ? desk.ratingWindow(request.booking.end).closesAt : desk.now();
    return renderRatingCard({ request, locale: turn.locale, timeZone: config.calendar.timeZone, closesAt, now: desk.now(), ...(note ? { note } : {}), ...(typed ? { typed } : {}) });
  }

  private refusal(turn: Turn, result: CommandResult): string {
    const timeZone = this.services.config.calendar.timeZone;
    switch (result.outcome) {
      case 'rejected':
        return rejectionText(turn.locale, result.rejection, timeZone);
      case 'changed-meanwhile':
        return t(turn.locale, 'reply.changedMeanwhile');
      default:
        return '';
    }
  }
}
