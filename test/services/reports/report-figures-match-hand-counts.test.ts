import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parsePeriod } from '../../../services/reports/report-period.js';
import type { ReportFigures } from '../../../services/reports/report-service.js';
import { openClockedDesk } from '../../support/report-fixture.js';
import { seedMarch2026 } from '../../support/report-scenario.js';
import { people } from '../../support/service-desk-fixture.js';

const ZONE = 'America/Mexico_City';
const march = () => {
  const parsed = parsePeriod('mes 2026-03', new Date(), ZONE);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.period;
};

const mx = (local: string) => `${local}:00-06:00`;

/**
 * After the events (issue 12 §1), by hand: A (20 Mar 10–12) held with a connection and an audio
 * incident, rated 5; B (27 Mar 10–14) not held, a room incident, rated 2; C (25 Mar 10–11) first
 * recorded as held as planned, then corrected to one video incident (only the correction counts),
 * rated 4; H (registered in February: outside the period) rated 1. So March: 3 ratings, average
 * 11/3, 4 or 5: 2 of 3; 3 delivery records, 1 not held; incidents connection 1, audio 1, video 1,
 * room 1, other 0.
 */
async function afterTheEvents(desk: Awaited<ReturnType<typeof openClockedDesk>>, made: Awaited<ReturnType<typeof seedMarch2026>>): Promise<void> {
  const { command } = desk;
  await command(mx('2026-03-20T13:00'), made.A!, {
    type: 'record-delivery',
    outcome: 'held-with-incidents',
    actualStart: new Date(mx('2026-03-20T10:05')),
    actualEnd: new Date(mx('2026-03-20T12:00')),
    incidents: [
      { kind: 'connection', text: 'Se cayó el enlace dos minutos' },
      { kind: 'audio', text: 'Eco en la sede remota' },
    ],
  });
  await command(mx('2026-03-23T09:00'), made.A!, { type: 'rate', rating: 5, comment: 'Excelente' }, people.requester);
  await command(mx('2026-03-27T15:00'), made.B!, { type: 'record-delivery', outcome: 'not-held', incidents: [{ kind: 'room', text: 'La sala estaba ocupada' }] });
  await command(mx('2026-03-30T09:00'), made.B!, { type: 'rate', rating: 2 }, people.requester);
  await command(mx('2026-03-25T12:00'), made.C!, { type: 'record-delivery', outcome: 'held-as-planned', actualStart: new Date(mx('2026-03-25T10:00')), actualEnd: new Date(mx('2026-03-25T11:00')) });
  await command(mx('2026-03-25T12:30'), made.C!, {
    type: 'record-delivery',
    outcome: 'held-with-incidents',
    actualStart: new Date(mx('2026-03-25T10:00')),
    actualEnd: new Date(mx('2026-03-25T11:00')),
    incidents: [{ kind: 'video', text: 'La cámara PTZ no respondía' }],
  });
  await command(mx('2026-03-26T10:00'), made.C!, { type: 'rate', rating: 4 }, people.requester);
  await command(mx('2026-03-13T10:00'), made.H!, { type: 'rate', rating: 1 }, people.requester);
}

/**
 * The report of March 2026 over the requests of `seedMarch2026` (test/support/report-scenario.ts,
 * whose table gives each request's story), every figure worked out by hand beforehand: durations
 * in business hours across weekends, the rest day of Monday 16 March and a zone without daylight
 * saving, a wait answered one minute before its deadline and one that timed out.
 */
