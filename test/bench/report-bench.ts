/**
 * The report's bench (SPEC §8): the report of a year over 100 000 stored requests, beside a plain
 * count over the same collection, on the bench's own database server (SecantusDB, or `mongod`, or
 * `MONGODB_URI`). Standalone: `npm run build && node dist/test/bench/report-bench.js [requests]`
 * (default 100 000). `runReportBench` and `formatReportBench` are what `run-bench.ts` can call.
 *
 * The requests are made up in the shape the product stores (history, form, booking, the report
 * facts the store writes with each projection) and inserted in bulk over the days of 2025, with a
 * fixed pseudo-random sequence: 60 % finished (a third of them after a request for information),
 * 15 % No Procede by the ASV, 5 % timed out and cancelled, the rest open, on hold or just registered.
 * Measured: the plain counts (the baseline); building every day summary from the stored facts (once,
 * when the reports first run on a database); the year's and a month's report with the summaries up
 * to date; the year's report after 100 requests changed. Nothing is asserted.
 */
import { pathToFileURL } from 'node:url';
import { cpus } from 'node:os';
import type { Db } from 'mongodb';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../services/calendar/business-calendar.js';
import { formatFolio, requesterKeys, searchWords } from '../../services/requests/request-store.js';
import type { HistoryEntry, RequestStatus, ServiceRequest, ServiceType } from '../../services/requests/request-types.js';
import { ReportRollups } from '../../services/reports/report-rollups.js';
import { ReportService } from '../../services/reports/report-service.js';
import { parsePeriod, type ReportPeriod } from '../../services/reports/report-period.js';
import { FACTS_VERSION, requestFacts, type FactsRules } from '../../services/reports/request-facts.js';
import { ensureRequestIndexes, requestModels } from '../../services/store/request-documents.js';
import { BenchStore } from './bench-store.js';
import { progress, timed } from './measure.js';
import { formatCount, formatMs, formatRatio, formatTable, heading } from './report.js';

const ZONE = 'America/Mexico_City';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const rooms = ['sala-vc-1', 'sala-vc-2', 'auditorio'];
const staff = ['tec-ana', 'tec-luis', 'tec-marta'];
const reasons = [
  'No hay sala disponible en la fecha solicitada.',
  'El evento se canceló.',
  'La sede remota no tiene equipo compatible.',
  'Solicitud duplicada.',
  'Fuera del alcance del servicio.',
];
const asvs = Array.from({ length: 8 }, (_, index) => ({ id: `asv-${index + 1}`, name: `ASV ${index + 1}`, email: `asv${index + 1}@uni.example` }));

/** A fixed pseudo-random sequence (mulberry32): the same requests in every run. */
function randomSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One made-up request of 2025, its history as the desk would have written it. */
function madeUpRequest(index: number, count: number, random: () => number): ServiceRequest {
  const day = Math.floor((index / count) * 365);
  const createdAt = new Date(Date.UTC(2025, 0, 1, 15) + day * DAY_MS + Math.floor(random() * 8 * HOUR_MS));
  const service: ServiceType = (['VC', 'VC', 'TC', 'NC'] as const)[index % 4]!;
  const asv = asvs[index % asvs.length]!;
  const kind = index % 20;
  const history: HistoryEntry[] = [];
  let at = createdAt.getTime();
  let status: RequestStatus | null = null;
  const push = (kindOf: HistoryEntry['kind'], to: RequestStatus, afterHours: number, note?: string, actor = { id: asv.id, name: asv.name, role: 'ASV' as HistoryEntry['actor']['role'] }) => {
    at += Math.round(afterHours * HOUR_MS);
    history.push({ seq: history.length + 1, at: new Date(at), actor, kind: kindOf, from: status, to, ...(note ? { note } : {}) });
    status = to;
  };
  push('register', 'Registro', 0, undefined, { id: 'hd-1', name: 'Helena Díaz', role: 'HD' });
  let booking: ServiceRequest['booking'] = null;
  if (kind !== 18) push('take', 'En Proceso', 1 + random() * 6);
  if (kind < 12) {
    if (kind % 3 === 0) {
      push('request-info', 'Pendiente por el usuario', 2, 'Falta la dirección de marcación.');
      push('reply', 'En Proceso', 4 + random() * 60, 'Es sip:sala@remota.example', { id: 'req', name: 'Solicitante', role: 'REQUESTER' });
    }
    push('save-form', 'En Proceso', 1, 'complete');
    const start = new Date(Date.UTC(2025, 0, 1, 16) + Math.min(364, day + 3 + Math.floor(random() * 10)) * DAY_MS);
    booking = { bookingId: `bk-${index}`, title: 'FI – Seminario', start, end: new Date(start.getTime() + (1 + Math.floor(random() * 3)) * HOUR_MS), resourceIds: [rooms[index % 3]!, staff[index % 3]!, ...(service === 'VC' ? ['mcu-1'] : [])], service };
    push('record-booking', 'En Proceso', 1, booking.title);
    push('finish', 'Terminada', 8 + random() * 100);
  } else if (kind < 15) push('reject', 'No Procede', 5 + random() * 80, reasons[index % reasons.length]);
  else if (kind === 15) {
    push('request-info', 'Pendiente por el usuario', 2, '¿Cuántas sedes?');
    push('wait-timeout', 'No Procede', 48 + 24 * Math.floor(random() * 2), 'no-reply-within-deadline', { id: 'system', name: 'Sistema', role: 'SYSTEM' });
    push('cancel', 'Cancelada', 30, undefined, { id: 'dau-1', name: 'Dora Aguilar', role: 'DAU' });
  } else if (kind === 19) push('hold', 'Espera', 3, 'Esperando al proveedor');
  return {
    id: `r${String(index).padStart(7, '0')}`,
    folio: formatFolio(service, 2025, index + 1),
    requester: { id: `req-${index % 5000}`, name: `Solicitante ${index % 5000}`, email: `req${index % 5000}@uni.example` },
    dependencia: { name: 'Facultad de Ingeniería', siglas: ['FI', 'FQ', 'FM', 'IIMAS', 'DGTIC'][index % 5]! },
    description: `Videoconferencia de prueba número ${index} con sedes foráneas`,
    service,
    status: status!,
    assignee: asv,
    form: { service, data: { programName: 'Seminario de redes', expectedParticipants: 20, date: '2025-06-01', startTime: '10:00', endTime: '12:00' }, complete: kind < 12, updatedAt: createdAt },
    booking,
    wait: null,
    teams: null,
    version: history.length,
    createdAt,
    updatedAt: new Date(at),
    history,
  };
}

