import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseCatalogue } from '../../../services/agenda/resource-catalogue.js';
import { openServiceDesk } from '../../support/service-desk-fixture.js';
import { seedCatalogue } from '../../support/agenda-fixture.js';

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url);
});
afterAll(async () => fixture.close());

describe('the resource catalogue file', () => {
  it('loads the seed: rooms, a bridge, cameras and three technicians with working hours', async () => {
    const loaded = await fixture.desk.agenda.loadCatalogue(seedCatalogue());
    expect(loaded.ok).toBe(true);
    const resources = await fixture.desk.agenda.resources();
    expect(resources.filter((resource) => resource.kind === 'room')).toHaveLength(3);
    expect(resources.filter((resource) => resource.kind === 'staff').map((resource) => resource.id).sort()).toEqual(['tec-ana', 'tec-luis', 'tec-marta']);
    expect(resources.find((resource) => resource.id === 'mcu-1')).toMatchObject({ bridge: true, services: ['VC'] });
  });

  it('reports every bad entry clearly and stores nothing', async () => {
    const before = await fixture.desk.agenda.resources();
    const result = await fixture.desk.agenda.loadCatalogue({
      resources: [
        { id: 'sala-nueva', kind: 'room', name: 'Sala nueva', capacity: 8, services: ['VC'] },
        { id: 'sala-sin-cupo', kind: 'room', name: 'Sala', services: ['VC'] },
        { id: 'Cámara X', kind: 'equipment', name: 'Cámara', services: ['XX'] },
        { id: 'tec-nuevo', kind: 'staff', name: 'Técnico', services: ['TC'], workingHours: [{ days: [1], start: '18:00', end: '09:00' }] },
        { id: 'sala-nueva', kind: 'room', name: 'Duplicada', capacity: 2, services: ['NC'] },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual(
        expect.arrayContaining([
          'resources[1] "sala-sin-cupo": capacity: is required for a room',
          expect.stringMatching(/^resources\[2\] "Cámara X": id: must be 2-63 lower-case/),
          expect.stringMatching(/^resources\[2\] "Cámara X": services\.0: /),
          'resources[3] "tec-nuevo": workingHours.0.end: end must be after start',
          'resources[4] "sala-nueva": id: is used twice',
        ]),
      );
    }
    expect(await fixture.desk.agenda.resources()).toEqual(before);
  });

  it('gives staff without hours the default office hours, and saves one resource through the API', async () => {
    const parsed = parseCatalogue({ resources: [{ id: 'tec-x', kind: 'staff', name: 'X', services: ['VC'] }] });
    expect(parsed.ok && parsed.resources[0]?.workingHours).toEqual([{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }]);
    const saved = await fixture.desk.agenda.saveResource({ id: 'sala-vc-1', kind: 'room', name: 'Sala VC 1 (remodelada)', capacity: 40, services: ['VC', 'TC'] });
    expect(saved.ok).toBe(true);
    expect((await fixture.desk.agenda.resources('room')).find((room) => room.id === 'sala-vc-1')?.capacity).toBe(40);
    const refused = await fixture.desk.agenda.saveResource({ id: 'sala-vc-1', kind: 'room', name: '', capacity: 0, services: [] });
    expect(refused.ok).toBe(false);
  });
});
