import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verbsOf, visibleText } from '../cards/card-assertions.js';
import { completeVideoconferenceFormAsking, futureDateOn, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bug: checking availability again after booking said "Horario disponible [Agendar este horario]"
 * for the very slot the request had booked (its own booking does not block it), inviting a second
 * booking instead of showing the one made.
 */
describe('availability of a request whose booking is the slot asked', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  });
  afterAll(async () => fixture.close());

  it('says it is booked, with the booking’s facts, and offers no button to book that slot again', async () => {
    const wednesday = futureDateOn(3);
    const asked = slot(wednesday, '10:00', '12:00', { equipmentIds: ['mcu-1'] });
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const asv = fixture.actor(people.asv);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv, commandId('take'));
    const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', completeVideoconferenceFormAsking(asked), asv, commandId('form'), { locale: 'es' });
    expect(saved).toMatchObject({ outcome: 'applied', request: { form: { complete: true } } });
    const bot = botOnDesk(fixture, config);

    const before = await clickCard(bot, people.asv, 'check-availability', { requestId: registered.request.id, version: saved.outcome === 'applied' ? saved.request.version : 0 });
    expect(visibleText(before.value)).toContain('Horario disponible');
    expect(verbsOf(before.value as never)).toContain('book');

    const booked = await fixture.desk.agenda.book(registered.request.id, asked, asv, commandId('book'));
    if (!booked.ok) throw new Error(JSON.stringify(booked.failure));

    const after = await clickCard(bot, people.asv, 'check-availability', { requestId: booked.request.id, version: booked.request.version });
    const text = visibleText(after.value);
    expect(text).toContain('Ya está agendado para esta solicitud');
    expect(text).not.toContain('Horario disponible');
    expect(text).toContain('Evento: FI – Seminario de redes');
    expect(text).toContain('Sala: Sala de Videoconferencia 1');
    expect(text).toContain('Equipo: MCU / puente de videoconferencia');
    expect(text).toContain('Personal técnico: Ana Robles (técnica)');
    expect(text).toMatch(/Cuándo: .*10:00.*12:00/);
    const bookings = JSON.stringify(after.value).match(/"verb":"book"/g) ?? [];
    expect(bookings).toHaveLength(0);
    expect(JSON.stringify(after.value)).not.toContain(asked.start.toISOString());
  });
});
