import { DateTime } from 'luxon';
import type { ServiceRequest } from '../services/requests/request-types.js';
import { td, tdPlain } from './document-messages.js';
import { serviceName, type Locale } from './messages.js';
import { escapeMarkdown } from './plain-text.js';
import { renderTemplate, type AdaptiveCard } from './render-card.js';
import template from './record-card.json' with { type: 'json' };

/** The record's links for the person who asked, and until when they open. */
export interface RecordLinks {
  html: string;
  pdf: string;
  expiresAt: Date;
  minutes: number;
  /** Who the links are for (shown as written). */
  name: string;
}

/** What the record card shows. */
export interface RecordCardView {
  request: Pick<ServiceRequest, 'id' | 'folio' | 'status' | 'service' | 'version' | 'dependencia'>;
  locale: Locale;
  timeZone: string;
  /** Absent when links cannot be handed out (no public address). */
  links?: RecordLinks;
  /** "Back to the request" (the request card's own refresh): when the card replaced the request card. */
  back: boolean;
  /** A line in attention colour (plain text, shown as written). */
  note?: string;
}

/**
 * The record (*expediente*) card: the request named, and two personal links — the HTML page to
 * read and print, the PDF to file — that expire in minutes; from the request card, a way back to it.
 */
export function renderRecordCard(view: RecordCardView): AdaptiveCard {
  const { request, locale, links } = view;
  return renderTemplate(template, {
    lang: locale,
    title: td(locale, 'record.title', { folio: request.folio }),
    summary: escapeMarkdown(`${request.status} · ${serviceName(locale, request.service)} · ${request.dependencia.name} (${request.dependencia.siglas})`),
    text: links
      ? tdPlain(locale, 'record.text', { name: links.name, time: DateTime.fromJSDate(links.expiresAt, { zone: view.timeZone }).toFormat('HH:mm'), minutes: links.minutes })
      : '',
    note: escapeMarkdown(view.note ?? ''),
    links: links ? { show: true, html: links.html, pdf: links.pdf, htmlTitle: td(locale, 'record.html'), pdfTitle: td(locale, 'record.pdf') } : { show: false },
    back: { show: view.back, title: td(locale, 'record.back'), data: { requestId: request.id, version: request.version } },
  });
}
