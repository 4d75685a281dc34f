import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { AdaptiveCard } from '../../cards/render-card.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { expectWellFormedCard, inputById, inputsOf, visibleText } from '../cards/card-assertions.js';
import { seedCatalogue } from '../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

const issueText =
  'Videoconferencia mañana de 10 a 12 hrs en la sala 2, enlace con la UNAM por SIP sip:sala@unam.mx, unas 40 personas, favor de grabar la sesión';

/** What an input shows as its label (a toggle shows its title). */
const labelOf = (card: unknown, id: string) => String(inputById(card, id).label ?? inputById(card, id).title);

/** The values of every input of the card, as Teams submits them when the ASV presses Save. */
function submittedInputs(card: unknown): Record<string, unknown> {
  return Object.fromEntries(inputsOf(card).filter((input) => input.value !== undefined && input.value !== '').map((input) => [String(input.id), String(input.value)]));
}

describe('the service form, opened on a request whose text says the date, times, room, remote site and participants', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    await fixture.desk.agenda.loadCatalogue(seedCatalogue());
  });
  afterAll(async () => fixture.close());

  async function takenRequest(description: string, service: 'VC' | 'TC' | 'NC' = 'VC', siglas = 'fq'): Promise<ServiceRequest> {
    const registered = await fixture.desk.requests.register(
      registration({ description, service, dependencia: { name: 'Facultad de Química', siglas } }),
      fixture.actor(people.hd),
      commandId('register'),
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const taken = await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    if (taken.outcome !== 'applied') throw new Error(taken.outcome);
    return taken.request;
  }

  const tomorrowOf = (request: ServiceRequest) => DateTime.fromJSDate(request.createdAt, { zone: config.calendar.timeZone }).plus({ days: 1 }).toISODate();

  it('fills what the text says, marks each guess for the ASV to confirm, and stores nothing', async () => {
    const request = await takenRequest(issueText);
    const opened = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version })).value as AdaptiveCard;
    expectWellFormedCard(opened);
    const guessed = {
      date: tomorrowOf(request),
      startTime: '10:00',
      endTime: '12:00',
      localRoom: 'sala-vc-2',
      'remoteSites.0.dialAddress': 'sip:sala@unam.mx',
      'remoteSites.0.protocol': 'SIP',
      expectedParticipants: 40,
      recording: 'true',
    };
    for (const [id, value] of Object.entries(guessed)) {
      expect({ id, value: inputById(opened, id).value, label: labelOf(opened, id).endsWith('(sugerido: confirme)') }).toEqual({ id, value, label: true });
    }
    for (const id of ['programName', 'siglas', 'dependenciaName', 'remoteSites.0.institution', 'bandwidthKbps']) expect(labelOf(opened, id)).not.toContain('sugerido');
    expect(inputById(opened, 'siglas').value).toBe('FQ');
    expect(visibleText(opened)).toContain('se llenaron con lo que dice el texto de la solicitud');
    const stored = await fixture.desk.requests.get(request.id);
    expect(stored?.form).toBeNull();
    expect(stored?.version).toBe(request.version);
  });

  it('speaks English to an English-speaking ASV', async () => {
    const request = await takenRequest(issueText);
    const opened = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version }, 'en-US')).value as AdaptiveCard;
    expect(inputById(opened, 'startTime').value).toBe('10:00');
    expect(labelOf(opened, 'startTime')).toMatch(/\(suggested: please confirm\)$/);
    expect(labelOf(opened, 'remoteSites.0.dialAddress')).toMatch(/\(suggested: please confirm\)$/);
    expect(visibleText(opened)).toContain("were filled from the request's text");
    expect(visibleText(opened)).not.toContain('sugerido');
  });

  it('stores what the ASV saves, and once saved opens with it, unmarked and without guessing again', async () => {
    const request = await takenRequest(issueText);
    const bot = botOnDesk(fixture, config);
    const opened = (await clickCard(bot, people.asv, 'open-form', { requestId: request.id, version: request.version })).value as AdaptiveCard;
    const inputs = { ...submittedInputs(opened), expectedParticipants: '35', endTime: '' };
    await clickCard(bot, people.asv, 'save-form', { requestId: request.id, version: request.version, ...inputs });
    const saved = await fixture.desk.requests.get(request.id);
    expect(saved?.form?.data).toMatchObject({ date: tomorrowOf(request), startTime: '10:00', expectedParticipants: 35, localRoom: 'sala-vc-2', recording: true });
    expect(saved?.form?.data).not.toHaveProperty('endTime');
    expect((saved?.form?.data.remoteSites as unknown[])[0]).toMatchObject({ dialAddress: 'sip:sala@unam.mx', protocol: 'SIP' });
    const reopened = (await clickCard(bot, people.asv, 'open-form', { requestId: request.id, version: saved!.version })).value as AdaptiveCard;
    expect(inputById(reopened, 'expectedParticipants').value).toBe(35);
    expect(inputById(reopened, 'endTime').value ?? '').toBe('');
    expect(visibleText(reopened)).not.toContain('sugerido');
  });

  it('never replaces what the registration captured', async () => {
    const request = await takenRequest('Solicitud de la FI (FI): videoconferencia el próximo jueves de 9 a 11', 'VC', 'fq');
    const opened = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version })).value as AdaptiveCard;
    expect(inputById(opened, 'siglas').value).toBe('FQ');
    expect(labelOf(opened, 'siglas')).not.toContain('sugerido');
    expect(inputById(opened, 'startTime').value).toBe('09:00');
  });

  it('fills the netconference form’s own fields', async () => {
    const request = await takenRequest('Webinar por Zoom el próximo jueves de 16 a 18 hrs, transmisión en vivo, 200 asistentes', 'NC');
    const opened = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version })).value as AdaptiveCard;
    expect(inputById(opened, 'platform').value).toBe('Zoom');
    expect(labelOf(opened, 'platform')).toContain('(sugerido: confirme)');
    expect(inputById(opened, 'liveStreaming').value).toBe('true');
    expect(inputById(opened, 'expectedParticipants').value).toBe(200);
    expect(visibleText(opened)).not.toContain('otro servicio');
  });

  it('says when the text seems to ask for another service', async () => {
    const request = await takenRequest('Teleconferencia con la oficina de Madrid el próximo jueves de 16 a 18 hrs', 'VC');
    const opened = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version })).value as AdaptiveCard;
    expect(visibleText(opened)).toContain('El texto de la solicitud parece pedir otro servicio: Teleconferencia.');
    const english = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version }, 'en-US')).value as AdaptiveCard;
    expect(visibleText(english)).toContain("The request's text seems to ask for another service: Teleconference.");
  });

  it('opens as before when the text says nothing plainly', async () => {
    const request = await takenRequest('Adjunto oficio con los detalles del evento, tel. 55 5622 1234 ext. 4455');
    const opened = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version })).value as AdaptiveCard;
    expect(visibleText(opened)).not.toContain('sugerido');
    expect(inputById(opened, 'date').value ?? '').toBe('');
    expect(inputById(opened, 'expectedParticipants').value ?? '').toBe('');
  });
});
