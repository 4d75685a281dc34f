import type { Collection, Document } from 'mongodb';
import type { Resource } from '../agenda/agenda-types.js';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { Actor, DeliveryOutcome, IncidentKind, RequestStatus, ServiceType } from '../requests/request-types.js';
import { requestStatuses } from '../requests/request-types.js';
import type { ReportPeriod } from './report-period.js';
import type { ReportRollups } from './report-rollups.js';
import { statusCodes, type WaitFacts } from './request-facts.js';

/** The roles that may see reports (SPEC §8): the head of department and the ASVs. */
export const REPORT_ROLES = ['HEAD', 'ASV'] as const;

/** Whether `actor` may see reports and download their spreadsheets. */
export function mayReport(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((role) => (REPORT_ROLES as readonly string[]).includes(role));
}

/** The figures of one period (SPEC §8), for the requests registered in it (their status now). */
export interface ReportFigures {
  period: ReportPeriod;
  registered: number;
  byService: Record<ServiceType | 'none', number>;
  byStatus: Record<RequestStatus, number>;
  /** Reached *Terminada*. */
  finished: number;
  /** Ever went to *No Procede* (those later *Cancelada* included). */
  noProcede: number;
  cancelled: number;
  /** Business hours from registration to *Terminada*: how many, median and 90th percentile. */
  hoursToClose: { count: number; median: number | null; p90: number | null };
  /** Business hours spent in each status, over the requests that have left it. */
  statusTime: Array<{ status: RequestStatus; requests: number; hours: number; meanHours: number | null }>;
  /** Information requests: how they ended, and the share answered in time of those that ended. */
  waits: WaitFacts & { answeredInTimeShare: number | null };
  /** *No Procede* reasons, most frequent first. */
  reasons: Array<{ key: string; text: string; timeout: boolean; count: number }>;
  /** Each ASV's requests of the period: still open, *Terminada*, *No Procede* or *Cancelada*. */
  asvs: Array<{ id: string; name: string; open: number; finished: number; notViable: number }>;
  /** Each resource of the catalogue: events starting in the period, business hours held, and their share of the period's business hours. */
  resources: Array<{ id: string; name: string; kind: Resource['kind']; bookings: number; hours: number; utilisation: number }>;
  /** Business hours in the period (what utilisation is a share of). */
  periodBusinessHours: number;
  /** Requests registered per day of the period. */
  daily: Array<{ day: string; n: number }>;
  /** The requesters' ratings (issue 12 §1): how many, their average and the share of 4 or 5. */
  satisfaction: { ratings: number; average: number | null; highShare: number | null };
  /** The delivery records: how many, the events not held, and the incidents by kind. */
  delivery: { recorded: number; notHeld: number; incidents: Record<IncidentKind, number> };
}

/**
 * The `p` (0–1) percentile of sorted lists merged, interpolated between the closest ranks — the
 * same as a spreadsheet's `PERCENTILE.INC` (and `MEDIAN` for 0.5) over the downloaded column.
 */
