/**
 * The agenda section of the bench: `availability()` over 50 resources with a small and a large
 * booking history (the same bookings a day around the dates asked; the large one has years more
 * of them before), against an indexed find and a find by `_id` on the same collection; and
 * Microsoft Graph getSchedule calls per availability check. Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { DateTime } from 'luxon';
import type { Collection, Document } from 'mongodb';
import { agendaClock } from '../../services/agenda/agenda-clock.js';
import type { BookingDocument } from '../../services/agenda/agenda-documents.js';
import { localBusyTimes } from '../../services/agenda/agenda-service.js';
import { checkAvailability, type AvailabilityAnswer, type AvailabilityQuery } from '../../services/agenda/availability.js';
import { benchCatalogue, congressRoomCapacity, congressRoomId, generateBookings } from './agenda-bench-data.js';
import { runGraphCallsBench, type GraphCallsFigure } from './agenda-bench-graph.js';
import { benchConfig, openBenchDesk, type BenchDesk } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { elapsedMs, percentile, progress, timed } from './measure.js';
import { formatCount, formatFixed, formatMs, formatSizeTable } from './report.js';

/** Sizes of the agenda bench. */
export interface AgendaBenchOptions {
  /** Bookings stored in the small and the large database. */
  sizes: [small: number, large: number];
  /** Bookings a day (the same in both: the large history is longer, not denser). */
  bookingsPerDay: number;
  /** Days of history after the last date the checks ask for (the window availability reads, and more). */
  daysAfterChecks: number;
  /** Bookings per `insertMany`. */
  batchSize: number;
  /** Timed rounds: each a free check, a busy check and the baselines. */
  rounds: number;
  /** Timed calls of each of the two search cases. */
  searchCalls: number;
  /** Resources with a mailbox, one Graph measurement each. */
  mailboxLevels: number[];
  /** Availability checks per mailbox level. */
  graphChecks: number;
}

export const defaultAgendaBenchOptions: AgendaBenchOptions = {
  sizes: [1_000, 100_000],
  bookingsPerDay: 30,
  daysAfterChecks: 26,
  batchSize: 5_000,
  rounds: 30,
  searchCalls: 5,
  mailboxLevels: [5, 20, 45, 50],
  graphChecks: 3,
};

/** Durations of repeated runs, ms. */
export interface Timing {
  samples: number[];
  median: number;
  p95: number;
}

/** The figures on one database. */
export interface AgendaAtSize {
  bookings: number;
  days: number;
  firstDate: string;
  lastDate: string;
  insertMs: number;
  free: Timing;
  busy: Timing;
  /** The only room for 100 booked for days: alternatives days later. */
  congress: Timing;
  /** No room seats 500: the whole search horizon without an alternative. */
  impossible: Timing;
  indexedFind: Timing;
  findOne: Timing;
  /** A busy check taken apart: the catalogue read, the bookings query (as availability() sends it), the computation on what they returned. */
  resourcesRead: Timing;
  bookingsQuery: Timing;
  computation: Timing;
  /** Bookings availability() reads per check (median), and the commands one check sends. */
  bookingsPerCheck: number;
  commandsPerCheck: Array<[name: string, count: number]>;
  /** Checks that came out the other way than built. */
  misclassified: number;
  plans: Array<{ label: string; plan: string }>;
}

/** The result of {@link runAgendaBench}. */
export interface AgendaBenchResult {
  options: AgendaBenchOptions;
  loadAverage: { before: number; after: number };
  resources: { rooms: number; equipment: number; bridges: number; staff: number };
  checkDates: { first: string; last: string };
  small: AgendaAtSize;
  large: AgendaAtSize;
  graph: GraphCallsFigure[];
}

