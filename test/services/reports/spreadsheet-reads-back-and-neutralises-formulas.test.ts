import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { neutralise } from '../../../services/reports/report-export.js';
import { linkQuery, openClockedDesk } from '../../support/report-fixture.js';
import { seedMarch2026 } from '../../support/report-scenario.js';
import { people } from '../../support/service-desk-fixture.js';

const head = { id: 'head-1', name: 'Hugo Estrada', email: 'head@uni.example' };

/** Downloads a period's spreadsheet through a link signed for the head of department. */
async function download(desk: Awaited<ReturnType<typeof openClockedDesk>>, format: 'xlsx' | 'csv', locale: 'es' | 'en' = 'es') {
  const links = desk.documents.reportLinks({ firstDay: '2026-03-01', lastDay: '2026-03-31' }, head.id, locale)!;
  const answer = await desk.documents.serve(linkQuery(links[format].url));
  expect(answer.status).toBe(200);
  return answer;
}

/** CSV text as rows of fields (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += character;
  }
  return rows;
}

describe("the period's spreadsheet", () => {
  let desk: Awaited<ReturnType<typeof openClockedDesk>>;

  beforeAll(async () => {
    desk = await openClockedDesk(import.meta.url);
    await seedMarch2026(desk);
    // Text that a spreadsheet would take as a formula, in every column people type.
    const hostile = await desk.register('2026-03-20T09:00:00-06:00', { service: 'VC', dependencia: '=HYPERLINK("http://evil.example","clic")', assignee: { id: people.asv2.id, name: '@Beatriz' } });
    const taken = await desk.command('2026-03-20T09:10:00-06:00', hostile, { type: 'take' }, people.asv2);
    await desk.command('2026-03-20T09:20:00-06:00', taken, { type: 'reject', reasons: '-2+3 y +cmd|calc' }, people.asv2);
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('neutralises text that starts with =, +, -, @, a tab or a carriage return', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'].map(neutralise)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1"]);
    expect(neutralise('Facultad de Ingeniería')).toBe('Facultad de Ingeniería');
  });

  it('reads back (exceljs) with one row per request of the period: folio, dates, service, dependencia, status, ASV, hours, reason', async () => {
    const answer = await download(desk, 'xlsx');
    expect(answer.headers?.['Content-Type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.headers?.['Content-Disposition']).toMatch(/^attachment; filename="reporte-2026-03-01_2026-03-31-\d{8}T\d{4}\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Solicitudes')!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      'Folio',
      'Registrada (America/Mexico_City)',
      'Terminada o No Procede (America/Mexico_City)',
      'Servicio',
      'Dependencia',
      'Siglas',
      'Estado',
      'ASV',
      'Horas hábiles hasta Terminada',
      'Motivo de No Procede',
      'Calificación (1 a 5)',
      'Cómo fue el evento',
      'Incidentes',
    ]);
    expect(sheet.rowCount).toBe(1 + 10);
    const rows = Array.from({ length: 10 }, (_, index) => values(index + 2));
    // Oldest first: A (3 Mar 10:00, finished 5 Mar 10:00 after 48 business hours).
    expect(rows[0]).toEqual([
      'VC-2026-0002',
      new Date(Date.UTC(2026, 2, 3, 10, 0)),
      new Date(Date.UTC(2026, 2, 5, 10, 0)),
      'Videoconferencia',
      'Facultad de Ingeniería',
      'FI',
      'Terminada',
      'Arturo Sánchez',
      48,
    ]);
    const byFolio = new Map(rows.map((row) => [row[0], row]));
    const c = rows.find((row) => (row[1] as Date).getTime() === Date.UTC(2026, 2, 13, 12, 0))!;
    expect(c[8]).toBe(54);
    const e = rows.find((row) => (row[1] as Date).getTime() === Date.UTC(2026, 2, 10, 10, 0))!;
    expect(e.slice(6)).toEqual(['Cancelada', 'Beatriz Valdés', undefined, 'Sin respuesta del solicitante dentro del plazo en horas hábiles']);
    expect(byFolio.size).toBe(10);
    const hostile = rows.find((row) => String(row[4]).includes('HYPERLINK'))!;
    expect(hostile[4]).toBe('\'=HYPERLINK("http://evil.example","clic")');
    expect(hostile[7]).toBe("'@Beatriz");
    expect(hostile[9]).toBe("'-2+3 y +cmd|calc");
    // No cell of the workbook is a formula.
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('as CSV: the same rows, quoted, UTF-8 with a byte-order mark, formulas neutralised, in English on an English link', async () => {
    const answer = await download(desk, 'csv', 'en');
    expect(answer.headers?.['Content-Type']).toBe('text/csv; charset=utf-8');
    const text = (answer.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]![0]).toBe('Folio');
    expect(rows[0]![4]).toBe('Faculty or office');
    expect(rows).toHaveLength(11);
    expect(rows[1]).toEqual(['VC-2026-0002', '2026-03-03 10:00', '2026-03-05 10:00', 'Videoconference', 'Facultad de Ingeniería', 'FI', 'Terminada', 'Arturo Sánchez', '48', '', '', '', '']);
    const hostile = rows.find((row) => row[4]!.includes('HYPERLINK'))!;
    expect(hostile[4]!.startsWith("'=")).toBe(true);
    expect(hostile[9]).toBe("'-2+3 y +cmd|calc");
    expect(rows.every((row) => row.every((field) => !/^[=+\-@]/.test(field)))).toBe(true);
  });
});