export function percentileOf(sortedLists: readonly (readonly number[])[], p: number): number | null {
  const values = sortedLists.flat().sort((a, b) => a - b);
  if (values.length === 0) return null;
  const rank = p * (values.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(values.length - 1, below + 1);
  return values[below]! + (values[above]! - values[below]!) * (rank - below);
}

/** One request of a period, as the spreadsheet lists it. */
export interface ReportRow {
  folio: string;
  registeredAt: Date;
  /** When it reached *Terminada*, or *No Procede*; null while open. */
  closedAt: Date | null;
  service: ServiceType | null;
  dependencia: string;
  siglas: string;
  status: RequestStatus;
  asv: string;
  hoursToClose: number | null;
  /** The *No Procede* reason: the ASV's text, or the timeout. */
  reason: { text: string; timeout: boolean } | null;
  /** The requester's rating (1–5), when given. */
  rating: number | null;
  /** How the event went (the latest delivery record), when recorded. */
  delivery: DeliveryOutcome | null;
  /** The latest delivery record's incidents, by kind. */
  incidents: Partial<Record<IncidentKind, number>>;
}

/** What the reports are computed from. */
export interface ReportServiceDependencies {
  rollups: ReportRollups;
  calendar: BusinessCalendar;
  /** The resource catalogue (names and kinds). */
  resources: () => Promise<Resource[]>;
  /** The requests collection (for the spreadsheet's rows, read through the `createdAt` index). */
  requests: Collection<Document>;
}

/** Most rows one spreadsheet lists. */
export const MAX_REPORT_ROWS = 250_000;

/**
 * The reports of SPEC §8: figures computed in the database from the day summaries
 * ({@link ReportRollups}), and the rows of the period's requests for the spreadsheet.
 */
export class ReportService {
  constructor(private readonly deps: ReportServiceDependencies) {}

  /** The figures of `period`, the summaries brought up to date first. */
  async figures(period: ReportPeriod): Promise<ReportFigures> {
    await this.deps.rollups.refresh();
    const [sums, catalogue] = await Promise.all([this.deps.rollups.sums(period), this.deps.resources()]);
    const byStatus = Object.fromEntries(requestStatuses.map((status) => [status, sums.status[statusCodes[status]]])) as Record<RequestStatus, number>;
    const ended = sums.waits.onTime + sums.waits.late + sums.waits.timedOut;
    const periodBusinessHours = this.deps.calendar.businessHoursBetween(period.from, period.to);
    const held = new Map(sums.resources.map((resource) => [resource.id, resource]));
    const listed = new Set(catalogue.map((resource) => resource.id));
    const resources = [
      ...catalogue.map((resource) => ({ id: resource.id, name: resource.name, kind: resource.kind })),
      ...sums.resources.filter((resource) => !listed.has(resource.id)).map((resource) => ({ id: resource.id, name: resource.id, kind: 'equipment' as const })),
    ].map((resource) => {
      const use = held.get(resource.id);
      const hours = use?.hours ?? 0;
      return { ...resource, bookings: use?.n ?? 0, hours, utilisation: periodBusinessHours > 0 ? hours / periodBusinessHours : 0 };
    });
    return {
      period,
      registered: sums.registered,
      byService: sums.service,
      byStatus,
      finished: byStatus.Terminada,
      noProcede: sums.everNoProcede,
      cancelled: byStatus.Cancelada,
      hoursToClose: {
        count: sums.closeHours.reduce((total, list) => total + list.length, 0),
        median: percentileOf(sums.closeHours, 0.5),
        p90: percentileOf(sums.closeHours, 0.9),
      },
      statusTime: requestStatuses
        .filter((status) => status !== 'Terminada' && status !== 'Cancelada')
        .map((status) => {
          const code = statusCodes[status];
          const requests = sums.stays[code];
          const hours = sums.stayHours[code];
          return { status, requests, hours, meanHours: requests > 0 ? hours / requests : null };
        }),
      waits: { ...sums.waits, answeredInTimeShare: ended > 0 ? sums.waits.onTime / ended : null },
      reasons: sums.reasons
        .map(({ key, text, timeout, n }) => ({ key, text, timeout, count: n }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      asvs: sums.asv.filter((asv) => asv.id).sort((a, b) => b.open + b.finished + b.notViable - (a.open + a.finished + a.notViable) || a.name.localeCompare(b.name)),
      resources: resources.sort((a, b) => b.hours - a.hours || b.bookings - a.bookings || a.name.localeCompare(b.name)),
      periodBusinessHours,
      daily: sums.daily,
      satisfaction: {
        ratings: sums.ratings.n,
        average: sums.ratings.n > 0 ? sums.ratings.sum / sums.ratings.n : null,
        highShare: sums.ratings.n > 0 ? sums.ratings.high / sums.ratings.n : null,
      },
      delivery: { ...sums.deliveries, incidents: sums.incidents },
    };
  }

  /** The requests registered in `period`, oldest first, one row each (read through the `createdAt` index). */
  async *rows(period: ReportPeriod): AsyncGenerator<ReportRow> {
    const cursor = this.deps.requests
      .find(
        { createdAt: { $gte: period.from, $lt: period.to } },
        {
          projection: {
            folio: 1,
            createdAt: 1,
            service: 1,
            dependencia: 1,
            status: 1,
            'assignee.name': 1,
            'reportFacts.hoursToClose': 1,
            'reportFacts.terminadaAt': 1,
            'reportFacts.noProcedeAt': 1,
            'reportFacts.reason': 1,
            'reportFacts.rating': 1,
            'reportFacts.delivery': 1,
            'reportFacts.incidents': 1,
          },
        },
      )
      .sort({ createdAt: 1, _id: 1 })
      .limit(MAX_REPORT_ROWS)
      .batchSize(1_000);
    for await (const document of cursor) {
      const facts = (document.reportFacts ?? {}) as {
        hoursToClose?: number | null;
        terminadaAt?: Date | null;
        noProcedeAt?: Date | null;
        reason?: { text: string; timeout: boolean } | null;
        rating?: number | null;
        delivery?: DeliveryOutcome | null;
        incidents?: Partial<Record<IncidentKind, number>>;
      };
      yield {
        folio: String(document.folio ?? ''),
        registeredAt: document.createdAt as Date,
        closedAt: facts.terminadaAt ?? facts.noProcedeAt ?? null,
        service: (document.service ?? null) as ServiceType | null,
        dependencia: String(document.dependencia?.name ?? ''),
        siglas: String(document.dependencia?.siglas ?? ''),
        status: document.status as RequestStatus,
        asv: String(document.assignee?.name ?? ''),
        hoursToClose: typeof facts.hoursToClose === 'number' ? facts.hoursToClose : null,
        reason: facts.reason ? { text: facts.reason.text, timeout: Boolean(facts.reason.timeout) } : null,
        rating: typeof facts.rating === 'number' ? facts.rating : null,
        delivery: facts.delivery ?? null,
        incidents: facts.incidents ?? {},
      };
    }
  }
}
