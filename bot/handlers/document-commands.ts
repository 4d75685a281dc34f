import { z } from 'zod';
import { td, tdPlain } from '../../cards/document-messages.js';
import { renderRecordCard } from '../../cards/record-card.js';
import { renderReportCard } from '../../cards/report-card.js';
import { LINK_TTL_MS } from '../../services/records/signed-links.js';
import { parsePeriod, type ReportPeriod } from '../../services/reports/report-period.js';
import { mayReport } from '../../services/reports/report-service.js';
import { maySee } from '../../services/requests/available-actions.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import type { BotServices, CardReply, MessageReply, Turn } from './handler-context.js';

/** What "Descargar" on a report card carries: the period's kind and days. */
const downloadData = z.object({
  kind: z.enum(['month', 'quarter', 'year', 'range']),
  firstDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lastDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

const linkMinutes = Math.round(LINK_TTL_MS / 60_000);

/**
 * Reports and records in Teams (SPEC §8, §9): `reporte [periodo]` (head of department and ASVs),
 * its card's *Descargar*, `expediente <folio>` (staff, and the request's own requester) and the
 * request card's *Expediente*. The links they hand out are signed for the person asking and
 * expire in minutes; the commands answer in the 1:1 chat only (see the routing table), and a
 * card action's answer replaces the card for the person who clicked alone.
 */
export class DocumentCommands {
  constructor(private readonly services: BotServices) {}

  /** `reporte` / `report` [mes | trimestre | año … | two dates]: the period's report card. */
  async report(turn: Turn, argument: string): Promise<MessageReply> {
    const { locale } = turn;
    if (!mayReport(turn.actor)) return { text: td(locale, 'report.refused') };
    const documents = this.services.documents;
    if (!documents) return { text: td(locale, 'documents.off') };
    const parsed = parsePeriod(argument.slice(0, 100), this.now(), this.services.config.calendar.timeZone);
    if (!parsed.ok) return { text: td(locale, `report.badPeriod.${parsed.problem}`) };
    return { cards: [await this.reportCard(turn, parsed.period, false)] };
  }

  /** *Descargar* on a report card: the same report, with links to its spreadsheet for the person who clicked. */
  async reportDownload(turn: Turn, raw: unknown): Promise<CardReply> {
    const { locale } = turn;
    if (!mayReport(turn.actor)) return { message: td(locale, 'report.refused') };
    if (!this.services.documents) return { message: td(locale, 'documents.off') };
    const data = downloadData.safeParse(raw);
    const parsed = data.success ? parsePeriod(`${data.data.firstDay} ${data.data.lastDay}`, this.now(), this.services.config.calendar.timeZone) : undefined;
    if (!data.success || !parsed?.ok) return { message: td(locale, 'report.badPeriod.unknown') };
    return { card: await this.reportCard(turn, { ...parsed.period, kind: data.data.kind }, true) };
  }

  /** `expediente` / `record` <folio>: the record's links, for staff and for the request's own requester. */
  async record(turn: Turn, folio: string): Promise<MessageReply> {
    const { locale } = turn;
    if (!folio) return { text: td(locale, 'record.usage') };
    const request = await this.services.desk.requests.getByFolio(folio.slice(0, 40));
    if (!request || !maySee(request, turn.actor)) return { text: tdPlain(locale, 'record.notFound', { folio: folio.slice(0, 40) }) };
    return { cards: [this.recordCard(turn, request, false)] };
  }

  /** *Expediente* on the request card (the clicker may see the request): its links, and a way back to the card. */
  async recordFromCard(turn: Turn, request: ServiceRequest): Promise<CardReply> {
    return { card: this.recordCard(turn, request, true) };
  }

  private recordCard(turn: Turn, request: ServiceRequest, back: boolean) {
    const { locale } = turn;
    const links = turn.actor.id ? this.services.documents?.recordLinks(request.id, turn.actor.id, locale) : undefined;
    return renderRecordCard({
      request,
      locale,
      timeZone: this.services.config.calendar.timeZone,
      back,
      ...(links
        ? { links: { html: links.html.url, pdf: links.pdf.url, expiresAt: links.html.expiresAt, minutes: linkMinutes, name: turn.actor.name || turn.actor.id } }
        : { note: td(locale, 'documents.off') }),
    });
  }

  private async reportCard(turn: Turn, period: ReportPeriod, withLinks: boolean) {
    const { locale } = turn;
    const documents = this.services.documents!;
    const figures = await documents.reports.figures(period);
    const links = withLinks && turn.actor.id ? documents.reportLinks(period, turn.actor.id, locale) : undefined;
    return renderReportCard({
      figures,
      locale,
      timeZone: this.services.config.calendar.timeZone,
      waitBusinessHours: this.services.config.wait.businessHours,
      ...(links ? { downloads: { xlsx: links.xlsx.url, csv: links.csv.url, expiresAt: links.xlsx.expiresAt, minutes: linkMinutes, name: turn.actor.name || turn.actor.id } } : {}),
      ...(withLinks && !links ? { note: td(locale, 'documents.off') } : {}),
    });
  }

  private now(): Date {
    return this.services.now?.() ?? new Date();
  }
}