describe('the report of a month, against figures counted by hand', () => {
  let desk: Awaited<ReturnType<typeof openClockedDesk>>;
  let figures: ReportFigures;

  beforeAll(async () => {
    desk = await openClockedDesk(import.meta.url);
    const made = await seedMarch2026(desk);
    await afterTheEvents(desk, made);
    figures = await desk.documents.reports.figures(march());
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('counts the requests registered in the period, by service and by status now, and leaves out the days around it', () => {
    expect(figures.registered).toBe(9);
    expect(figures.byService).toEqual({ VC: 6, TC: 2, NC: 1, none: 0 });
    expect(figures.byStatus).toEqual({
      Registro: 2,
      'En Proceso': 1,
      'Pendiente por el usuario': 0,
      Espera: 0,
      Terminada: 3,
      'No Procede': 2,
      Cancelada: 1,
    });
    expect(figures.finished).toBe(3);
    expect(figures.noProcede).toBe(3);
    expect(figures.cancelled).toBe(1);
    expect(figures.daily).toEqual(
      ['2026-03-03', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-13', '2026-03-14', '2026-03-19', '2026-03-30', '2026-03-31'].map((day) => ({ day, n: 1 })),
    );
  });

  it('gives the median and 90th percentile of the business hours to Terminada (48, 48, 54: weekend and rest day left out)', () => {
    expect(figures.hoursToClose.count).toBe(3);
    expect(figures.hoursToClose.median).toBeCloseTo(48, 6);
    // PERCENTILE.INC over 48, 48, 54: rank 0.9 × 2 = 1.8 → 48 + 0.8 × 6.
    expect(figures.hoursToClose.p90).toBeCloseTo(52.8, 6);
  });

  it('gives the business hours spent in each status, over the requests that left it', () => {
    const byStatus = Object.fromEntries(figures.statusTime.map((row) => [row.status, row]));
    expect(byStatus.Registro).toMatchObject({ requests: 7 });
    expect(byStatus.Registro!.hours).toBeCloseTo(8, 6);
    expect(byStatus['En Proceso']).toMatchObject({ requests: 7 });
    expect(byStatus['En Proceso']!.hours).toBeCloseTo(46 + 46 + 53 + (53.5 + 9 + 1 / 60 + 96 + 10) + 1 + 1 + 0.5, 6);
    expect(byStatus['Pendiente por el usuario']).toMatchObject({ requests: 2 });
    expect(byStatus['Pendiente por el usuario']!.hours).toBeCloseTo(9 + 24 + 14 + 59 / 60 + (12 + 24 + 12 + 30 / 3600), 6);
    expect(byStatus['Pendiente por el usuario']!.meanHours).toBeCloseTo((95 + 59 / 60 + 30 / 3600) / 2, 6);
    expect(byStatus.Espera).toMatchObject({ requests: 1, hours: 24, meanHours: 24 });
    expect(byStatus['No Procede']).toMatchObject({ requests: 1 });
    expect(byStatus['No Procede']!.hours).toBeCloseTo(12 - 30 / 3600 + 10, 6);
  });

  it('gives the information requests answered within the 48 business hours (one at the last minute) and the one that timed out', () => {
    expect(figures.waits).toEqual({ n: 2, onTime: 1, late: 0, timedOut: 1, open: 0, answeredInTimeShare: 0.5 });
  });

  it('ranks the No Procede reasons, the same reason however it was typed', () => {
    expect(figures.reasons.map(({ key, count, timeout }) => ({ key, count, timeout }))).toEqual([
      { key: 'no hay sala disponible en la fecha solicitada', count: 2, timeout: false },
      { key: 'timeout', count: 1, timeout: true },
    ]);
    expect(['No hay sala disponible en la fecha solicitada.', 'no hay sala disponible en la fecha solicitada']).toContain(figures.reasons[0]!.text);
  });

  it("gives each ASV's open, finished and not viable requests", () => {
    expect(figures.asvs).toEqual([
      { id: people.asv.id, name: people.asv.name, open: 2, finished: 3, notViable: 1 },
      { id: people.asv2.id, name: people.asv2.name, open: 1, finished: 0, notViable: 2 },
    ]);
  });

  it("gives each resource's events in the period and their share of its 504 business hours (21 working days)", () => {
    expect(figures.periodBusinessHours).toBe(21 * 24);
    const byId = Object.fromEntries(figures.resources.map((resource) => [resource.id, resource]));
    expect(byId['sala-vc-1']).toMatchObject({ bookings: 3, hours: 7 });
    expect(byId['sala-vc-1']!.utilisation).toBeCloseTo(7 / 504, 9);
    expect(byId['tec-ana']).toMatchObject({ bookings: 3, hours: 7 });
    // A's event and H's: H was registered in February, its event is in March.
    expect(byId['mcu-1']).toMatchObject({ bookings: 2, hours: 4 });
    // D's booking was released when it went No Procede.
    expect(byId['sala-vc-2']).toMatchObject({ bookings: 0, hours: 0, utilisation: 0 });
    expect(figures.resources).toHaveLength(11);
  });

  it('gives the requesters’ satisfaction (average, share of 4 or 5) and the delivery records (not held, incidents by kind; a correction replacing the record)', () => {
    expect(figures.satisfaction.ratings).toBe(3);
    expect(figures.satisfaction.average).toBeCloseTo(11 / 3, 9);
    expect(figures.satisfaction.highShare).toBeCloseTo(2 / 3, 9);
    expect(figures.delivery).toEqual({ recorded: 3, notHeld: 1, incidents: { connection: 1, audio: 1, video: 1, room: 1, other: 0 } });
  });

  it('follows a later change: the report after another change counts it', async () => {
    const g = (await desk.requests.search({ status: 'En Proceso' })).items.find((item) => item.service === 'TC')!;
    await desk.command('2026-04-01T10:00:00-06:00', g, { type: 'reject', reasons: 'Duplicada' }, people.asv2);
    const again = await desk.documents.reports.figures(march());
    expect(again.byStatus['En Proceso']).toBe(0);
    expect(again.byStatus['No Procede']).toBe(3);
    expect(again.reasons.find((reason) => reason.key === 'duplicada')?.count).toBe(1);
    expect(again.asvs.find((asv) => asv.id === people.asv2.id)).toMatchObject({ open: 0, notViable: 3 });
  });

  it('counts the same with the summaries rebuilt from nothing and facts computed afresh (stored requests before the reports existed)', async () => {
    await desk.db.collection('report_state').deleteMany({});
    await desk.db.collection('requests').updateMany({}, { $unset: { reportFacts: '' } });
    const rebuilt = await desk.documents.reports.figures(march());
    expect(rebuilt.registered).toBe(9);
    expect(rebuilt.hoursToClose.p90).toBeCloseTo(52.8, 6);
    expect(rebuilt.waits.onTime).toBe(1);
    expect(rebuilt.resources.find((resource) => resource.id === 'sala-vc-1')).toMatchObject({ bookings: 3, hours: 7 });
    expect(rebuilt.satisfaction).toEqual(figures.satisfaction);
    expect(rebuilt.delivery).toEqual(figures.delivery);
  });
});
