import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { Locale } from '../forms/locale.js';
import { incidentKinds } from '../requests/request-types.js';
import type { ReportRow } from './report-service.js';

/** The spreadsheet's words, per language. */
const words = {
  es: {
    sheet: 'Solicitudes',
    columns: ['Folio', 'Registrada', 'Terminada o No Procede', 'Servicio', 'Dependencia', 'Siglas', 'Estado', 'ASV', 'Horas hábiles hasta Terminada', 'Motivo de No Procede', 'Calificación (1 a 5)', 'Cómo fue el evento', 'Incidentes'],
    services: { VC: 'Videoconferencia', TC: 'Teleconferencia', NC: 'Netconferencia', none: 'Por determinar' },
    outcomes: { 'held-as-planned': 'Se realizó según lo previsto', 'held-with-incidents': 'Se realizó con incidentes', 'not-held': 'No se realizó' },
    incidentKinds: { connection: 'Conexión', audio: 'Audio', video: 'Video', room: 'Sala', other: 'Otro' },
    timeout: 'Sin respuesta del solicitante dentro del plazo en horas hábiles',
    creator: 'Mesa de servicios de videoconferencia',
  },
  en: {
    sheet: 'Requests',
    columns: ['Folio', 'Registered', 'Terminada or No Procede', 'Service', 'Faculty or office', 'Acronym', 'Status', 'ASV', 'Business hours to Terminada', 'No Procede reason', 'Rating (1 to 5)', 'How the event went', 'Incidents'],
    services: { VC: 'Videoconference', TC: 'Teleconference', NC: 'Netconference', none: 'To be determined' },
    outcomes: { 'held-as-planned': 'Held as planned', 'held-with-incidents': 'Held with incidents', 'not-held': 'Not held' },
    incidentKinds: { connection: 'Connection', audio: 'Audio', video: 'Video', room: 'Room', other: 'Other' },
    timeout: "No answer from the requester within the business-hour deadline",
    creator: 'Videoconference service desk',
  },
} as const;

/** The first characters a spreadsheet takes as a formula (or as the start of one, with tab and CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet shows as text, never as a formula (CSV/formula injection, OWASP): text that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** What a spreadsheet is written with: the rows, the language and the business time zone its dates are shown in. */
export interface SpreadsheetOptions {
  locale: Locale;
  timeZone: string;
  /** When the file is made: its metadata only (never a cell). */
  generatedAt: Date;
}

/** A row's cells: texts neutralised, dates as the business zone's wall-clock time, hours as numbers. */
function cells(row: ReportRow, locale: Locale, timeZone: string): Array<string | number | Date | null> {
  const text = words[locale];
  const wallClock = (at: Date | null) => {
    if (!at) return null;
    const local = DateTime.fromJSDate(at, { zone: timeZone });
    return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
  };
  return [
    neutralise(row.folio),
    wallClock(row.registeredAt),
    wallClock(row.closedAt),
    text.services[row.service ?? 'none'],
    neutralise(row.dependencia),
    neutralise(row.siglas),
    row.status,
    neutralise(row.asv),
    row.hoursToClose === null ? null : Math.round(row.hoursToClose * 100) / 100,
    row.reason ? (row.reason.timeout ? text.timeout : neutralise(row.reason.text)) : null,
    row.rating,
    row.delivery ? text.outcomes[row.delivery] : null,
    incidentKinds.filter((kind) => row.incidents[kind]).map((kind) => `${text.incidentKinds[kind]}: ${row.incidents[kind]}`).join('; ') || null,
  ];
}

/** The column headers in `locale`, the two date columns naming the time zone. */
export function spreadsheetHeaders(locale: Locale, timeZone: string): string[] {
  return words[locale].columns.map((title, index) => (index === 1 || index === 2 ? `${title} (${timeZone})` : title));
}

/**
 * The rows as an XLSX workbook (exceljs, written as a stream): one sheet, a header row, one row
 * per request; dates are real dates in the business zone's wall-clock time, hours numbers.
 */
export async function writeXlsx(rows: AsyncIterable<ReportRow>, options: SpreadsheetOptions): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = words[options.locale].creator;
  workbook.created = options.generatedAt;
  workbook.modified = options.generatedAt;
  const sheet = workbook.addWorksheet(words[options.locale].sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spreadsheetHeaders(options.locale, options.timeZone).map((header, index) => ({
    header,
    width: [14, 18, 18, 18, 36, 10, 24, 26, 14, 48, 12, 26, 30][index],
    style: index === 1 || index === 2 ? { numFmt: 'yyyy-mm-dd hh:mm' } : index === 8 ? { numFmt: '0.00' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for await (const row of rows) sheet.addRow(cells(row, options.locale, options.timeZone)).commit();
  sheet.commit();
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

function csvField(value: string | number | Date | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = value instanceof Date ? value.toISOString().slice(0, 16).replace('T', ' ') : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The rows as CSV (RFC 4180: comma-separated, CRLF, every text quoted; UTF-8 with a byte-order
 * mark so spreadsheets read the accents), texts neutralised like the XLSX's, dates as
 * `YYYY-MM-DD HH:mm` in the business time zone.
 */
export async function writeCsv(rows: AsyncIterable<ReportRow>, options: SpreadsheetOptions): Promise<Buffer> {
  const lines = [spreadsheetHeaders(options.locale, options.timeZone).map(csvField).join(',')];
  for await (const row of rows) lines.push(cells(row, options.locale, options.timeZone).map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
