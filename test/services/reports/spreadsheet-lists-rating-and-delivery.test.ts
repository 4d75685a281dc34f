// The period's spreadsheet (issue 12 §1): each request's rating, how its event went and its
// incidents by kind, in the language of the link, as columns after the No Procede reason.
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { writeCsv, writeXlsx } from '../../../services/reports/report-export.js';
import type { ReportRow } from '../../../services/reports/report-service.js';

const row: ReportRow = {
  folio: 'VC-2026-0042',
  registeredAt: new Date('2026-03-03T16:00:00Z'),
  closedAt: new Date('2026-03-05T16:00:00Z'),
  service: 'VC',
  dependencia: 'Facultad de Ingeniería',
  siglas: 'FI',
  status: 'Terminada',
  asv: 'Arturo Sánchez',
  hoursToClose: 48,
  reason: null,
  rating: 4,
  delivery: 'held-with-incidents',
  incidents: { audio: 1, room: 2 },
};
const unrated: ReportRow = { ...row, folio: 'VC-2026-0043', rating: null, delivery: null, incidents: {} };

async function* rows(): AsyncGenerator<ReportRow> {
  yield row;
  yield unrated;
}

describe('the rating and delivery columns', () => {
  it('in the XLSX: the rating as a number, the outcome and the incidents in words', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeXlsx(rows(), { locale: 'es', timeZone: 'America/Mexico_City', generatedAt: new Date() })) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Solicitudes')!;
    expect((sheet.getRow(1).values as unknown[]).slice(11)).toEqual(['Calificación (1 a 5)', 'Cómo fue el evento', 'Incidentes']);
    expect((sheet.getRow(2).values as unknown[]).slice(11)).toEqual([4, 'Se realizó con incidentes', 'Audio: 1; Sala: 2']);
    expect((sheet.getRow(3).values as unknown[]).slice(11)).toEqual([]);
  });

  it('in the CSV, in English', async () => {
    const text = (await writeCsv(rows(), { locale: 'en', timeZone: 'America/Mexico_City', generatedAt: new Date() })).toString('utf8');
    const [header, first, second] = text.slice(1).trim().split(/\r?\n/);
    expect(header!.endsWith('"Rating (1 to 5)","How the event went","Incidents"')).toBe(true);
    expect(first!.endsWith(',4,"Held with incidents","Audio: 1; Room: 2"')).toBe(true);
    expect(second!.endsWith(',48,,,,')).toBe(true);
  });
});
