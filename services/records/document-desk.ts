import { DateTime } from 'luxon';
import type { Db } from 'mongodb';
import type { AgendaService } from '../agenda/agenda-service.js';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { AppConfig } from '../config/app-config.js';
import type { Locale } from '../forms/locale.js';
import type { Logger } from '../logging/logger.js';
import { maySee } from '../requests/available-actions.js';
import type { RequestService } from '../requests/request-service.js';
import type { RoleDirectory } from '../requests/role-directory.js';
import { writeCsv, writeXlsx } from '../reports/report-export.js';
import type { ReportPeriod } from '../reports/report-period.js';
import { instantsOfDay } from '../reports/report-period.js';
import { ReportRollups } from '../reports/report-rollups.js';
import { mayReport, ReportService } from '../reports/report-service.js';
import { factsRulesOf, projectionFacts, reportSettingsKey } from '../reports/report-facts-setup.js';
import { RECORD_STYLE_HASH } from './record-html.js';
import { RecordService } from './record-service.js';
import { loadLinkSecret, SignedLinks, type DocumentLinkQuery, type LinkedDocument } from './signed-links.js';

/** What a document link is answered with: a status alone (refused), or the document and its headers. */
export interface DocumentAnswer {
  status: number;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

/** What the documents are built from (the desk's services and the configuration). */
export interface DocumentDeskParts {
  db: Db;
  config: Pick<AppConfig, 'environment' | 'calendar' | 'wait' | 'bot'>;
  requests: Pick<RequestService, 'get'>;
  roles: Pick<RoleDirectory, 'actorFor'>;
  calendar: BusinessCalendar;
  agenda: Pick<AgendaService, 'resources'>;
  /** The e-mail the bot has paired with a person's object id (a requester registered by e-mail). */
  emailOf?: ((personId: string) => Promise<string | undefined>) | undefined;
  logger: Logger;
  now?: (() => Date) | undefined;
}

/** The headers of every document answer: nothing cached, no referrer, not indexed, not framed. */
const privateHeaders: Readonly<Record<string, string>> = {
  'Cache-Control': 'private, no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Frame-Options': 'DENY',
};

/** The moment as a file name's stamp: `20261205T1048` in the business time zone. */
function stamp(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyyMMdd'T'HHmm");
}

/**
 * Reports and records for the bot: the figures of a period, and the signed links that open a
 * period's spreadsheet or a request's record for one person; and the answer to such a link
 * ({@link serve}). A link is honoured only when its signature holds, it has not expired, and the
 * person it names may still see the document (roles are read again; a requester must still be
 * the request's).
 */
export class DocumentDesk {
  private constructor(
    readonly reports: ReportService,
    readonly records: RecordService,
    readonly rollups: ReportRollups,
    private readonly links: SignedLinks | undefined,
    private readonly parts: DocumentDeskParts,
  ) {}

  /** Builds the desk: the links' secret (made once, kept in the database), the summaries' and records' indexes. */
  static async create(parts: DocumentDeskParts): Promise<DocumentDesk> {
    const { config, db, logger } = parts;
    const timeZone = config.calendar.timeZone;
    const rollups = new ReportRollups(db, {
      timeZone,
      facts: (request, touchedAt) => projectionFacts(request, factsRulesOf(config, parts.calendar), touchedAt),
      settingsKey: reportSettingsKey(config),
      log: (message, error) => logger.info(message, error),
    });
    await rollups.ensureIndexes();
    const records = new RecordService({ db, request: (id) => parts.requests.get(id), resources: () => parts.agenda.resources(), timeZone });
    await records.ensureIndexes();
    const reports = new ReportService({ rollups, calendar: parts.calendar, resources: () => parts.agenda.resources(), requests: db.collection('requests') });
    const base = linkBase(config);
    if (!base.ok) logger.warn(`document links are off: ${base.problem}`);
    const links = base.ok ? new SignedLinks(await loadLinkSecret(db), base.url, parts.now) : undefined;
    return new DocumentDesk(reports, records, rollups, links, parts);
  }

  /** Whether links can be handed out (a public https address, or the local run's loopback one). */
  get linksAvailable(): boolean {
    return this.links !== undefined;
  }

  /** The links to a period's spreadsheet (XLSX and CSV) for `personId`, or undefined when links are off. */
  reportLinks(period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>, personId: string, locale: Locale) {
    if (!this.links) return undefined;
    const at = (format: 'xlsx' | 'csv') => this.links!.linkFor({ kind: 'report', format, firstDay: period.firstDay, lastDay: period.lastDay }, personId, locale);
    return { xlsx: at('xlsx'), csv: at('csv') };
  }

