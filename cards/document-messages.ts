import type { Locale } from '../services/forms/locale.js';
import { escapeMarkdown } from './plain-text.js';

/** The words of the report card, the record card and their replies, in Spanish. */
export const documentMessagesEs = {
  'report.title': 'Reporte del servicio — {period}',
  'report.subtitle': 'Solicitudes registradas del {first} al {last}, con su estado actual. Tiempos en horas hábiles del calendario de la mesa ({zone}).',
  'report.empty': 'No se registraron solicitudes en el periodo.',
  'report.fact.registered': 'Registradas',
  'report.fact.finished': 'Terminadas',
  'report.fact.noProcede': 'No Procede (con las canceladas después)',
  'report.fact.cancelled': 'Canceladas',
  'report.fact.toClose': 'Registro → Terminada',
  'report.toClose.value': 'mediana {median} h · percentil 90: {p90} h ({count} terminadas)',
  'report.toClose.none': 'ninguna terminada aún',
  'report.fact.waits': 'Peticiones de información respondidas en plazo ({hours} h hábiles)',
  'report.waits.value': '{share} ({onTime} de {ended}); vencidas: {timedOut}; fuera de plazo: {late}; abiertas: {open}',
  'report.waits.none': 'ninguna cerrada en el periodo',
  'report.chart.service': 'Solicitudes por servicio',
  'report.chart.status': 'Solicitudes por estado actual',
  'report.chart.daily.day': 'Solicitudes registradas por día',
  'report.chart.daily.week': 'Solicitudes registradas por semana',
  'report.chart.daily.month': 'Solicitudes registradas por mes',
  'report.chart.statusTime': 'Tiempo promedio en cada estado (horas hábiles)',
  'report.chart.reasons': 'Motivos de No Procede',
  'report.chart.asv': 'Solicitudes de cada ASV',
  'report.chart.resources': 'Uso de los recursos (% de {hours} h hábiles del periodo)',
  'report.col.service': 'Servicio',
  'report.col.count': 'Solicitudes',
  'report.col.status': 'Estado',
  'report.col.period': 'Periodo',
  'report.col.requests': 'Solicitudes',
  'report.col.meanHours': 'Promedio (h)',
  'report.col.reason': 'Motivo',
  'report.col.asv': 'ASV',
  'report.col.open': 'Abiertas',
  'report.col.finished': 'Terminadas',
  'report.col.notViable': 'No Procede o canceladas',
  'report.col.resource': 'Recurso',
  'report.col.bookings': 'Eventos',
  'report.col.hours': 'Horas',
  'report.col.utilisation': 'Uso',
  'report.series.registered': 'Registradas',
  'report.reason.timeout': 'Sin respuesta del solicitante dentro del plazo',
  'report.more': 'y {count} más',
  'report.download': 'Descargar',
  'report.downloads.title': 'Descargas',
  'report.downloads.text': 'Una fila por solicitud del periodo. Enlaces personales para {name}: vencen a las {time} ({minutes} min); pida otros con «Descargar».',
  'report.downloads.xlsx': 'Hoja de cálculo (XLSX)',
  'report.downloads.csv': 'CSV',
  'documents.off': 'Las descargas no están disponibles: falta la dirección pública del bot (PUBLIC_BASE_URL, https).',
  'report.refused': 'Solo la jefatura del departamento y los ASV pueden consultar los reportes.',
  'report.badPeriod.unknown':
    'No entendí el periodo. Escriba «reporte» (este mes), «reporte mes 2026-03», «reporte trimestre 2026-T1», «reporte año 2026» o dos fechas: «reporte 2026-03-01 2026-03-31».',
  'report.badPeriod.invalid-date': 'Alguna fecha del periodo no existe o es anterior al año 2000. Escriba las fechas como 2026-03-31 o 31/3/2026.',
  'report.badPeriod.order': 'La primera fecha del periodo va antes que la segunda.',
  'report.badPeriod.too-long': 'El periodo de un reporte es de cinco años como máximo.',
  'record.title': 'Expediente {folio}',
  'record.text':
    'El formulario del servicio, el historial completo, los avisos enviados, la reservación y las respuestas recibidas. Enlaces personales para {name}: vencen a las {time} ({minutes} min).',
  'record.html': 'Ver expediente',
  'record.pdf': 'Descargar PDF',
  'record.back': 'Volver a la solicitud',
  'record.usage': 'Escriba el folio de la solicitud: «expediente VC-2026-0042».',
  'record.notFound': 'No encontré la solicitud {folio}, o no es suya.',
  'unit.day': 'día',
  'unit.week': 'semana',
  'unit.month': 'mes',
} as const;

export type DocumentMessageKey = keyof typeof documentMessagesEs;

