import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { visibleText } from '../cards/card-assertions.js';
import { formAskingFor, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { openGraph, type GraphHarness } from '../support/graph-harness.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

const zone = 'America/Mexico_City';
const room = 'sala-vc-1@redes.example.edu';

describe('the request card of a series booked in Microsoft 365', () => {
  const config = testConfig();
  let graph: GraphHarness;
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    graph = await openGraph();
    graph.fixture.addMailboxes(room, 'sala-vc-2@redes.example.edu', 'auditorio@redes.example.edu', 'mcu-1@redes.example.edu', 'ana.robles@redes.example.edu', 'luis.mendoza@redes.example.edu');
    fixture = await openServiceDesk(import.meta.url, { config, directory: graph.directory });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  });
  afterAll(async () => {
    await fixture.close();
    await graph.fixture.stop();
  }, 60_000);

  it('names the date the room declined, once its answers are read back', async () => {
    const asv = fixture.actor(people.asv);
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv, commandId('take'));
    const data = { programName: 'Clase de redes', siglas: 'FI', ...formAskingFor(slot('2027-09-07', '10:00', '12:00')), repeatWeekdays: ['TU'], repeatCount: 3 };
    const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', data, asv, commandId('form'), { locale: 'es' });
    if (saved.outcome !== 'applied') throw new Error(saved.outcome);
    const booked = await fixture.desk.agenda.bookOccurrences(saved.request.id, 'free', asv, commandId('free'));
    if (!booked.ok) throw new Error(JSON.stringify(booked.failure));

    const seriesId = (await fixture.desk.agenda.booking(booked.booked[0]!.bookingId!))!.series!.graphEventId!;
    const declined = graph.fixture.instances(seriesId).find((instance) => DateTime.fromISO(String(instance.originalStart), { zone }).toISODate() === '2027-09-14')!;
    graph.fixture.respond(declined.id, room, 'declined');
    await fixture.desk.agenda.refreshResponses(booked.booked[0]!.bookingId!);

    const bot = botOnDesk(fixture, config);
    const card = await clickCard(bot, people.asv, 'refresh', { requestId: booked.request.id, version: booked.request.version });
    const declines = visibleText(card.value)
      .split('\n')
      .filter((line) => line.includes('Microsoft 365'));
    expect(declines).toEqual(['⚠ mar, 14 de sep de 2027, 10:00–12:00: rechazaron la invitación de Microsoft 365: Sala de Videoconferencia 1.']);
  });
});
