import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { requestModels } from '../../../services/store/request-documents.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';
import { videoconferenceData } from '../forms/form-fixtures.js';
import { seedCatalogue } from '../../support/agenda-fixture.js';

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url);
  await fixture.desk.agenda.loadCatalogue(seedCatalogue());
});
afterAll(async () => fixture.close());

async function registered(overrides: Parameters<typeof registration>[0] = {}) {
  const result = await fixture.desk.requests.register(registration(overrides), fixture.actor(people.hd), commandId('register'));
  if (result.outcome !== 'applied') throw new Error(`registration: ${JSON.stringify(result)}`);
  return result.request;
}

describe('registering', () => {
  it('gives a folio by service, per-year sequence, that never changes', async () => {
    const vc = await registered({ service: 'VC' });
    const unknown = await registered({ service: null });
    // The year of the registration in the business zone (not the test machine's zone: they differ on New Year's Eve).
    const year = (request: { createdAt: Date }) => DateTime.fromJSDate(request.createdAt, { zone: testConfig().calendar.timeZone }).year;
    expect(vc.folio).toMatch(new RegExp(`^VC-${year(vc)}-\\d{4}$`));
    expect(unknown.folio).toMatch(new RegExp(`^SOL-${year(unknown)}-\\d{4}$`));
    expect(Number(unknown.folio.slice(-4))).toBe(Number(vc.folio.slice(-4)) + 1);

    await fixture.desk.requests.execute(unknown.id, { type: 'take' }, fixture.actor(people.asv), commandId());
    const determined = await fixture.desk.requests.execute(unknown.id, { type: 'set-service', service: 'TC' }, fixture.actor(people.asv), commandId());
    expect(determined.outcome).toBe('applied');
    expect((await fixture.desk.requests.get(unknown.id))?.folio).toBe(unknown.folio);
    expect((await fixture.desk.requests.get(unknown.id))?.service).toBe('TC');
  });

  it('gives 15 concurrent registrations 15 different folios', async () => {
    const results = await Promise.all(
      Array.from({ length: 15 }, () => fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('burst'))),
    );
    const folios = results.map((result) => (result.outcome === 'applied' ? result.request.folio : result.outcome));
    expect(new Set(folios).size).toBe(15);
    expect(folios.every((folio) => /^VC-\d{4}-\d{4}$/.test(folio))).toBe(true);
  });

  it('stores the registration with its siglas in capitals and a history entry by HD', async () => {
    const request = await registered({ dependencia: { name: 'Facultad de Química', siglas: ' fq ' } });
    expect(request.dependencia.siglas).toBe('FQ');
    expect(request.history).toEqual([
      expect.objectContaining({ seq: 1, kind: 'register', from: null, to: 'Registro', actor: { id: people.hd.id, name: people.hd.name, role: 'HD' } }),
    ]);
  });

  it('refuses someone who is neither HD nor the requester', async () => {
    const result = await fixture.desk.requests.register(registration(), fixture.actor(people.stranger), commandId());
    expect(result).toMatchObject({ outcome: 'rejected', rejection: { code: 'not-authorised' } });
  });

  it('lets requesters register for themselves (self-service)', async () => {
    const result = await fixture.desk.requests.register(registration(), fixture.actor(people.requester), commandId());
    expect(result.outcome).toBe('applied');
    if (result.outcome === 'applied') expect(result.entry.actor.role).toBe('REQUESTER');
  });
});

describe('commands', () => {
  it('are idempotent: the same command id applied twice changes nothing the second time', async () => {
    const request = await registered();
    const id = commandId('retry');
    const first = await fixture.desk.requests.execute(request.id, { type: 'take' }, fixture.actor(people.asv), id);
    const second = await fixture.desk.requests.execute(request.id, { type: 'take' }, fixture.actor(people.asv), id);
    expect(first.outcome).toBe('applied');
    expect(second.outcome).toBe('duplicate');
    const stored = await fixture.desk.requests.get(request.id);
    expect(stored?.history.map((entry) => entry.kind)).toEqual(['register', 'take']);
    expect(await requestModels(fixture.database.connection).events.countDocuments({ requestId: request.id })).toBe(2);
  });

  it('answer "changed meanwhile" with the current request to an actor who saw an older version', async () => {
    const request = await registered();
    await fixture.desk.requests.execute(request.id, { type: 'take' }, fixture.actor(people.asv), commandId());
    const stale = await fixture.desk.requests.execute(request.id, { type: 'hold' }, fixture.actor(people.asv2), commandId(), request.version);
    expect(stale).toMatchObject({ outcome: 'changed-meanwhile', request: { status: 'En Proceso', version: 2 } });
  });

  it('record a re-assignment in the history', async () => {
    const request = await registered();
    const result = await fixture.desk.requests.execute(
      request.id,
      { type: 'reassign', assignee: people.asv2 },
      fixture.actor(people.hd),
      commandId(),
    );
    expect(result.outcome).toBe('applied');
    const stored = await fixture.desk.requests.get(request.id);
    expect(stored?.assignee.id).toBe(people.asv2.id);
    expect(stored?.status).toBe('Registro');
    expect(stored?.history.at(-1)).toMatchObject({ kind: 'reassign', actor: { role: 'HD' }, note: `${people.asv.name} → ${people.asv2.name}` });
  });
});