function timing(samples: number[]): Timing {
  return { samples, median: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** A local instant in the business zone. */
function localInstant(date: string, minutes: number, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').plus({ minutes }).toJSDate();
}

/** The server's winning plan for `filter` (explain), as `STAGE index ← STAGE …`. */
async function planOf(bookings: Collection<BookingDocument>, filter: Document, sort?: Document): Promise<string> {
  try {
    const cursor = bookings.find(filter);
    if (sort) cursor.sort(sort);
    const explained = (await cursor.explain()) as Document;
    const stages: string[] = [];
    const walk = (stage: Document | undefined): void => {
      if (!stage) return;
      stages.push(stage.indexName ? `${stage.stage} ${stage.indexName}` : String(stage.stage));
      walk(stage.inputStage as Document | undefined);
    };
    walk((explained.queryPlanner as Document | undefined)?.winningPlan as Document | undefined);
    return stages.length ? stages.join(' ← ') : 'unknown plan';
  } catch (error) {
    return `explain failed: ${(error as Error).message}`;
  }
}

/**
 * Measures the agenda at both sizes, each on a fresh database with the 50-resource catalogue: the
 * history ends `daysAfterChecks` days after the last checked date (a few weeks from now), at
 * `bookingsPerDay`, so both databases hold the same bookings around the dates checked and the
 * large one has years more before them. Then Graph calls per check on a database of its own.
 */
export async function runAgendaBench(store: BenchStore, options: AgendaBenchOptions = defaultAgendaBenchOptions): Promise<AgendaBenchResult> {
  const loadBefore = loadavg()[0]!;
  const config = benchConfig();
  const zone = config.calendar.timeZone;
  const catalogue = benchCatalogue();
  // The checks ask for days of the coming week (alternatives must not be in the past).
  const firstCheck = DateTime.now().setZone(zone).startOf('day').plus({ days: 3 });
  const checkDays = 7;
  const lastDay = firstCheck.plus({ days: checkDays + options.daysAfterChecks });

  // Both databases first, then the measurements: both measured in the same state of the server.
  const benches: Array<{
    bench: BenchDesk;
    size: number;
    days: number;
    firstDate: string;
    insertMs: number;
    congressDate: string;
    history: BookingDocument[];
  }> = [];
  try {
    for (const size of options.sizes) {
      const days = Math.max(Math.ceil(size / options.bookingsPerDay), checkDays + options.daysAfterChecks + 1);
      const first = lastDay.minus({ days: days - 1 });
      const bench = await openBenchDesk(store, `bench_agenda_${size}`, config, { dispatchImmediately: false });
      const loaded = await bench.desk.agenda.loadCatalogue(catalogue);
      if (!loaded.ok) throw new Error(`agenda bench: catalogue refused: ${loaded.errors.join('; ')}`);
      // The congress: ten days from the first Monday after the checks begin that is a working day.
      let congress = firstCheck.plus({ days: 6 });
      while (congress.weekday !== 1 || !bench.desk.calendar.isWorkingDay(congress.toISODate()!)) congress = congress.plus({ days: 1 });
      const generated = generateBookings(
        {
          count: size,
          firstDate: first.toISODate()!,
          days,
          timeZone: zone,
          buffers: config.agenda.buffers,
          batchSize: options.batchSize,
          congressDate: congress.toISODate()!,
          congressDays: 10,
        },
        catalogue.resources,
      );
      const bookings = bench.connection.db!.collection<BookingDocument>('bookings');
      progress(`agenda: inserting ${formatCount(size)} bookings (${days} days)`);
      const began = process.hrtime.bigint();
      const recent: BookingDocument[] = [];
      for (const batch of generated.batches) {
        await bookings.insertMany(batch, { ordered: false });
        recent.push(
          ...batch.filter(
            (booking) => booking.start.getTime() >= firstCheck.toMillis() && booking.start.getTime() < firstCheck.plus({ days: checkDays }).toMillis(),
          ),
        );
      }
      benches.push({ bench, size, days, firstDate: first.toISODate()!, insertMs: elapsedMs(began), congressDate: congress.toISODate()!, history: recent });
    }

    // The two sizes in turns, round by round, so that what else the machine does weighs on both alike.
    progress(`agenda: measuring, ${options.rounds} rounds on each database in turns`);
    const checkers = await Promise.all(
      benches.map((entry) => checkerFor(entry.bench, entry.history, { ...entry, lastDate: lastDay.toISODate()!, firstCheck, checkDays, zone, options })),
    );
    for (const checker of checkers) await checker.warmUp();
    for (let index = 0; index < options.rounds; index += 1) {
      for (const checker of index % 2 ? [...checkers].reverse() : checkers) await checker.round(index);
    }
    for (let call = 0; call < options.searchCalls; call += 1) {
      for (const checker of call % 2 ? [...checkers].reverse() : checkers) await checker.searchCall();
    }
    const measured: AgendaAtSize[] = [];
    for (const checker of checkers) measured.push(await checker.result());
    const resources = catalogue.resources;
    const graphQuery = freeQueries(firstCheck, checkDays, 1, zone, config.agenda.buffers.VC)[0]!;
    const graph = await runGraphCallsBench(store, graphQuery, options.mailboxLevels, options.graphChecks);
    return {
      options,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
      resources: {
        rooms: resources.filter((resource) => resource.kind === 'room').length,
        equipment: resources.filter((resource) => resource.kind === 'equipment').length,
        bridges: resources.filter((resource) => resource.bridge).length,
        staff: resources.filter((resource) => resource.kind === 'staff').length,
      },
      checkDates: { first: firstCheck.toISODate()!, last: firstCheck.plus({ days: checkDays - 1 }).toISODate()! },
      small: measured[0]!,
      large: measured[1]!,
      graph,
    };
  } finally {
    // Not dropped: dropping 100 000 documents takes SecantusDB minutes; the server's data goes when it stops.
    for (const { bench } of benches) await bench.shutDown();
  }
}

/** 90-minute slots of the history's grid (07:00 + 90 min × n), on working days of the check week: any room for 8, a bridge, one technician. */
function freeQueries(firstCheck: DateTime, checkDays: number, count: number, zone: string, vcBuffers: { before: number; after: number }): AvailabilityQuery[] {
  return Array.from({ length: count }, (_, index) => {
    let day = firstCheck.plus({ days: index % checkDays });
    while (day.weekday > 5) day = day.plus({ days: 1 });
    const slotStart = 7 * 60 + (2 + (index % 3)) * 90;
    return {
      service: 'VC',
      start: localInstant(day.toISODate()!, slotStart + vcBuffers.before, zone),
      end: localInstant(day.toISODate()!, slotStart + 90 - vcBuffers.after, zone),
      participants: 8,
      room: 'any',
      equipmentIds: [],
      needsBridge: true,
      staffCount: 1,
    } satisfies AvailabilityQuery;
  });
}

interface MeasureSetup {
  size: number;
  days: number;
  firstDate: string;
  lastDate: string;
  insertMs: number;
  congressDate: string;
  firstCheck: DateTime;
  checkDays: number;
  zone: string;
  options: AgendaBenchOptions;
}

/** The timed work on one database, in steps the caller interleaves with the other database's. */
interface Checker {
  warmUp(): Promise<void>;
  /** A free check, a busy check, the baselines and the busy check taken apart. */
  round(index: number): Promise<void>;
  /** One call of each search case. */
  searchCall(): Promise<void>;
  result(): Promise<AgendaAtSize>;
}

async function checkerFor(bench: BenchDesk, recent: readonly BookingDocument[], setup: MeasureSetup): Promise<Checker> {
  const { desk } = bench;
  const config = benchConfig();
  const { zone, options } = setup;
  const vcBuffers = config.agenda.buffers.VC;
  const bookings = bench.connection.db!.collection<BookingDocument>('bookings');
  const free = freeQueries(setup.firstCheck, setup.checkDays, options.rounds, zone, vcBuffers);
  // Busy checks ask for the very room of a stored VC booking at its time.
  const candidates = recent
    .filter((booking) => booking.service === 'VC' && booking.roomId && booking.roomId !== congressRoomId)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  if (!candidates.length) throw new Error('agenda bench: no booking to build busy checks on');
  const busyBookings = Array.from({ length: options.rounds }, (_, index) => candidates[Math.floor((index * candidates.length) / options.rounds)]!);
  const busy: AvailabilityQuery[] = busyBookings.map((booking) => ({
    service: 'VC',
    start: booking.start,
    end: booking.end,
    participants: 6,
    room: booking.roomId,
    equipmentIds: [],
    needsBridge: false,
    staffCount: 1,
  }));
  const congress: AvailabilityQuery = {
    service: 'VC',
    start: localInstant(setup.congressDate, 7 * 60 + 2 * 90 + vcBuffers.before, zone),
    end: localInstant(setup.congressDate, 7 * 60 + 3 * 90 - vcBuffers.after, zone),
    participants: 100,
    room: 'any',
    equipmentIds: [],
    needsBridge: false,
    staffCount: 1,
  };
  const impossible: AvailabilityQuery = { ...free[Math.floor(free.length / 2)]!, participants: 500, needsBridge: false };
  const windowOf = (query: AvailabilityQuery) => ({
    from: new Date(query.start.getTime() - vcBuffers.before * 60_000 - 24 * 3_600_000),
    to: new Date(query.end.getTime() + vcBuffers.after * 60_000 + 24 * 24 * 3_600_000),
  });

  // Warm-up: connection pool, JIT, the server's caches.
  const warmUp = async () => {
    for (let index = 0; index < 3; index += 1) {
      await desk.agenda.availability(free[index]!);
      await desk.agenda.availability(busy[index]!);
      await bookings.findOne({ _id: busyBookings[index]!._id });
    }
  };

  const freeMs: number[] = [];
  const busyMs: number[] = [];
  const indexedMs: number[] = [];
  const findOneMs: number[] = [];
  const readPerCheck: number[] = [];
  const resourcesMs: number[] = [];
  const queryMs: number[] = [];
  const computeMs: number[] = [];
  const clock = agendaClock(zone, desk.calendar);
  let misclassified = 0;
  let commands: Array<[string, number]> = [];
  const check = async (query: AvailabilityQuery): Promise<{ answer: AvailabilityAnswer; ms: number }> => {
    const { result, ms } = await timed(() => bench.roundTrips.measure(() => desk.agenda.availability(query)));
    commands = result.roundTrips.byCommand.map(([name, tally]) => [name, tally.count]);
    return { answer: result.result, ms };
  };
  const round = async (index: number) => {
    const one = await check(free[index]!);
    (one.answer.free ? freeMs : busyMs).push(one.ms);
    if (!one.answer.free) misclassified += 1;
    const other = await check(busy[index]!);
    (other.answer.free ? freeMs : busyMs).push(other.ms);
    if (other.answer.free) misclassified += 1;

    const { from, to } = windowOf(busy[index]!);
    const indexed = await timed(() => bookings.find({ resourceIds: busyBookings[index]!.roomId!, heldEnd: { $gt: from, $lt: to } }).toArray());
    indexedMs.push(indexed.ms);
    const byId = await timed(() => bookings.findOne({ _id: busyBookings[index]!._id }));
    if (!byId.result) throw new Error(`agenda bench: booking ${busyBookings[index]!._id} not found`);
    findOneMs.push(byId.ms);
    // The busy check taken apart, as availability() does it.
    const resources = await timed(() => desk.agenda.resources());
    resourcesMs.push(resources.ms);
    const read = await timed(() => desk.agenda.bookingsBetween(from, to));
    queryMs.push(read.ms);
    readPerCheck.push(read.result.length);
    const input = {
      query: busy[index]!,
      resources: resources.result,
      busy: localBusyTimes(read.result),
      buffers: config.agenda.buffers.VC,
      clock,
      alternatives: config.agenda.alternatives,
    };
    const began = process.hrtime.bigint();
    checkAvailability(input);
    computeMs.push(elapsedMs(began));
  };
  const congressMs: number[] = [];
  const impossibleMs: number[] = [];
  const searchCall = async () => {
    congressMs.push((await timed(() => desk.agenda.availability(congress))).ms);
    impossibleMs.push((await timed(() => desk.agenda.availability(impossible))).ms);
  };
  const result = async (): Promise<AgendaAtSize> => {
    const { from, to } = windowOf(busy[0]!);
    const plans = [
      { label: 'findOne({ _id })', plan: await planOf(bookings, { _id: busyBookings[0]!._id }) },
      {
        label: 'baseline find({ resourceIds, heldEnd: { $gt, $lt } })',
        plan: await planOf(bookings, { resourceIds: busyBookings[0]!.roomId!, heldEnd: { $gt: from, $lt: to } }),
      },
    ];
    return {
      bookings: setup.size,
      days: setup.days,
      firstDate: setup.firstDate,
      lastDate: setup.lastDate,
      insertMs: setup.insertMs,
      free: timing(freeMs),
      busy: timing(busyMs),
      congress: timing(congressMs),
      impossible: timing(impossibleMs),
      indexedFind: timing(indexedMs),
      findOne: timing(findOneMs),
      resourcesRead: timing(resourcesMs),
      bookingsQuery: timing(queryMs),
      computation: timing(computeMs),
      bookingsPerCheck: percentile(readPerCheck, 50),
      commandsPerCheck: commands,
      misclassified,
      plans,
    };
  };
  return { warmUp, round, searchCall, result };
}

/** The printed report of {@link runAgendaBench}. */
export function formatAgendaReport(result: AgendaBenchResult): string {
  const { small, large, options } = result;
  const r = result.resources;
  const sizes: [string, string] = [`${formatCount(small.bookings)} bookings`, `${formatCount(large.bookings)} bookings`];
  const lines: string[] = [
    `  Machine load average (1 min): ${formatFixed(result.loadAverage.before, 1)} at the start, ${formatFixed(result.loadAverage.after, 1)} at the end (other processes share the CPUs).`,
    `  Catalogue: ${r.rooms + r.equipment + r.staff} resources (${r.rooms} rooms, ${r.equipment} equipment incl. ${r.bridges} bridges, ${r.staff} staff with working hours).`,
    `  Bookings: ${options.bookingsPerDay} a day in 90-minute slots 07:00–20:30, no resource double-booked, plus a 10-day all-day block of the`,
    `  auditorium; small ${small.firstDate} … ${small.lastDate} (${formatCount(small.days)} days, inserted in ${(small.insertMs / 1000).toFixed(1)} s), large ${large.firstDate} … ${large.lastDate}`,
    `  (${formatCount(large.days)} days, inserted in ${(large.insertMs / 1000).toFixed(1)} s): the same density around the dates asked (${result.checkDates.first} … ${result.checkDates.last}),`,
    `  the large one with years more before them. Inserted directly (insertMany, unordered, batches of ${formatCount(options.batchSize)}).`,
    '',
    formatSizeTable(sizes, [
      { label: 'availability(), free slot: median', small: small.free.median, large: large.free.median, target: '≤ 100 ms; large ≤ 1.5× small' },
      { label: '  p95', small: small.free.p95, large: large.free.p95 },
      {
        label: 'availability(), busy slot (+ 5 alternatives): median',
        small: small.busy.median,
        large: large.busy.median,
        target: '≤ 100 ms; large ≤ 1.5× small',
      },
      { label: '  p95', small: small.busy.p95, large: large.busy.p95 },
      {
        label: `availability(), only room for 100 (${congressRoomId}, ${congressRoomCapacity}) booked 10 days`,
        small: small.congress.median,
        large: large.congress.median,
      },
      { label: 'availability(), no room seats 500 (whole horizon)', small: small.impossible.median, large: large.impossible.median },
      { label: '  of a busy check: the catalogue read (50 resources)', small: small.resourcesRead.median, large: large.resourcesRead.median },
      { label: '  of a busy check: the bookings query (the 25-day window)', small: small.bookingsQuery.median, large: large.bookingsQuery.median },
      { label: '  of a busy check: the computation (checkAvailability)', small: small.computation.median, large: large.computation.median },
      { label: 'baseline: indexed find, one room, same window', small: small.indexedFind.median, large: large.indexedFind.median },
      { label: 'baseline: findOne({ _id })', small: small.findOne.median, large: large.findOne.median },
      { label: 'bookings availability() reads per check', small: small.bookingsPerCheck, large: large.bookingsPerCheck, format: formatCount },
    ]),
    '',
    `  ${options.rounds} rounds per size, each a free check, a busy check, the baselines and a busy check taken apart; then ${options.searchCalls} calls of`,
    '  each search case; the two databases in turns (round by round); medians.',
    `  One check sends: ${large.commandsPerCheck.map(([name, count]) => `${count} × ${name}`).join(', ') || '—'} (resources + bookings; getMore when the answer exceeds the first batch).`,
    "  The server's plan (explain) for each filter:",
    ...large.plans.map((plan) => `    ${plan.label}: ${plan.plan}`),
  ];
  for (const size of [small, large]) {
    if (size.misclassified)
      lines.push(
        `  NOTE: ${formatCount(size.bookings)} bookings: ${size.misclassified} checks came out the other way than built (timed under what they answered).`,
      );
  }
  lines.push(
    '',
    '  Microsoft Graph calls per availability check (Graph fixture + GraphCalendarDirectory, 50 resources, k with a mailbox):',
    '',
    ...formatGraph(result.graph),
  );
  return lines.join('\n');
}

function formatGraph(graph: readonly GraphCallsFigure[]): string[] {
  const rows = graph.map(
    (figure) =>
      `    k = ${String(figure.mailboxes).padStart(2)}: ${[...new Set(figure.callsPerCheck)].join(' / ')} getSchedule call(s) per check` +
      ` (${[...new Set(figure.mailboxesPerCheck.map((calls) => [...calls].sort((a, b) => b - a).join(' + ')))].join(' / ')} mailboxes), target ${figure.target}` +
      ` (⌈k/20⌉ × windows under 62 days), check median ${formatMs(percentile(figure.checkMs, 50))}`,
  );
  return rows;
}
