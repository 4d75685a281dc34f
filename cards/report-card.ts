import { DateTime } from 'luxon';
import type { ReportFigures } from '../services/reports/report-service.js';
import { periodLabel, type ReportPeriod } from '../services/reports/report-period.js';
import { incidentKinds, type RequestStatus } from '../services/requests/request-types.js';
import { td, tdPlain, type DocumentMessageKey } from './document-messages.js';
import type { Locale } from './messages.js';
import { escapeMarkdown, plainFacts } from './plain-text.js';
import { renderTemplate, truncate, type AdaptiveCard } from './render-card.js';
import template from './report-card.json' with { type: 'json' };

/** Links to the period's spreadsheet, for the person who asked, and until when they open. */
export interface ReportDownloads {
  xlsx: string;
  csv: string;
  expiresAt: Date;
  /** How many minutes the links live. */
  minutes: number;
  /** Who the links are for (shown as written). */
  name: string;
}

/** What the report card shows: the figures of a period, in one language, and the downloads when asked for. */
export interface ReportCardView {
  figures: ReportFigures;
  locale: Locale;
  /** The business time zone (days, times, the calendar the hours are counted in). */
  timeZone: string;
  /** The business hours a requester has to answer (`WAIT_BUSINESS_HOURS`). */
  waitBusinessHours: number;
  /** The links, once "Descargar" was clicked; absent before. */
  downloads?: ReportDownloads;
  /** A line at the end, e.g. that downloads are not available (plain text, shown as written). */
  note?: string;
}

/** Most bars of the reasons, ASV and resource charts (the tables add a "and N more" row). */
export const MAX_BARS = 10;
/** Longest label of a chart bar. */
const LABEL_LENGTH = 40;

const intl: Readonly<Record<Locale, string>> = { es: 'es-MX', en: 'en-US' };
const statusColour: Readonly<Record<RequestStatus, string>> = {
  Registro: 'categoricalBlue',
  'En Proceso': 'categoricalTeal',
  'Pendiente por el usuario': 'categoricalMarigold',
  Espera: 'categoricalLavender',
  Terminada: 'good',
  'No Procede': 'attention',
  Cancelada: 'neutral',
};