  /** The links to a request's record (HTML and PDF) for `personId`, or undefined when links are off. */
  recordLinks(requestId: string, personId: string, locale: Locale) {
    if (!this.links) return undefined;
    const at = (format: 'html' | 'pdf') => this.links!.linkFor({ kind: 'record', format, requestId }, personId, locale);
    return { html: at('html'), pdf: at('pdf') };
  }

  /**
   * The answer to a document link's query (already shaped by `documentLinkQuery`): 403 when its
   * signature does not hold or it has expired, 403 when the person it names may no longer see the
   * document, 404 when the request is gone; else the document.
   */
  async serve(query: DocumentLinkQuery | Record<string, string[]>): Promise<DocumentAnswer> {
    if (!this.links) return { status: 404 };
    const verified = this.links.verify(query);
    if (!verified.ok) return { status: verified.refusal === 'malformed' ? 400 : 403, headers: privateHeaders };
    const { document, personId, locale } = verified.grant;
    const actor = this.parts.roles.actorFor({ id: personId, name: personId, email: await this.parts.emailOf?.(personId).catch(() => undefined) });
    const now = this.parts.now?.() ?? new Date();
    const timeZone = this.parts.config.calendar.timeZone;
    if (document.kind === 'report') {
      if (!mayReport(actor)) return { status: 403, headers: privateHeaders };
      return this.spreadsheet(document, locale, now);
    }
    const request = await this.parts.requests.get(document.requestId);
    if (!request) return { status: 404, headers: privateHeaders };
    if (!maySee(request, actor)) return { status: 403, headers: privateHeaders };
    this.parts.logger.info(`record of ${request.folio} (${document.format}) opened by ${personId}`);
    if (document.format === 'html') {
      const page = await this.records.html(request.id, locale);
      if (!page) return { status: 404, headers: privateHeaders };
      return {
        status: 200,
        body: page.body,
        headers: {
          ...privateHeaders,
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Disposition': `inline; filename="expediente-${request.folio}-${stamp(now, timeZone)}.html"`,
          'Content-Security-Policy': `default-src 'none'; style-src '${RECORD_STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        },
      };
    }
    const pdf = await this.records.pdf(request.id, locale);
    if (!pdf) return { status: 404, headers: privateHeaders };
    return {
      status: 200,
      body: pdf.body,
      headers: {
        ...privateHeaders,
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="expediente-${request.folio}-${stamp(now, timeZone)}.pdf"`,
      },
    };
  }

  private async spreadsheet(document: Extract<LinkedDocument, { kind: 'report' }>, locale: Locale, now: Date): Promise<DocumentAnswer> {
    const timeZone = this.parts.config.calendar.timeZone;
    const period: ReportPeriod = {
      kind: 'range',
      firstDay: document.firstDay,
      lastDay: document.lastDay,
      from: instantsOfDay(document.firstDay, timeZone).start,
      to: instantsOfDay(document.lastDay, timeZone).end,
    };
    const options = { locale, timeZone, generatedAt: now };
    const name = `reporte-${document.firstDay}_${document.lastDay}-${stamp(now, timeZone)}`;
    if (document.format === 'csv') {
      return {
        status: 200,
        body: await writeCsv(this.reports.rows(period), options),
        headers: { ...privateHeaders, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` },
      };
    }
    return {
      status: 200,
      body: await writeXlsx(this.reports.rows(period), options),
      headers: {
        ...privateHeaders,
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${name}.xlsx"`,
      },
    };
  }
}

/**
 * Where links point: `PUBLIC_BASE_URL` (https required in production), else the bot's own
 * loopback address outside production (the local run and the tests).
 */
export function linkBase(config: Pick<AppConfig, 'environment' | 'bot'>): { ok: true; url: string } | { ok: false; problem: string } {
  const base = config.bot.publicBaseUrl;
  if (base) {
    if (config.environment === 'production' && !base.startsWith('https://')) return { ok: false, problem: 'PUBLIC_BASE_URL must be https:// in production' };
    return { ok: true, url: base };
  }
  if (config.environment === 'production') return { ok: false, problem: 'PUBLIC_BASE_URL is not set' };
  return { ok: true, url: `http://${config.bot.host === '0.0.0.0' ? '127.0.0.1' : config.bot.host}:${config.bot.port}` };
}
