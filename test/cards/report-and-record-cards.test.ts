import { describe, expect, it } from '@jest/globals';
import { documentMessagesEn, documentMessagesEs } from '../../cards/document-messages.js';
import { renderRecordCard } from '../../cards/record-card.js';
import { renderReportCard } from '../../cards/report-card.js';
import type { AdaptiveCard } from '../../cards/render-card.js';
import { actionsOf, expectWellFormedCard, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest } from './card-fixtures.js';
import { marchFigures } from './report-card-fixtures.js';

type Node = Record<string, unknown>;
function nodesOf(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodesOf);
  if (!value || typeof value !== 'object') return [];
  return [value as Node, ...Object.values(value as Node).flatMap(nodesOf)];
}
const chartsOf = (card: unknown) => nodesOf(card).filter((node) => String(node.type).startsWith('Chart.'));

/** The card as a host without charts shows it: each chart replaced by its fallback (every chart must have one). */
function withoutCharts(card: AdaptiveCard): AdaptiveCard {
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (!value || typeof value !== 'object') return value;
    const node = value as Node;
    if (String(node.type).startsWith('Chart.')) {
      expect(node.fallback).toBeDefined();
      return replace(node.fallback);
    }
    return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, replace(item)]));
  };
  return replace(card) as AdaptiveCard;
}
/** The text of a fallback table's cells, row by row. */
function tableRows(table: Node): string[][] {
  return (table.rows as Node[]).map((row) => (row.cells as Node[]).map((cell) => String(((cell.items as Node[])[0] as Node).text)));
}

