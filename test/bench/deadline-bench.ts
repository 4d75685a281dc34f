import { DateTime } from 'luxon';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../services/calendar/business-calendar.js';
import { elapsedMs } from './measure.js';
import { formatCount, formatRatio, formatTable } from './report.js';

/** Sizes of the deadline bench. */
export interface DeadlineBenchOptions {
  /** Distinct start instants, spread over one year. */
  starts: number;
  /** How long each timed run lasts at least, in ms. */
  minimumRunMs: number;
  /** Timed runs per computation; the best is kept (least disturbed by the machine). */
  runs: number;
}

/** Computations per second of one way of computing a deadline. */
export interface DeadlineFigure {
  perSecond: number;
  /** Per-run rates, in run order. */
  runs: number[];
}

/** The result of {@link runDeadlineBench}. */
export interface DeadlineBenchResult {
  options: DeadlineBenchOptions;
  timeZone: string;
  businessHours: DeadlineFigure;
  clockHours: DeadlineFigure;
}

const HOURS = 48;
const YEAR_START = Date.parse('2026-01-01T06:00:00Z');
const YEAR_MS = 365 * 24 * 3_600_000;

/** `count` start instants spread over 2026, in a scrambled (not increasing) order. */
function spreadStarts(count: number): Date[] {
  // A large stride modulo the year: consecutive starts land on unrelated days and hours.
  return Array.from({ length: count }, (_, index) => new Date(YEAR_START + ((index * 7_919_993_113) % YEAR_MS)));
}

/**
 * Times `compute` over `starts` in batches until at least `minimumRunMs` passed; returns the rate.
 * The sum of results is kept in `sink` so the work cannot be optimised away.
 */
function rateOf(starts: readonly Date[], compute: (start: Date) => Date, minimumRunMs: number, sink: { value: number }): number {
  let computed = 0;
  const began = process.hrtime.bigint();
  let ms = 0;
  do {
    for (const start of starts) sink.value += compute(start).getTime() % 7;
    computed += starts.length;
    ms = elapsedMs(began);
  } while (ms < minimumRunMs);
  return (computed / ms) * 1000;
}

/**
 * Measures `new BusinessCalendar(defaults).addBusinessHours(start, 48)` per second over starts
 * spread over a year, against Luxon adding 48 clock hours in the same zone.
 */
export function runDeadlineBench(options: DeadlineBenchOptions): DeadlineBenchResult {
  const settings = defaultBusinessCalendarSettings;
  const calendar = new BusinessCalendar(settings);
  const zone = settings.timeZone;
  const starts = spreadStarts(options.starts);
  const sink = { value: 0 };
  const business = (start: Date) => calendar.addBusinessHours(start, HOURS);
  const clock = (start: Date) => DateTime.fromJSDate(start, { zone }).plus({ hours: HOURS }).toJSDate();

  // Warm-up: builds the calendar's years and lets the JIT settle on both paths.
  rateOf(starts, business, options.minimumRunMs / 4, sink);
  rateOf(starts, clock, options.minimumRunMs / 4, sink);

  const businessRuns: number[] = [];
  const clockRuns: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    businessRuns.push(rateOf(starts, business, options.minimumRunMs, sink));
    clockRuns.push(rateOf(starts, clock, options.minimumRunMs, sink));
  }
  if (Number.isNaN(sink.value)) throw new Error('deadline bench: unexpected result');
  return {
    options,
    timeZone: zone,
    businessHours: { perSecond: Math.max(...businessRuns), runs: businessRuns },
    clockHours: { perSecond: Math.max(...clockRuns), runs: clockRuns },
  };
}

/** The printed report of {@link runDeadlineBench}. */
export function formatDeadlineReport(result: DeadlineBenchResult): string {
  const { options } = result;
  const runs = (figure: DeadlineFigure) => figure.runs.map(formatCount).join(' / ');
  const table = formatTable(
    [
      { heading: 'computation' },
      { heading: 'best /s', align: 'right' },
      { heading: 'runs /s', align: 'right' },
      { heading: 'ratio', align: 'right' },
      { heading: 'target', align: 'right' },
    ],
    [
      [`BusinessCalendar.addBusinessHours(start, ${HOURS})`, formatCount(result.businessHours.perSecond), runs(result.businessHours), formatRatio(result.businessHours.perSecond, result.clockHours.perSecond), '≥ 100 000 /s'],
      [`baseline: Luxon plus({ hours: ${HOURS} })`, formatCount(result.clockHours.perSecond), runs(result.clockHours), '1×', ''],
    ],
  );
  return [
    `  Default calendar (${result.timeZone}, Monday–Friday, MX rest days); ${formatCount(options.starts)} starts spread over 2026;`,
    `  ${options.runs} runs of ≥ ${options.minimumRunMs} ms each, alternating; ratio = business-hour rate ÷ Luxon clock-hour rate.`,
    '',
    table,
  ].join('\n');
}
