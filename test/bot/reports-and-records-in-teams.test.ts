import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { createLogger } from '../../services/logging/logger.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { seedCatalogue } from '../support/agenda-fixture.js';
import { listenOnLoopback, send } from '../support/http-request.js';
import { commandId, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';
import { clickCard, fromTeams, say } from '../support/test-adapter-bot.js';
import { openTestDatabase } from '../support/test-database.js';

const head = { id: 'head-1', name: 'Hugo Estrada', email: 'head@uni.example' };
const ZONE = 'America/Mexico_City';

type Card = { type: string; body: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>> };

/** The Adaptive Cards of a chat answer (what `say` returns as JSON text). */
function cardsOf(replies: string[]): Card[] {
  return replies
    .filter((reply) => reply.startsWith('['))
    .flatMap((reply) => (JSON.parse(reply) as Array<{ content: Card }>).map((attachment) => attachment.content));
}

/** Every node of a card, depth first (fallbacks included). */
function nodesOf(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap(nodesOf);
  if (!value || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  return [node, ...Object.values(node).flatMap(nodesOf)];
}

/** The URL of a card's Action.OpenUrl titled `title`. */
function openUrl(card: unknown, title: string): string {
  const action = nodesOf(card).find((node) => node.type === 'Action.OpenUrl' && node.title === title);
  if (!action) throw new Error(`no Action.OpenUrl "${title}"`);
  return String(action.url);
}

describe('reports and records in Teams', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let composed: ComposedBot;
  let baseUrl: string;
  let close: () => Promise<void>;
  let rejected: ServiceRequest;
  const today = DateTime.now().setZone(ZONE).toISODate()!;

  /** Fetches a link through the bot's own HTTP server (the link names the configured public address). */
  const fetchLink = (url: string) => {
    const link = new URL(url);
    return send(`${baseUrl}${link.pathname}${link.search}`);
  };

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    composed = await composeBot({
      config: testConfig({ TEAMS_TENANT_ID: TEST_TENANT_ID, ROLE_HEAD: head.id }),
      connection: database.connection,
      logger: createLogger('silent'),
    });
    await composed.desk.agenda.loadCatalogue(seedCatalogue());
    const listening = await listenOnLoopback(composed.server);
    baseUrl = listening.baseUrl;
    close = listening.close;
    const { desk } = composed;
    const hd = desk.roles.actorFor(people.hd);
    const asv = desk.roles.actorFor(people.asv);
    for (const service of ['VC', 'VC', 'TC', 'NC'] as const) {
      const registered = await desk.requests.register(registration({ service }), hd, commandId('register'));
      if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    }
    const toReject = await desk.requests.register(registration({ description: 'Evento que no procede' }), hd, commandId('register'));
    if (toReject.outcome !== 'applied') throw new Error(toReject.outcome);
    await desk.requests.execute(toReject.request.id, { type: 'take' }, asv, commandId('take'));
    const result = await desk.requests.execute(toReject.request.id, { type: 'reject', reasons: '**Sala** [ocupada](http://x.example)' }, asv, commandId('reject'));
    if (result.outcome !== 'applied') throw new Error(result.outcome);
    rejected = result.request;
    await desk.dispatcher.idle();
  }, 60_000);

  afterAll(async () => {
    await close?.();
    await composed?.desk.stop();
    await database?.drop();
  });

  it('gives the head of department and the ASVs the report card: charts, each with a table for hosts without charts, and Descargar', async () => {
    for (const person of [head, people.asv]) {
      const [card] = cardsOf(await say(composed.bot, person, `reporte ${today} ${today}`));
      expect(card).toBeDefined();
      const charts = nodesOf(card!.body).filter((node) => String(node.type).startsWith('Chart.'));
      expect(charts.map((chart) => chart.type)).toEqual(['Chart.VerticalBar', 'Chart.Donut', 'Chart.Line', 'Chart.HorizontalBar', 'Chart.HorizontalBar', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar']);
      for (const chart of charts) expect(nodesOf(chart.fallback).some((node) => node.type === 'Table')).toBe(true);
      expect(nodesOf(card).find((node) => node.type === 'Chart.VerticalBar')!.data).toEqual([
        { x: 'VC', y: 3 },
        { x: 'TC', y: 1 },
        { x: 'NC', y: 1 },
      ]);
      const facts = nodesOf(card).find((node) => node.type === 'FactSet')!.facts as Array<{ title: string; value: string }>;
      expect(facts[0]).toEqual({ title: 'Registradas', value: '5' });
      expect(card!.actions).toEqual([{ type: 'Action.Execute', title: 'Descargar', verb: 'report-download', data: { kind: 'range', firstDay: today, lastDay: today } }]);
      // The ASV's reasons, shown as typed (Markdown escaped), never as a link.
      expect(JSON.stringify(card)).toContain('\\\\*\\\\*Sala\\\\*\\\\* \\\\[ocupada\\\\](http://x.example)');
      expect(JSON.stringify(card).length).toBeLessThan(40_000);
    }
  });

  it('speaks English to an English reader', async () => {
    const [card] = cardsOf(await say(composed.bot, head, `report ${today} ${today}`, 'en-US'));
    expect(JSON.stringify(card)).toContain('Requests by service');
    expect(card!.actions?.[0]?.title).toBe('Download');
  });

  it('refuses everybody else, and says how to write a period it does not understand', async () => {
    for (const person of [people.hd, people.dau, people.requester, people.stranger]) {
      expect(await say(composed.bot, person, 'reporte')).toEqual(['Solo la jefatura del departamento y los ASV pueden consultar los reportes.']);
    }
    expect((await say(composed.bot, head, 'reporte semestre'))[0]).toMatch(/^No entendí el periodo/);
    expect((await say(composed.bot, head, 'report 2026-03-31 2026-03-01', 'en-US'))[0]).toBe('The first date of the period comes before the second.');
    expect(cardsOf(await say(composed.bot, head, 'reporte'))).toHaveLength(1);
  });

  it('answers only in the 1:1 chat: its links are for the person asking', async () => {
    const adapter = new TestAdapter(async (context) => composed.bot.run(context));
    const channel = { ...fromTeams(head), conversation: { id: '19:asv@thread.tacv2', conversationType: 'channel', tenantId: TEST_TENANT_ID, isGroup: true } };
    await adapter
      .send({ type: 'message', text: 'reporte', ...channel, locale: 'es-MX' } as Partial<Activity>)
      .assertReply((activity) => expect(activity.text).toMatch(/chat personal/));
  });

  it('Descargar answers with the same report holding personal XLSX and CSV links that the bot serves', async () => {
    const answer = await clickCard(composed.bot, head, 'report-download', { kind: 'range', firstDay: today, lastDay: today });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const xlsx = openUrl(answer.value, 'Hoja de cálculo (XLSX)');
    const csv = openUrl(answer.value, 'CSV');
    expect(new URL(xlsx).searchParams.get('p')).toBe(head.id);
    const spreadsheet = await fetchLink(xlsx);
    expect(spreadsheet.status).toBe(200);
    expect(spreadsheet.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(spreadsheet.headers['cache-control']).toBe('private, no-store');
    const text = await fetchLink(csv);
    expect(text.status).toBe(200);
    expect(text.body.split('\r\n').filter(Boolean)).toHaveLength(1 + 5);
    // The same link opened by someone who changes the person in it: refused.
    const forged = new URL(xlsx);
    forged.searchParams.set('p', people.asv.id);
    expect((await fetchLink(forged.toString())).status).toBe(403);
    expect((await fetchLink(`${baseUrl}/documentos?d=x`)).status).toBe(400);
  });

  it('refuses Descargar to whoever may not see reports, and to data that is not a period', async () => {
    expect(await clickCard(composed.bot, people.requester, 'report-download', { kind: 'range', firstDay: today, lastDay: today })).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: 'Solo la jefatura del departamento y los ASV pueden consultar los reportes.',
    });
    expect((await clickCard(composed.bot, head, 'report-download', { kind: 'range', firstDay: '2026-13-01', lastDay: today })).type).toBe('application/vnd.microsoft.activity.message');
    expect((await clickCard(composed.bot, head, 'report-download', { kind: 'constructor', firstDay: today, lastDay: today })).type).toBe('application/vnd.microsoft.activity.message');
  });

  it('gives a request’s record to its own requester and to staff (expediente <folio>), and not to anyone else', async () => {
    for (const person of [people.requester, people.asv, people.dau]) {
      const [card] = cardsOf(await say(composed.bot, person, `expediente ${rejected.folio.toLowerCase()}`));
      expect(JSON.stringify(card)).toContain(`Expediente ${rejected.folio}`);
      const page = await fetchLink(openUrl(card, 'Ver expediente'));
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain(`Expediente de la solicitud ${rejected.folio}`);
      expect(page.body).toContain('**Sala** [ocupada](http://x.example)');
      const pdf = await fetchLink(openUrl(card, 'Descargar PDF'));
      expect(pdf.status).toBe(200);
      expect(pdf.body.startsWith('%PDF-')).toBe(true);
    }
    expect(await say(composed.bot, people.stranger, `expediente ${rejected.folio}`)).toEqual([`No encontré la solicitud ${rejected.folio}, o no es suya.`]);
    expect(await say(composed.bot, people.requester, 'expediente')).toEqual(['Escriba el folio de la solicitud: «expediente VC-2026-0042».']);
    const [english] = cardsOf(await say(composed.bot, people.requester, `record ${rejected.folio}`, 'en-US'));
    expect((await fetchLink(openUrl(english, 'View record'))).body).toContain(`Record of request ${rejected.folio}`);
  });

  it('answers Expediente on the request card with the record card for the clicker, and a way back', async () => {
    const answer = await clickCard(composed.bot, people.asv, 'record', { requestId: rejected.id, version: rejected.version });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = answer.value as Card;
    expect(new URL(openUrl(card, 'Ver expediente')).searchParams.get('p')).toBe(people.asv.id);
    expect(card.actions?.find((action) => action.type === 'Action.Execute')).toMatchObject({ verb: 'refresh', data: { requestId: rejected.id, version: rejected.version } });
    expect(await clickCard(composed.bot, people.stranger, 'record', { requestId: rejected.id, version: rejected.version })).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
  });
});