/** The same words in English. */
export const documentMessagesEn: Readonly<Record<DocumentMessageKey, string>> = {
  'report.title': 'Service report — {period}',
  'report.subtitle': 'Requests registered from {first} to {last}, with their status now. Times in business hours of the desk’s calendar ({zone}).',
  'report.empty': 'No requests were registered in the period.',
  'report.fact.registered': 'Registered',
  'report.fact.finished': 'Terminada',
  'report.fact.noProcede': 'No Procede (with those cancelled later)',
  'report.fact.cancelled': 'Cancelada',
  'report.fact.toClose': 'Registration → Terminada',
  'report.toClose.value': 'median {median} h · 90th percentile: {p90} h ({count} finished)',
  'report.toClose.none': 'none finished yet',
  'report.fact.waits': 'Requests for information answered in time ({hours} business hours)',
  'report.waits.value': '{share} ({onTime} of {ended}); timed out: {timedOut}; answered late: {late}; open: {open}',
  'report.waits.none': 'none ended in the period',
  'report.chart.service': 'Requests by service',
  'report.chart.status': 'Requests by status now',
  'report.chart.daily.day': 'Requests registered per day',
  'report.chart.daily.week': 'Requests registered per week',
  'report.chart.daily.month': 'Requests registered per month',
  'report.chart.statusTime': 'Mean time in each status (business hours)',
  'report.chart.reasons': 'No Procede reasons',
  'report.chart.asv': "Each ASV's requests",
  'report.chart.resources': 'Resource use (% of the period’s {hours} business hours)',
  'report.col.service': 'Service',
  'report.col.count': 'Requests',
  'report.col.status': 'Status',
  'report.col.period': 'Period',
  'report.col.requests': 'Requests',
  'report.col.meanHours': 'Mean (h)',
  'report.col.reason': 'Reason',
  'report.col.asv': 'ASV',
  'report.col.open': 'Open',
  'report.col.finished': 'Terminada',
  'report.col.notViable': 'No Procede or cancelled',
  'report.col.resource': 'Resource',
  'report.col.bookings': 'Events',
  'report.col.hours': 'Hours',
  'report.col.utilisation': 'Use',
  'report.series.registered': 'Registered',
  'report.reason.timeout': 'No answer from the requester in time',
  'report.more': 'and {count} more',
  'report.download': 'Download',
  'report.downloads.title': 'Downloads',
  'report.downloads.text': 'One row per request of the period. Personal links for {name}: they expire at {time} ({minutes} min); ask for new ones with “Download”.',
  'report.downloads.xlsx': 'Spreadsheet (XLSX)',
  'report.downloads.csv': 'CSV',
  'documents.off': 'Downloads are not available: the bot’s public address is missing (PUBLIC_BASE_URL, https).',
  'report.refused': 'Only the head of department and the ASVs can see reports.',
  'report.badPeriod.unknown':
    'I did not understand the period. Write “report” (this month), “report month 2026-03”, “report quarter 2026-Q1”, “report year 2026” or two dates: “report 2026-03-01 2026-03-31”.',
  'report.badPeriod.invalid-date': 'A date of the period does not exist or is before 2000. Write dates as 2026-03-31 or 31/3/2026.',
  'report.badPeriod.order': 'The first date of the period comes before the second.',
  'report.badPeriod.too-long': 'A report covers five years at most.',
  'record.title': 'Record {folio}',
  'record.text': 'The service form, the whole history, the notices sent, the booking and the replies received. Personal links for {name}: they expire at {time} ({minutes} min).',
  'record.html': 'View record',
  'record.pdf': 'Download PDF',
  'record.back': 'Back to the request',
  'record.usage': 'Write the request’s folio: “record VC-2026-0042”.',
  'record.notFound': 'I could not find request {folio}, or it is not yours.',
  'unit.day': 'day',
  'unit.week': 'week',
  'unit.month': 'month',
};

/** The document words of each language (same keys in both). */
export const documentMessages: Readonly<Record<Locale, Readonly<Record<DocumentMessageKey, string>>>> = {
  es: documentMessagesEs,
  en: documentMessagesEn,
};

/** Values for a message's `{placeholders}`. */
export type DocumentMessageParams = Readonly<Record<string, string | number>>;

/** The message `key` in `locale`, its `{placeholders}` filled (unknown ones kept as written). */
export function td(locale: Locale, key: DocumentMessageKey, params?: DocumentMessageParams): string {
  const text = documentMessages[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The message `key` with people's text in its placeholders shown as written (Markdown escaped). */
export function tdPlain(locale: Locale, key: DocumentMessageKey, params: DocumentMessageParams): string {
  return td(locale, key, Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? escapeMarkdown(value) : value])));
}