describe('the service form and finishing', () => {
  it('refuses invalid values (storing nothing), keeps a draft, and finishes only when complete and booked', async () => {
    const request = await registered();
    const asv = fixture.actor(people.asv);
    await fixture.desk.requests.execute(request.id, { type: 'take' }, asv, commandId());

    const invalid = await fixture.desk.requests.saveForm(request.id, 'VC', { ...videoconferenceData(), siglas: 'f!' }, asv, commandId(), { locale: 'en' });
    expect(invalid.outcome).toBe('invalid');
    if (invalid.outcome === 'invalid') {
      expect(invalid.errors.map((error) => error.path)).toEqual(['siglas']);
      expect(invalid.errors[0]?.message).toMatch(/acronym/i);
      expect(invalid.value.siglas).toBe('f!');
    }
    expect((await fixture.desk.requests.get(request.id))?.form).toBeNull();

    const partial = { programName: 'Examen de grado', siglas: 'fi' };
    const draft = await fixture.desk.requests.saveForm(request.id, 'VC', partial, asv, commandId(), { locale: 'es' });
    expect(draft.outcome).toBe('applied');
    expect('missing' in draft && draft.missing?.length).toBeGreaterThan(3);
    expect((await fixture.desk.requests.get(request.id))?.form).toMatchObject({ service: 'VC', complete: false, data: { siglas: 'FI' } });

    const blocked = await fixture.desk.requests.execute(request.id, { type: 'finish' }, asv, commandId());
    expect(blocked).toMatchObject({ outcome: 'rejected', rejection: { code: 'finish-preconditions', missing: ['form', 'booking'] } });

    const complete = await fixture.desk.requests.saveForm(request.id, 'VC', videoconferenceData(), asv, commandId(), { locale: 'es' });
    expect(complete.outcome).toBe('applied');
    const stillBlocked = await fixture.desk.requests.execute(request.id, { type: 'finish' }, asv, commandId());
    expect(stillBlocked).toMatchObject({ outcome: 'rejected', rejection: { missing: ['booking'] } });

    // The event the form asks for: 4 May 2026, 10:00–12:00 in Mexico City.
    const booking = { bookingId: 'b-1', title: 'FI – Seminario de redes', start: new Date('2026-05-04T16:00:00Z'), end: new Date('2026-05-04T18:00:00Z'), resourceIds: ['sala-1'], service: 'VC' as const };
    expect((await fixture.desk.requests.recordBooking(request.id, booking, asv, commandId())).outcome).toBe('applied');
    const finished = await fixture.desk.requests.execute(request.id, { type: 'finish', note: 'Conectarse 15 min antes' }, asv, commandId());
    expect(finished).toMatchObject({ outcome: 'applied', request: { status: 'Terminada' } });
  });
});

describe('searching', () => {
  it('filters by folio, siglas, status, assignee and free text, newest first, paged', async () => {
    const marker = `Bioética${Date.now()}`;
    const made = [];
    for (let index = 0; index < 5; index += 1) {
      made.push(await registered({ dependencia: { name: 'Facultad de Medicina', siglas: 'FMED' }, description: `Sesión ${['uno', 'dos', 'tres', 'cuatro', 'cinco'][index]} del seminario de ${marker}` }));
    }
    await fixture.desk.requests.execute(made[0]!.id, { type: 'take' }, fixture.actor(people.asv), commandId());

    const byText = await fixture.desk.requests.search({ text: marker.replace('é', 'e').toUpperCase(), pageSize: 2, page: 1 });
    expect(byText.total).toBe(5);
    expect(byText.items.map((item) => item.id)).toEqual([made[4]!.id, made[3]!.id]);
    const lastPage = await fixture.desk.requests.search({ text: marker, pageSize: 2, page: 3 });
    expect(lastPage.items.map((item) => item.id)).toEqual([made[0]!.id]);

    expect((await fixture.desk.requests.search({ folio: made[2]!.folio.toLowerCase() })).items.map((item) => item.id)).toEqual([made[2]!.id]);
    expect((await fixture.desk.requests.search({ siglas: 'fmed', status: 'En Proceso' })).items.map((item) => item.id)).toEqual([made[0]!.id]);
    expect((await fixture.desk.requests.search({ text: marker, assigneeId: people.asv2.id })).total).toBe(0);
    expect((await fixture.desk.requests.search({ text: `${marker} sesión TRES` })).items.map((item) => item.id)).toEqual([made[2]!.id]);
    expect((await fixture.desk.requests.getByFolio(made[1]!.folio))?.id).toBe(made[1]!.id);
  });
});