/** A chart label: one line, bounded, without the braces a host could read as a binding or function. */
function chartLabel(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').replace(/[{}]/g, (brace) => (brace === '{' ? '(' : ')')).trim(), LABEL_LENGTH);
}

/** The period's registrations by day, week or month, whichever keeps the line readable. */
function registrationSeries(figures: ReportFigures, locale: Locale): { unit: 'day' | 'week' | 'month'; points: Array<{ x: string; y: number }> } {
  const { firstDay, lastDay } = figures.period;
  const first = DateTime.fromISO(firstDay, { zone: 'UTC' });
  const last = DateTime.fromISO(lastDay, { zone: 'UTC' });
  const days = last.diff(first, 'days').days + 1;
  const unit = days <= 31 ? 'day' : days <= 26 * 7 ? 'week' : 'month';
  const keyOf = (day: DateTime) => (unit === 'day' ? day : unit === 'week' ? day.startOf('week') : day.startOf('month'));
  const counts = new Map<string, number>();
  for (let day = keyOf(first); day <= last; day = day.plus(unit === 'day' ? { days: 1 } : unit === 'week' ? { weeks: 1 } : { months: 1 })) counts.set(day.toISODate()!, 0);
  for (const { day, n } of figures.daily) {
    const key = keyOf(DateTime.fromISO(day, { zone: 'UTC' })).toISODate()!;
    counts.set(key, (counts.get(key) ?? 0) + n);
  }
  const label = (iso: string) => {
    const day = DateTime.fromISO(iso, { zone: 'UTC' }).setLocale(intl[locale]);
    return unit === 'month' ? day.toFormat('LLL yyyy') : day.toFormat(unit === 'day' ? 'd LLL' : "'≥' d LLL");
  };
  return { unit, points: [...counts].map(([day, n]) => ({ x: label(day), y: n })) };
}

/**
 * The report card (SPEC §8): the period's figures as Teams charts — requests by service
 * (Chart.VerticalBar), by status now (Chart.Donut), registered over time (Chart.Line), time in
 * each status (Chart.HorizontalBar), *No Procede* reasons, each ASV's requests
 * (Chart.VerticalBar.Grouped) and resource use — each with a table as its `fallback` for hosts
 * without charts; the key figures as facts; and *Descargar*, which answers with the same card
 * holding personal links to the spreadsheet (XLSX and CSV).
 */
export function renderReportCard(view: ReportCardView): AdaptiveCard {
  const { figures, locale } = view;
  const number = new Intl.NumberFormat(intl[locale], { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const integer = new Intl.NumberFormat(intl[locale], { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(intl[locale], { style: 'percent', maximumFractionDigits: 1 });
  const hours = (value: number | null) => (value === null ? '—' : number.format(value));
  const head = (...keys: DocumentMessageKey[]) => keys.map((key) => td(locale, key));
  const dayText = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).setLocale(intl[locale]).toLocaleString(DateTime.DATE_MED);
  const more = (total: number) => (total > MAX_BARS ? [{ c0: td(locale, 'report.more', { count: total - MAX_BARS }), c1: '', c2: '', c3: '' }] : []);

  const ended = figures.waits.onTime + figures.waits.late + figures.waits.timedOut;
  const serviceNames = { VC: 'VC', TC: 'TC', NC: 'NC', none: '—' } as const;
  const services = (['VC', 'TC', 'NC', 'none'] as const).filter((service) => service !== 'none' || figures.byService.none > 0);
  const statuses = (Object.keys(figures.byStatus) as RequestStatus[]).filter((status) => figures.byStatus[status] > 0);
  const series = registrationSeries(figures, locale);
  const reasons = figures.reasons.map((reason) => ({ text: reason.timeout ? td(locale, 'report.reason.timeout') : reason.text, count: reason.count }));
  const asvs = figures.asvs.slice(0, MAX_BARS);
  const incidents = incidentKinds.filter((kind) => figures.delivery.incidents[kind] > 0).map((kind) => ({ text: td(locale, `report.incident.${kind}`), count: figures.delivery.incidents[kind] }));
  const incidentTotal = incidentKinds.reduce((total, kind) => total + figures.delivery.incidents[kind], 0);
  const resources = figures.resources.slice(0, MAX_BARS);

  return renderTemplate(template, {
    lang: locale,
    title: td(locale, 'report.title', { period: periodLabel(figures.period, locale) }),
    subtitle: td(locale, 'report.subtitle', { first: dayText(figures.period.firstDay), last: dayText(figures.period.lastDay), zone: view.timeZone }),
    empty: figures.registered === 0 ? td(locale, 'report.empty') : '',
    facts: plainFacts([
      [td(locale, 'report.fact.registered'), integer.format(figures.registered)],
      [td(locale, 'report.fact.finished'), integer.format(figures.finished)],
      [td(locale, 'report.fact.noProcede'), integer.format(figures.noProcede)],
      [td(locale, 'report.fact.cancelled'), integer.format(figures.cancelled)],
      [
        td(locale, 'report.fact.toClose'),
        figures.hoursToClose.count
          ? td(locale, 'report.toClose.value', { median: hours(figures.hoursToClose.median), p90: hours(figures.hoursToClose.p90), count: figures.hoursToClose.count })
          : td(locale, 'report.toClose.none'),
      ],
      [
        td(locale, 'report.fact.waits', { hours: view.waitBusinessHours }),
        ended
          ? td(locale, 'report.waits.value', {
              share: percent.format(figures.waits.answeredInTimeShare ?? 0),
              onTime: figures.waits.onTime,
              ended,
              timedOut: figures.waits.timedOut,
              late: figures.waits.late,
              open: figures.waits.open,
            })
          : td(locale, 'report.waits.none'),
      ],
      [
        td(locale, 'report.fact.satisfaction'),
        figures.satisfaction.ratings
          ? td(locale, 'report.satisfaction.value', {
              average: number.format(figures.satisfaction.average ?? 0),
              share: percent.format(figures.satisfaction.highShare ?? 0),
              count: integer.format(figures.satisfaction.ratings),
            })
          : td(locale, 'report.satisfaction.none'),
      ],
      [
        td(locale, 'report.fact.delivery'),
        td(locale, 'report.delivery.value', { recorded: integer.format(figures.delivery.recorded), notHeld: integer.format(figures.delivery.notHeld), incidents: integer.format(incidentTotal) }),
      ],
    ]),
    service: {
      title: td(locale, 'report.chart.service'),
      points: services.map((service) => ({ x: serviceNames[service], y: figures.byService[service] })),
      head: head('report.col.service', 'report.col.count'),
      rows: services.map((service) => ({ c0: serviceNames[service], c1: integer.format(figures.byService[service]) })),
    },
    status: {
      title: td(locale, 'report.chart.status'),
      points: statuses.map((status) => ({ legend: status, value: figures.byStatus[status], color: statusColour[status] })),
      head: head('report.col.status', 'report.col.count'),
      rows: statuses.map((status) => ({ c0: status, c1: integer.format(figures.byStatus[status]) })),
    },
    daily: {
      title: td(locale, `report.chart.daily.${series.unit}`),
      series: [{ legend: td(locale, 'report.series.registered'), values: series.points }],
      head: [td(locale, `unit.${series.unit}`), td(locale, 'report.col.count')],
      rows: series.points.map((point) => ({ c0: point.x, c1: integer.format(point.y) })),
    },
    statusTime: {
      title: td(locale, 'report.chart.statusTime'),
      points: figures.statusTime.filter((row) => row.meanHours !== null).map((row) => ({ x: row.status, y: Math.round(row.meanHours! * 10) / 10 })),
      head: head('report.col.status', 'report.col.requests', 'report.col.meanHours'),
      rows: figures.statusTime.map((row) => ({ c0: row.status, c1: integer.format(row.requests), c2: hours(row.meanHours) })),
    },
    reasons: {
      title: td(locale, 'report.chart.reasons'),
      points: reasons.slice(0, MAX_BARS).map((reason) => ({ x: chartLabel(reason.text), y: reason.count })),
      head: head('report.col.reason', 'report.col.count'),
      rows: [...reasons.slice(0, MAX_BARS).map((reason) => ({ c0: escapeMarkdown(truncate(reason.text, 200)), c1: integer.format(reason.count) })), ...more(reasons.length)],
    },
    incidents: {
      title: td(locale, 'report.chart.incidents'),
      points: incidents.map((incident) => ({ x: incident.text, y: incident.count })),
      head: head('report.col.incidentKind', 'report.col.incidents'),
      rows: incidents.map((incident) => ({ c0: incident.text, c1: integer.format(incident.count) })),
    },
    asv: {
      title: td(locale, 'report.chart.asv'),
      series: (['open', 'finished', 'notViable'] as const).map((key) => ({
        legend: td(locale, `report.col.${key}`),
        values: asvs.map((asv) => ({ x: chartLabel(asv.name || asv.id), y: asv[key] })),
      })),
      head: head('report.col.asv', 'report.col.open', 'report.col.finished', 'report.col.notViable'),
      rows: [
        ...asvs.map((asv) => ({ c0: escapeMarkdown(asv.name || asv.id), c1: integer.format(asv.open), c2: integer.format(asv.finished), c3: integer.format(asv.notViable) })),
        ...more(figures.asvs.length),
      ],
    },
    resources: {
      title: td(locale, 'report.chart.resources', { hours: integer.format(figures.periodBusinessHours) }),
      points: resources.map((resource) => ({ x: chartLabel(resource.name), y: Math.round(resource.utilisation * 1000) / 10 })),
      head: head('report.col.resource', 'report.col.bookings', 'report.col.hours', 'report.col.utilisation'),
      rows: [
        ...resources.map((resource) => ({
          c0: escapeMarkdown(resource.name),
          c1: integer.format(resource.bookings),
          c2: number.format(resource.hours),
          c3: percent.format(resource.utilisation),
        })),
        ...more(figures.resources.length),
      ],
    },
    downloads: view.downloads
      ? {
          show: true,
          title: td(locale, 'report.downloads.title'),
          text: tdPlain(locale, 'report.downloads.text', {
            name: view.downloads.name,
            time: DateTime.fromJSDate(view.downloads.expiresAt, { zone: view.timeZone }).toFormat('HH:mm'),
            minutes: view.downloads.minutes,
          }),
          xlsx: view.downloads.xlsx,
          csv: view.downloads.csv,
          xlsxTitle: td(locale, 'report.downloads.xlsx'),
          csvTitle: td(locale, 'report.downloads.csv'),
        }
      : { show: false },
    note: escapeMarkdown(view.note ?? ''),
    download: { title: td(locale, 'report.download'), data: periodData(figures.period) },
  });
}

/** What "Descargar" carries: the period's days (the handler checks them again). */
export function periodData(period: Pick<ReportPeriod, 'kind' | 'firstDay' | 'lastDay'>): { kind: ReportPeriod['kind']; firstDay: string; lastDay: string } {
  return { kind: period.kind, firstDay: period.firstDay, lastDay: period.lastDay };
}
