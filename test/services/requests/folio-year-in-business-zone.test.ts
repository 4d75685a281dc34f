import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { RequestService } from '../../../services/requests/request-service.js';
import { RequestStore } from '../../../services/requests/request-store.js';
import { requestModels } from '../../../services/store/request-documents.js';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

describe('a registration at 23:59 of 31 December in Mexico City (already 1 January in UTC)', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  it('gets a folio of the local year', async () => {
    const zone = 'America/Mexico_City';
    const now = DateTime.fromISO('2026-12-31T23:59:00', { zone }).toJSDate();
    expect(now.getUTCFullYear()).toBe(2027);
    const service = new RequestService({
      store: new RequestStore(requestModels(fixture.database.connection)),
      context: () => ({ now, waitWindow: (start) => ({ remindAt: start, deadline: start }), isAsv: (person) => fixture.desk.roles.rolesOf(person).includes('ASV'), timeZone: zone, ratingWindow: (end) => ({ remindAt: end, closesAt: end }) }),
      folioYear: (at) => DateTime.fromJSDate(at, { zone }).year,
      timeZone: zone,
    });
    const result = await service.register(registration(), fixture.actor(people.hd), commandId());
    expect(result).toMatchObject({ outcome: 'applied', request: { folio: 'VC-2026-0001' } });
  });
});
