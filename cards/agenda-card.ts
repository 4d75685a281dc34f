import type { Booking, Resource } from '../services/agenda/agenda-types.js';
import { t, type Locale } from './messages.js';
import { escapeMarkdown, tPlain } from './plain-text.js';
import { dayKeyOf, formatLongDate, formatTimeRange, renderTemplate, type AdaptiveCard } from './render-card.js';
import { resourceNamer } from './request-card.js';
import template from './agenda-card.json' with { type: 'json' };

/** A stretch of the agenda ("Calendario de Eventos"): today, this week, or one resource's. */
export interface AgendaCardView {
  locale: Locale;
  /** The business time zone: days are its days, times its times. */
  timeZone: string;
  /** Plain text, shown as written (it may name a resource of the catalogue). */
  title: string;
  bookings: Booking[];
  /** The catalogue, to name rooms and staff. */
  resources: Resource[];
}

/** Most events one agenda card lists (the rest are counted), to stay far under the Teams size limit. */
export const MAX_AGENDA_EVENTS = 40;

/**
 * The agenda as a list grouped by day in the business time zone, earliest first: each event's
 * time, title (`SIGLAS – Program`), folio, room and staff, and a warning when a Microsoft 365
 * resource declined it. Released and failed bookings are not events and are left out.
 */
export function renderAgendaCard(view: AgendaCardView): AdaptiveCard {
  const { locale, timeZone } = view;
  const names = resourceNamer(view.resources);
  const live = view.bookings
    .filter((booking) => booking.status === 'holding' || booking.status === 'confirmed')
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const shown = live.slice(0, MAX_AGENDA_EVENTS);
  const days: Array<{ key: string; heading: string; items: Array<Record<string, string>> }> = [];
  for (const booking of shown) {
    const key = dayKeyOf(booking.start, timeZone);
    let day = days.at(-1);
    if (day?.key !== key) {
      day = { key, heading: formatLongDate(booking.start, locale, timeZone), items: [] };
      days.push(day);
    }
    const staff = booking.staffIds.map(names.name).join(', ');
    day.items.push({
      time: formatTimeRange(booking.start, booking.end, locale, timeZone),
      title: escapeMarkdown(booking.title),
      details: escapeMarkdown([booking.folio, booking.roomId ? names.name(booking.roomId) : '', staff].filter(Boolean).join(' · ')),
      declined: booking.declinedBy.length ? tPlain(locale, 'agenda.declined', { names: booking.declinedBy.map(names.mailboxName).join(', ') }) : '',
    });
  }
  return renderTemplate(template, {
    lang: locale,
    title: escapeMarkdown(view.title),
    days,
    more: live.length > shown.length ? t(locale, 'agenda.more', { count: live.length - shown.length }) : '',
    labels: { empty: t(locale, 'agenda.empty') },
  });
}