/** Inserts `count` made-up requests (with their report facts) into `db.requests`, with the store's indexes. */
async function seed(db: Db, count: number, rules: FactsRules): Promise<number> {
  const random = randomSequence(20250101);
  const requests = db.collection('requests');
  // Stored long ago, as a database's requests are when its reports are first asked for.
  const touchedAt = new Date(Date.now() - 24 * HOUR_MS);
  const started = performance.now();
  for (let first = 0; first < count; first += 1000) {
    const batch = [];
    for (let index = first; index < Math.min(count, first + 1000); index += 1) {
      const request = madeUpRequest(index, count, random);
      const { id, ...rest } = request;
      batch.push({ ...rest, _id: id, folioYear: 2025, folioNumber: index + 1, searchWords: searchWords(request), requesterKeys: requesterKeys(request.requester), reportFacts: requestFacts(request, rules, touchedAt) });
    }
    await requests.insertMany(batch as never[], { ordered: false });
    if ((first / 1000) % 20 === 19) progress(`  ${formatCount(first + 1000)} requests inserted`);
  }
  return performance.now() - started;
}

/** What the report bench measured. */
export interface ReportBenchResult {
  requests: number;
  seedMs: number;
  countAllMs: number[];
  countYearMs: number[];
  buildMs: number;
  daysBuilt: number;
  yearMs: number[];
  monthMs: number[];
  /** The year's report after 100 of the last ten days' requests changed: its time and the day summaries rebuilt. */
  recentChanges: { ms: number; days: number };
  /** The same after 100 requests spread over the year changed. */
  spreadChanges: { ms: number; days: number };
  registered: number;
  medianHoursToClose: number | null;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/** Runs the report bench on `store` with `count` requests (a fresh database of its own). */
export async function runReportBench(store: BenchStore, count = 100_000): Promise<ReportBenchResult> {
  const connection = await store.connectFresh('bench_reports');
  try {
    const db = connection.db!;
    await ensureRequestIndexes(requestModels(connection));
    const calendar = new BusinessCalendar(defaultBusinessCalendarSettings);
    const rules: FactsRules = { calendar, timeZone: ZONE, waitBusinessHours: 48 };
    const settingsKey = 'bench';
    const rollups = new ReportRollups(db, { timeZone: ZONE, facts: (request, touchedAt) => requestFacts(request, rules, touchedAt), settingsKey });
    await rollups.ensureIndexes();
    const reports = new ReportService({ rollups, calendar, resources: async () => [], requests: db.collection('requests') });
    progress(`seeding ${formatCount(count)} requests of 2025`);
    const seedMs = await seed(db, count, rules);
    // The facts were stored with each request, as the store does: the state says so, so the first
    // refresh builds the day summaries from them without computing any fact again.
    await db.collection<{ _id: string }>('report_state').insertOne({ _id: 'rollups', through: new Date(0), factsVersion: FACTS_VERSION, settingsKey } as never);

    const period = (text: string): ReportPeriod => {
      const parsed = parsePeriod(text, new Date(), ZONE);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.period;
    };
    const year = period('año 2025');
    const month = period('mes 2025-06');
    const requests = db.collection('requests');
    const countAllMs: number[] = [];
    const countYearMs: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      countAllMs.push((await timed(() => requests.countDocuments({}))).ms);
      countYearMs.push((await timed(() => requests.countDocuments({ createdAt: { $gte: year.from, $lt: year.to } }))).ms);
    }
    progress('building the day summaries from the stored facts (the first report on a database)');
    const build = await timed(() => rollups.refresh());
    progress('the reports, summaries up to date');
    const yearMs: number[] = [];
    const monthMs: number[] = [];
    let figures = await reports.figures(year);
    for (let run = 0; run < 5; run += 1) {
      const measured = await timed(() => reports.figures(year));
      yearMs.push(measured.ms);
      figures = measured.result;
      monthMs.push((await timed(() => reports.figures(month))).ms);
    }
    // 100 requests change: first among the last ten days' (where work happens), then spread over the year.
    const changeAndReport = async (ids: string[]) => {
      await requests.updateMany({ _id: { $in: ids } } as never, { $set: { 'reportFacts.touchedAt': new Date() } });
      let days = 0;
      const measured = await timed(async () => {
        days = (await rollups.refresh()).days;
        return reports.figures(year);
      });
      return { ms: measured.ms, days };
    };
    const idOf = (index: number) => `r${String(index).padStart(7, '0')}`;
    progress('100 recent requests change, then the year again');
    const recent = await changeAndReport(Array.from({ length: 100 }, (_, index) => idOf(count - 1 - Math.floor((index * count * 10) / 365 / 100))));
    progress('100 requests spread over the year change, then the year again');
    const spread = await changeAndReport(Array.from({ length: 100 }, (_, index) => idOf(Math.floor((index * count) / 100))));
    return {
      requests: count,
      seedMs,
      countAllMs,
      countYearMs,
      buildMs: build.ms,
      daysBuilt: build.result.days,
      yearMs,
      monthMs,
      recentChanges: recent,
      spreadChanges: spread,
      registered: figures.registered,
      medianHoursToClose: figures.hoursToClose.median,
    };
  } finally {
    // Dropping 100 000 documents takes SecantusDB minutes; a server started here is removed whole at the end.
    if (store.kind === 'configured') await store.discard(connection);
    else await store.disconnect(connection);
  }
}

