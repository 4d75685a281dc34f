import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { openClockedDesk } from '../../support/report-fixture.js';
import { people } from '../../support/service-desk-fixture.js';

describe('records are kept: requests of earlier years stay findable and printable', () => {
  let desk: Awaited<ReturnType<typeof openClockedDesk>>;
  let old: ServiceRequest;

  beforeAll(async () => {
    desk = await openClockedDesk(import.meta.url);
    old = await desk.register('2024-05-06T10:00:00-06:00', { service: 'VC', dependencia: 'Instituto de Ingeniería', siglas: 'II' });
    old = await desk.command('2024-05-06T11:00:00-06:00', old, { type: 'take' });
    old = await desk.command('2024-05-07T11:00:00-06:00', old, { type: 'reject', reasons: 'Evento suspendido' });
    old = await desk.command('2024-05-08T11:00:00-06:00', old, { type: 'cancel' }, people.dau);
    await desk.register('2026-03-03T10:00:00-06:00', { service: 'VC' });
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('finds a request of 2024 by its folio (any case) and by its words, and prints its whole record', async () => {
    expect(old.folio).toBe('VC-2024-0001');
    expect((await desk.requests.getByFolio('vc-2024-0001'))?.id).toBe(old.id);
    expect((await desk.requests.search({ text: 'instituto ingenieria' })).items.map((item) => item.folio)).toEqual(['VC-2024-0001']);
    const view = (await desk.documents.records.view(old.id, 'es'))!;
    expect(view.history.rows.map((row) => row[4])).toEqual(['— → Registro', 'Registro → En Proceso', 'En Proceso → No Procede', 'No Procede → Cancelada']);
    expect(view.history.rows[0]![1]).toBe('2024-05-06 10:00:00');
  });

  it('keeps no expiry on the collections the record is made of', async () => {
    for (const name of ['requests', 'request_events', 'effect_deliveries', 'bookings', 'inbound_mail']) {
      const indexes = await desk.db.collection(name).indexes().catch(() => []);
      expect(indexes.filter((index) => index.expireAfterSeconds !== undefined)).toEqual([]);
    }
  });

  it('counts it in the report of its own year only', async () => {
    const figures = await desk.documents.reports.figures({
      kind: 'year',
      firstDay: '2024-01-01',
      lastDay: '2024-12-31',
      from: new Date('2024-01-01T00:00:00-06:00'),
      to: new Date('2025-01-01T00:00:00-06:00'),
    });
    expect(figures.registered).toBe(1);
    expect(figures.cancelled).toBe(1);
    expect(figures.reasons).toEqual([{ key: 'evento suspendido', text: 'Evento suspendido', timeout: false, count: 1 }]);
  });
});
