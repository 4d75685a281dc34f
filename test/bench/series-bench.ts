/**
 * The series section of the bench: availability of a recurring event — 16 weeks, twice a week (32
 * occurrences) — over the 50-resource catalogue with the agenda bench's booking history, beside
 * the availability of its first occurrence alone (the single-event check) as the baseline.
 * Nothing is asserted.
 */
import { DateTime } from 'luxon';
import type { BookingDocument } from '../../services/agenda/agenda-documents.js';
import { benchCatalogue, generateBookings } from './agenda-bench-data.js';
import { benchCommandId, benchConfig, benchPeople, benchRegistration, openBenchDesk } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { elapsedMs, percentile, progress } from './measure.js';
import { formatCount, formatFixed, formatMs } from './report.js';

/** Sizes of the series bench. */
export interface SeriesBenchOptions {
  weeks: number;
  /** Weekdays of the series (RFC 5545 codes). */
  weekdays: string[];
  /** Bookings a day in the history around the series. */
  bookingsPerDay: number;
  rounds: number;
}

export const defaultSeriesBenchOptions: SeriesBenchOptions = { weeks: 16, weekdays: ['TU', 'TH'], bookingsPerDay: 30, rounds: 15 };

/** The figures of {@link runSeriesBench}. */
export interface SeriesBenchResult {
  options: SeriesBenchOptions;
  resources: number;
  bookings: number;
  occurrences: number;
  free: number;
  conflicts: number;
  single: { median: number; p95: number };
  series: { median: number; p95: number };
}

/** Measures series availability against single-event availability on one database. */
export async function runSeriesBench(store: BenchStore, options: SeriesBenchOptions = defaultSeriesBenchOptions): Promise<SeriesBenchResult> {
  const config = benchConfig();
  const zone = config.calendar.timeZone;
  const catalogue = benchCatalogue();
  const bench = await openBenchDesk(store, 'bench_series', config, { dispatchImmediately: false });
  try {
    const loaded = await bench.desk.agenda.loadCatalogue(catalogue);
    if (!loaded.ok) throw new Error(`series bench: catalogue refused: ${loaded.errors.join('; ')}`);
    let first = DateTime.now().setZone(zone).startOf('day').plus({ days: 7 });
    while (first.weekday !== 2) first = first.plus({ days: 1 });
    const days = options.weeks * 7 + 40;
    const generated = generateBookings(
      { count: days * options.bookingsPerDay, firstDate: first.minus({ days: 7 }).toISODate()!, days, timeZone: zone, buffers: config.agenda.buffers, batchSize: 5_000, congressDate: first.plus({ days: 3 }).toISODate()!, congressDays: 10 },
      catalogue.resources,
    );
    const bookings = bench.connection.db!.collection<BookingDocument>('bookings');
    let stored = 0;
    progress(`series: inserting ${formatCount(days * options.bookingsPerDay)} bookings (${days} days)`);
    for (const batch of generated.batches) {
      await bookings.insertMany(batch, { ordered: false });
      stored += batch.length;
    }

    const asv = bench.actor(benchPeople.asv);
    const registered = await bench.desk.requests.register(benchRegistration(0), bench.actor(benchPeople.hd), benchCommandId('series-register'));
    if (registered.outcome !== 'applied') throw new Error(`series bench: ${registered.outcome}`);
    await bench.desk.requests.execute(registered.request.id, { type: 'take' }, asv, benchCommandId('series-take'));
    const form = {
      programName: 'Clase del semestre',
      siglas: 'FI',
      date: first.toISODate()!,
      startTime: '10:00',
      endTime: '12:00',
      expectedParticipants: 20,
      mode: 'point-to-point',
      repeatWeekdays: options.weekdays,
      repeatCount: options.weeks * options.weekdays.length,
    };
    const saved = await bench.desk.requests.saveForm(registered.request.id, 'VC', form, asv, benchCommandId('series-form'), { locale: 'es' });
    if (saved.outcome !== 'applied') throw new Error(`series bench: form ${saved.outcome}`);
    const request = saved.request;
    const query = bench.desk.agenda.queryFromForm(request);
    if (!query.ok) throw new Error('series bench: no query');

    progress(`series: measuring, ${options.rounds} rounds`);
    const resources = await bench.desk.agenda.resources();
    await bench.desk.agenda.availability(query.query, resources);
    let last = await bench.desk.agenda.seriesAvailability(request, resources);
    const single: number[] = [];
    const series: number[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      let began = process.hrtime.bigint();
      await bench.desk.agenda.availability(query.query, await bench.desk.agenda.resources());
      single.push(elapsedMs(began));
      began = process.hrtime.bigint();
      last = await bench.desk.agenda.seriesAvailability(request, await bench.desk.agenda.resources());
      series.push(elapsedMs(began));
    }
    return {
      options,
      resources: resources.length,
      bookings: stored,
      occurrences: last?.occurrences.length ?? 0,
      free: last?.bookable.length ?? 0,
      conflicts: last?.occurrences.filter((entry) => entry.state === 'conflict').length ?? 0,
      single: { median: percentile(single, 50), p95: percentile(single, 95) },
      series: { median: percentile(series, 50), p95: percentile(series, 95) },
    };
  } finally {
    await bench.close();
  }
}

/** The section's report. */
export function formatSeriesReport(result: SeriesBenchResult): string {
  const { options } = result;
  return [
    `  ${result.resources} resources, ${formatCount(result.bookings)} bookings (${options.bookingsPerDay} a day); a series ${options.weeks} weeks × ${options.weekdays.join('+')} = ${result.occurrences} occurrences (${result.free} free, ${result.conflicts} in conflict, with alternatives); ${options.rounds} rounds, catalogue read included.`,
    `  single event (its first occurrence): median ${formatMs(result.single.median)}, p95 ${formatMs(result.single.p95)}`,
    `  series, every occurrence:            median ${formatMs(result.series.median)}, p95 ${formatMs(result.series.p95)}`,
    `  ratio series ÷ single (medians): ${formatFixed(result.series.median / result.single.median, 1)} (${formatFixed(result.series.median / result.occurrences, 2)} ms per occurrence)`,
  ].join('\n');
}