/** The bench's figures as a table, each beside the plain count over the same collection. */
export function formatReportBench(result: ReportBenchResult): string {
  const count = median(result.countAllMs);
  const row = (what: string, values: readonly number[], note = '') => [what, formatMs(median(values)), formatMs(Math.max(...values)), formatRatio(median(values), count), note];
  return [
    heading(`Reports — ${formatCount(result.requests)} requests of 2025 (inserted in ${(result.seedMs / 1000).toFixed(1)} s; the year's report counts ${formatCount(result.registered)}, median ${result.medianHoursToClose?.toFixed(1)} business hours to Terminada)`),
    formatTable(
      [{ heading: 'measure' }, { heading: 'median', align: 'right' }, { heading: 'max', align: 'right' }, { heading: '÷ plain count', align: 'right' }, { heading: 'note' }],
      [
        row('plain count, whole collection (baseline)', result.countAllMs, '3 runs'),
        row('plain count, the year (createdAt index)', result.countYearMs, '3 runs'),
        row('report of the year, summaries up to date', result.yearMs, 'target ≤ 1 s; 5 runs'),
        row('report of a month, summaries up to date', result.monthMs, '5 runs'),
        row('report of the year after 100 recent changes', [result.recentChanges.ms], `${result.recentChanges.days} day summaries rebuilt`),
        row('report of the year after 100 changes spread over it', [result.spreadChanges.ms], `${result.spreadChanges.days} day summaries rebuilt`),
        row('first report on the database: every day summary built', [result.buildMs], `${result.daysBuilt} days, once`),
      ],
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(count) || count < 1) throw new Error('report-bench: the number of requests must be a positive integer');
  const store = await BenchStore.start({ configuredUri: process.env.MONGODB_URI, projectRoot: process.cwd(), searchPath: process.env.PATH });
  try {
    console.log(`Report bench — database: ${store.describe()}; node ${process.version}; ${cpus().length} CPUs; ${new Date().toISOString()}`);
    console.log(formatReportBench(await runReportBench(store, count)));
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
