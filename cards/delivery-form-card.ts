import { commandTextLimits } from '../services/requests/command-input.js';
import { deliveryOutcomes, incidentKinds, type ServiceRequest } from '../services/requests/request-types.js';
import { t, type Locale } from './messages.js';
import { escapeMarkdown } from './plain-text.js';
import { formatRange, renderTemplate, type AdaptiveCard } from './render-card.js';
import template from './delivery-form-card.json' with { type: 'json' };

/** Incident rows the form offers (empty rows are not saved). */
export const deliveryFormIncidentRows = 3;

/** What the ASV typed into the delivery form, as the card sends it back (all text). */
export interface DeliveryFormValues {
  outcome?: string;
  actualDate?: string;
  actualStartTime?: string;
  actualEndTime?: string;
  incidents?: Array<{ kind?: string; text?: string }>;
}

/** The delivery form of a request whose event has ended. */
export interface DeliveryFormCardView {
  request: ServiceRequest;
  locale: Locale;
  /** The business time zone the booking is shown in. */
  timeZone: string;
  /** The values to show: what was typed, or the current record, or the booking's own times. */
  values: DeliveryFormValues;
  /** Why the last submit was refused (plain text). */
  note?: string;
}

/**
 * The form the ASV records how the event went with (issue 12 §1): held as planned, with incidents
 * or not held; the real date, start and end; up to {@link deliveryFormIncidentRows} incidents
 * (kind and text). Sent with `record-delivery`; a refused submit comes back here with the reason
 * and every value kept. When a record exists, a new one corrects it.
 */
export function renderDeliveryFormCard(view: DeliveryFormCardView): AdaptiveCard {
  const { request, locale, timeZone, values } = view;
  const booking = request.booking;
  const kinds = incidentKinds.map((kind) => ({ title: t(locale, `delivery.kind.${kind}`), value: kind }));
  return renderTemplate(template, {
    lang: locale,
    note: escapeMarkdown(view.note ?? ''),
    title: t(locale, 'deliveryForm.title', { folio: request.folio }),
    booked: booking ? escapeMarkdown(t(locale, 'deliveryForm.booked', { when: `${booking.title} · ${formatRange(booking.start, booking.end, locale, timeZone)}` })) : '',
    correcting: request.delivery ? t(locale, 'deliveryForm.correcting') : '',
    outcomes: deliveryOutcomes.map((outcome) => ({ title: t(locale, `delivery.outcome.${outcome}`), value: outcome })),
    values: {
      outcome: values.outcome ?? '',
      actualDate: values.actualDate ?? '',
      actualStartTime: values.actualStartTime ?? '',
      actualEndTime: values.actualEndTime ?? '',
    },
    incidents: Array.from({ length: deliveryFormIncidentRows }, (_, index) => ({
      heading: t(locale, 'deliveryForm.incident', { number: index + 1 }),
      kindId: `incidentKind${index + 1}`,
      textId: `incidentText${index + 1}`,
      kindLabel: t(locale, 'deliveryForm.incidentKind'),
      textLabel: t(locale, 'deliveryForm.incidentText'),
      kind: values.incidents?.[index]?.kind ?? 'other',
      text: values.incidents?.[index]?.text ?? '',
      kinds,
      maxLength: commandTextLimits.incident,
    })),
    labels: {
      outcome: t(locale, 'deliveryForm.outcome'),
      outcomeError: t(locale, 'deliveryForm.outcome.error'),
      timesHint: t(locale, 'deliveryForm.timesHint'),
      date: t(locale, 'deliveryForm.date'),
      start: t(locale, 'deliveryForm.start'),
      end: t(locale, 'deliveryForm.end'),
      incidentsHint: t(locale, 'deliveryForm.incidentsHint'),
      save: t(locale, 'deliveryForm.save'),
      back: t(locale, 'deliveryForm.back'),
    },
    actionData: { requestId: request.id, version: request.version },
  });
}