describe('the report card', () => {
  const card = renderReportCard({ figures: marchFigures(), locale: 'es', timeZone: MEXICO_CITY, waitBusinessHours: 48 });

  it('is a well-formed 1.5 card with the key figures as facts, also as a host without charts shows it', () => {
    expectWellFormedCard(withoutCharts(card));
    const facts = nodesOf(card).find((node) => node.type === 'FactSet')!.facts;
    expect(facts).toEqual([
      { title: 'Registradas', value: '9' },
      { title: 'Terminadas', value: '3' },
      { title: 'No Procede (con las canceladas después)', value: '3' },
      { title: 'Canceladas', value: '1' },
      { title: 'Registro → Terminada', value: 'mediana 48.0 h · percentil 90: 52.8 h (3 terminadas)' },
      { title: 'Peticiones de información respondidas en plazo (48 h hábiles)', value: '50% (1 de 2); vencidas: 1; fuera de plazo: 0; abiertas: 0' },
      { title: 'Satisfacción del solicitante (1 a 5)', value: 'promedio 4.0; 4 o 5: 66.7%; 3 calificaciones' },
      { title: 'Registros de cómo fue el evento', value: '3; no realizados: 1; incidentes: 2' },
    ]);
  });

  it('draws each figure with a Teams chart whose fallback is a table with the same numbers', () => {
    const charts = chartsOf(card);
    expect(charts.map((chart) => chart.type)).toEqual(['Chart.VerticalBar', 'Chart.Donut', 'Chart.Line', 'Chart.HorizontalBar', 'Chart.HorizontalBar', 'Chart.HorizontalBar', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar']);
    const [service, status, daily, statusTime, reasons, incidents, asv, resources] = charts as Node[];
    const fallbackTable = (chart: Node) => nodesOf(chart.fallback).find((node) => node.type === 'Table')!;
    expect(service!.data).toEqual([{ x: 'VC', y: 6 }, { x: 'TC', y: 2 }, { x: 'NC', y: 1 }]);
    expect(tableRows(fallbackTable(service!))).toEqual([['Servicio', 'Solicitudes'], ['VC', '6'], ['TC', '2'], ['NC', '1']]);
    expect(status!.data).toEqual([
      { legend: 'Registro', value: 2 },
      { legend: 'En Proceso', value: 1 },
      { legend: 'Terminada', value: 3 },
      { legend: 'No Procede', value: 2 },
      { legend: 'Cancelada', value: 1 },
    ]);
    const line = (daily!.data as Node[])[0]!;
    expect(line.legend).toBe('Registradas');
    expect((line.values as Node[]).length).toBe(31);
    expect(tableRows(fallbackTable(daily!)).length).toBe(32);
    expect(statusTime!.data).toEqual([
      { x: 'Registro', y: 1.1 },
      { x: 'En Proceso', y: 45.1 },
      { x: 'Pendiente por el usuario', y: 48 },
      { x: 'Espera', y: 24 },
      { x: 'No Procede', y: 22 },
    ]);
    expect(tableRows(fallbackTable(reasons!))).toEqual([['Motivo', 'Solicitudes'], ['No hay sala disponible en la fecha solicitada.', '2'], ['Sin respuesta del solicitante dentro del plazo', '1']]);
    expect(incidents!.title).toBe('Incidentes por tipo');
    expect(incidents!.data).toEqual([{ x: 'Conexión', y: 1 }, { x: 'Audio', y: 1 }]);
    expect(tableRows(fallbackTable(incidents!))).toEqual([['Tipo', 'Incidentes'], ['Conexión', '1'], ['Audio', '1']]);
    expect((asv!.data as Node[]).map((series) => series.legend)).toEqual(['Abiertas', 'Terminadas', 'No Procede o canceladas']);
    expect(tableRows(fallbackTable(asv!))[1]).toEqual(['Arturo Sánchez', '2', '3', '1']);
    expect(resources!.title).toBe('Uso de los recursos (% de 504 h hábiles del periodo)');
    expect((resources!.data as Node[])[0]).toEqual({ x: 'Sala de Videoconferencia 1', y: 1.4 });
    expect(tableRows(fallbackTable(resources!))[1]).toEqual(['Sala de Videoconferencia 1', '3', '7.0', '1.4%']);
  });

  it('offers Descargar with the period, and once clicked the personal XLSX and CSV links', () => {
    expect(actionsOf(card).filter((action) => action.type === 'Action.Execute')).toEqual([
      { type: 'Action.Execute', title: 'Descargar', verb: 'report-download', data: { kind: 'month', firstDay: '2026-03-01', lastDay: '2026-03-31' } },
    ]);
    expect(actionsOf(card).some((action) => action.type === 'Action.OpenUrl')).toBe(false);
    const withLinks = renderReportCard({
      figures: marchFigures(),
      locale: 'en',
      timeZone: MEXICO_CITY,
      waitBusinessHours: 48,
      downloads: { xlsx: 'https://desk.example.edu/documentos?d=1', csv: 'https://desk.example.edu/documentos?d=2', expiresAt: new Date('2026-04-02T16:10:00Z'), minutes: 10, name: 'Hugo *Estrada*' },
    });
    expect(actionsOf(withLinks).filter((action) => action.type === 'Action.OpenUrl')).toEqual([
      { type: 'Action.OpenUrl', title: 'Spreadsheet (XLSX)', url: 'https://desk.example.edu/documentos?d=1' },
      { type: 'Action.OpenUrl', title: 'CSV', url: 'https://desk.example.edu/documentos?d=2' },
    ]);
    expect(visibleText(withLinks)).toContain('Personal links for Hugo \\*Estrada\\*: they expire at 10:10 (10 min)');
  });

  it("shows people's text as written: reasons and names escaped in the tables, braces out of chart labels", () => {
    const figures = marchFigures();
    figures.reasons = [{ key: 'x', text: '**urgente** [ver](http://evil.example) ${x} {{DATE(2026)}}', timeout: false, count: 1 }];
    const rendered = renderReportCard({ figures, locale: 'es', timeZone: MEXICO_CITY, waitBusinessHours: 48 });
    const reasons = chartsOf(rendered)[4]!;
    expect((reasons.data as Node[])[0]!.x).toBe('**urgente** [ver](http://evil.example)…');
    expect(JSON.stringify(reasons.fallback)).toContain('\\\\*\\\\*urgente\\\\*\\\\* \\\\[ver\\\\](http://evil.example) $\\\\{x\\\\} \\\\{\\\\{DATE(2026)\\\\}\\\\}');
  });

  it('says so when nothing was registered, without charts', () => {
    const figures = {
      ...marchFigures(),
      registered: 0,
      byService: { VC: 0, TC: 0, NC: 0, none: 0 },
      reasons: [],
      asvs: [],
      daily: [],
      satisfaction: { ratings: 0, average: null, highShare: null },
      delivery: { recorded: 0, notHeld: 0, incidents: { connection: 0, audio: 0, video: 0, room: 0, other: 0 } },
    };
    const empty = renderReportCard({ figures, locale: 'es', timeZone: MEXICO_CITY, waitBusinessHours: 48 });
    expect(visibleText(empty)).toContain('No se registraron solicitudes en el periodo.');
    expect(chartsOf(empty).map((chart) => chart.type)).toEqual(['Chart.HorizontalBar']);
  });

  it('stays far below the Teams size limit for a year with many ASVs, reasons and resources', () => {
    const figures = marchFigures();
    figures.period = { kind: 'year', firstDay: '2026-01-01', lastDay: '2026-12-31', from: new Date('2026-01-01T06:00:00Z'), to: new Date('2027-01-01T06:00:00Z') };
    figures.reasons = Array.from({ length: 300 }, (_, index) => ({ key: `r${index}`, text: 'x'.repeat(200), timeout: false, count: 300 - index }));
    figures.asvs = Array.from({ length: 40 }, (_, index) => ({ id: `a${index}`, name: `ASV ${index}`, open: 1, finished: 2, notViable: 0 }));
    const big = renderReportCard({ figures, locale: 'es', timeZone: MEXICO_CITY, waitBusinessHours: 48 });
    expect(JSON.stringify(big).length).toBeLessThan(60_000);
    expect((chartsOf(big)[2]!.data as Node[])[0]!.values).toHaveLength(12);
  });
});

describe('the record card', () => {
  it('gives the personal links to the HTML page and the PDF, and from the request card a way back to it', () => {
    const request = sampleRequest();
    const card = renderRecordCard({
      request,
      locale: 'es',
      timeZone: MEXICO_CITY,
      back: true,
      links: { html: 'https://desk.example.edu/documentos?d=h', pdf: 'https://desk.example.edu/documentos?d=p', expiresAt: new Date('2026-04-02T16:10:00Z'), minutes: 10, name: 'Carla Gómez' },
    });
    expectWellFormedCard(card);
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Ver expediente', url: 'https://desk.example.edu/documentos?d=h' },
      { type: 'Action.OpenUrl', title: 'Descargar PDF', url: 'https://desk.example.edu/documentos?d=p' },
      { type: 'Action.Execute', verb: 'refresh', title: 'Volver a la solicitud', data: { requestId: 'req-42', version: request.version } },
    ]);
    expect(visibleText(card)).toContain('Expediente VC-2026-0042');
    expect(visibleText(card)).toContain('vencen a las 10:10 (10 min)');
  });

  it('says downloads are off when there is no public address, with no links', () => {
    const card = renderRecordCard({ request: sampleRequest(), locale: 'en', timeZone: MEXICO_CITY, back: false, note: 'Downloads are not available.' });
    expect(card.actions ?? []).toEqual([]);
    expect(visibleText(card)).toContain('Downloads are not available.');
  });
});

describe('the document messages', () => {
  it('have the same keys and placeholders in Spanish and English', () => {
    expect(Object.keys(documentMessagesEn).sort()).toEqual(Object.keys(documentMessagesEs).sort());
    for (const [key, text] of Object.entries(documentMessagesEs)) {
      const placeholders = (value: string) => [...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      expect({ key, placeholders: placeholders(documentMessagesEn[key as keyof typeof documentMessagesEs]) }).toEqual({ key, placeholders: placeholders(text) });
    }
  });
});
