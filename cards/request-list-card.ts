import type { ServiceRequest } from '../services/requests/request-types.js';
import { serviceName, statusName, t, type Locale } from './messages.js';
import { escapeMarkdown } from './plain-text.js';
import { formatCivilDate, formatDate, renderTemplate, type AdaptiveCard } from './render-card.js';
import { statusColours } from './request-card.js';
import template from './request-list-card.json' with { type: 'json' };

/** One page of requests ("mis solicitudes", a search). */
export interface RequestListCardView {
  locale: Locale;
  /** The business time zone dates are shown in. */
  timeZone: string;
  /** Plain text, shown as written. */
  title: string;
  /** The requests of this page. */
  requests: ServiceRequest[];
  /** The page shown, from 1. */
  page: number;
  pageSize: number;
  /** How many requests there are in all the pages. */
  total: number;
}

/**
 * A page of requests: each folio with its status (coloured), siglas, service and date (the
 * event's date when the form has it, otherwise the registration date); the page and the total;
 * an empty state.
 */
export function renderRequestListCard(view: RequestListCardView): AdaptiveCard {
  const { locale, timeZone } = view;
  const pageSize = Math.max(1, view.pageSize);
  const rows = view.requests.slice(0, pageSize).map((request) => {
    const eventDate = request.form?.data.date;
    const date =
      typeof eventDate === 'string'
        ? t(locale, 'list.eventDate', { date: formatCivilDate(eventDate, locale) })
        : t(locale, 'list.registered', { date: formatDate(request.createdAt, locale, timeZone) });
    return {
      folio: request.folio,
      status: statusName(locale, request.status),
      statusColor: statusColours[request.status],
      details: escapeMarkdown([request.dependencia.siglas, serviceName(locale, request.service), date].join(' · ')),
    };
  });
  const total = Math.max(view.total, rows.length);
  return renderTemplate(template, {
    lang: locale,
    title: escapeMarkdown(view.title),
    rows,
    pageText: t(locale, 'list.page', { page: Math.max(1, view.page), pages: Math.max(1, Math.ceil(total / pageSize)), total }),
    labels: { empty: t(locale, 'list.empty') },
  });
}
