import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { visibleText } from '../cards/card-assertions.js';
import { completeVideoconferenceFormAsking, futureDateOn, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bugs: before booking, the channel card named the form's room by its catalogue id ("Sala
 * sala-vc-1": the card was rendered without the catalogue when the request had no booking); and
 * availability quoted a blocking event at the time it holds its resources with set-up and
 * tear-down (09:30–12:15) instead of its own (10:00–12:00), without saying so.
 */
describe('the cards name resources and quote the blocking event’s own time', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  });
  afterAll(async () => fixture.close());

  async function withForm(programName: string, option: ReturnType<typeof slot>) {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const asv = fixture.actor(people.asv);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv, commandId('take'));
    const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', completeVideoconferenceFormAsking(option, programName), asv, commandId('form'), { locale: 'es' });
    if (saved.outcome !== 'applied') throw new Error(saved.outcome);
    return saved.request;
  }

  it('names the form’s room by its catalogue name before anything is booked', async () => {
    const request = await withForm('Seminario', slot(futureDateOn(1), '10:00', '12:00', { equipmentIds: ['mcu-1'] }));
    expect(request.booking).toBeNull();
    const card = await clickCard(botOnDesk(fixture, config), people.asv, 'refresh', { requestId: request.id, version: request.version });
    const text = visibleText(card.value);
    expect(text).toContain('Sala: Sala de Videoconferencia 1');
    expect(text).not.toContain('sala-vc-1');
  });

  it('quotes a blocking booking at its own time, and its set-up and tear-down apart', async () => {
    const date = futureDateOn(4);
    const first = await withForm('Primera', slot(date, '10:00', '12:00', { equipmentIds: ['mcu-1'] }));
    const booked = await fixture.desk.agenda.book(first.id, slot(date, '10:00', '12:00', { equipmentIds: ['mcu-1'] }), fixture.actor(people.asv), commandId('book'));
    if (!booked.ok) throw new Error(JSON.stringify(booked.failure));

    const second = await withForm('Segunda', slot(date, '11:00', '13:00', { equipmentIds: ['mcu-1'] }));
    const answer = await clickCard(botOnDesk(fixture, config), people.asv, 'check-availability', { requestId: second.id, version: second.version });
    const blockers = visibleText(answer.value)
      .split('\n')
      .filter((line) => line.includes('FI – Primera'));
    expect(blockers.length).toBeGreaterThan(0);
    for (const line of blockers) {
      expect(line).toMatch(/10:00[–-]12:00 \(con montaje y desmontaje: 09:30[–-]12:15\)/);
    }
  });
});
