import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceDeskBot } from '../../bot/service-desk-bot.js';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import type { AdaptiveCard } from '../../cards/render-card.js';
import { formStateKey } from '../../dialogs/service-form-dialogs.js';
import type { Person, ServiceType } from '../../services/requests/request-types.js';
import { inputById, visibleText } from '../cards/card-assertions.js';
import { netconferenceData, teleconferenceData, videoconferenceData } from '../services/forms/form-fixtures.js';
import { seedCatalogue } from '../support/agenda-fixture.js';
import { formAsCardInputs } from '../support/card-inputs.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;

const config = testConfig();

/** Clicks a form button as `person` and returns the card that replaces it. */
async function click(bot: ServiceDeskBot, person: Person, verb: string, data: Record<string, unknown>, locale = 'es-MX'): Promise<AdaptiveCard> {
  const answer = await clickCard(bot, person, verb, data, locale);
  expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
  return answer.value as AdaptiveCard;
}

describe('the service form dialogs', () => {
  let fixture: Fixture;
  let first: ServiceDeskBot;
  let second: ServiceDeskBot;

  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    await fixture.desk.agenda.loadCatalogue(seedCatalogue());
    first = botOnDesk(fixture, config);
    second = botOnDesk(fixture, config);
  });
  afterAll(async () => fixture.close());

  async function takenRequest(service: ServiceType): Promise<{ requestId: string; version: () => Promise<number> }> {
    const { desk, actor } = fixture;
    const registered = await desk.requests.register(registration({ service }), actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(`registration failed: ${registered.outcome}`);
    const requestId = registered.request.id;
    await desk.requests.execute(requestId, { type: 'take' }, actor(people.asv), commandId('take'));
    return { requestId, version: async () => (await desk.requests.get(requestId))!.version };
  }

  async function storedDialog(requestId: string, person: Person): Promise<Record<string, unknown> | undefined> {
    const key = formStateKey('msteams', requestId, person.id);
    return (await new MongoStorage(fixture.database.connection).read([key]))[key];
  }

  it('keeps invalid values unsaved but shown with their errors, also when another bot instance opens the form later', async () => {
    const { requestId, version } = await takenRequest('VC');
    const before = await version();
    const typed = formAsCardInputs({ programName: 'Seminario de redes', requesterEmail: 'no-es-un-correo', expectedParticipants: 40 });

    const rejected = await click(first, people.asv, 'save-form', { requestId, version: before, ...typed });
    expect(inputById(rejected, 'requesterEmail').value).toBe('no-es-un-correo');
    expect(inputById(rejected, 'programName').value).toBe('Seminario de redes');
    expect(visibleText(rejected)).toMatch(/correo/i);
    expect(await version()).toBe(before);
    expect((await fixture.desk.requests.get(requestId))?.form).toBeNull();
    expect(await storedDialog(requestId, people.asv)).toBeDefined();

    const reopened = await click(second, people.asv, 'open-form', { requestId, version: before });
    expect(inputById(reopened, 'requesterEmail').value).toBe('no-es-un-correo');
    expect(inputById(reopened, 'programName').value).toBe('Seminario de redes');
    expect(visibleText(reopened)).toContain('Se muestran los datos que escribió');
    expect(visibleText(reopened)).toMatch(/correo/i);
  });

  it('does not show one ASV what another typed and did not save', async () => {
    const { requestId, version } = await takenRequest('VC');
    await click(first, people.asv, 'save-form', { requestId, version: await version(), ...formAsCardInputs({ programName: 'Solo de Arturo', requesterEmail: 'x' }) });

    const otherView = await click(first, people.asv2, 'open-form', { requestId, version: await version() });
    expect(inputById(otherView, 'programName').value ?? '').toBe('');
    expect(visibleText(otherView)).not.toContain('Se muestran los datos que escribió');
  });

  it('saves a valid draft, waits with what the complete form lacks, and ends with the request card once complete', async () => {
    const { requestId, version } = await takenRequest('VC');
    const draft = await click(first, people.asv, 'save-form', { requestId, version: await version(), ...formAsCardInputs({ programName: 'Seminario de redes' }) });
    const stored = await fixture.desk.requests.get(requestId);
    expect(stored?.form).toMatchObject({ service: 'VC', complete: false, data: { programName: 'Seminario de redes' } });
    expect(visibleText(draft)).toContain('Formulario guardado como borrador');
    expect(visibleText(draft)).toContain('Para completar el formulario falta');
    expect(inputById(draft, 'programName').value).toBe('Seminario de redes');
    expect(await storedDialog(requestId, people.asv)).toBeDefined();

    const done = await click(second, people.asv, 'save-form', { requestId, version: await version(), ...formAsCardInputs(videoconferenceData()) });
    expect(visibleText(done)).toContain('Formulario completo y guardado');
    expect(visibleText(done)).toContain('En Proceso');
    expect((await fixture.desk.requests.get(requestId))?.form?.complete).toBe(true);
    expect(await storedDialog(requestId, people.asv)).toBeUndefined();
  });

  it('keeps what was typed when the request changed meanwhile, and saves it on the next click', async () => {
    const { requestId, version } = await takenRequest('VC');
    const stale = await version();
    await fixture.desk.requests.execute(requestId, { type: 'hold', reason: 'Esperando sala' }, fixture.actor(people.asv2), commandId('hold'));
    await fixture.desk.requests.execute(requestId, { type: 'resume' }, fixture.actor(people.asv2), commandId('resume'));

    const kept = await click(first, people.asv, 'save-form', { requestId, version: stale, ...formAsCardInputs(videoconferenceData()) });
    expect(visibleText(kept)).toContain('La solicitud cambió mientras tanto');
    expect(inputById(kept, 'programName').value).toBe('Seminario de redes');
    expect((await fixture.desk.requests.get(requestId))?.form).toBeNull();

    const saveAction = JSON.stringify(kept).match(/"verb":"save-form"[^}]*"data":\{[^}]*"version":(\d+)/);
    expect(Number(saveAction?.[1])).toBe(await version());
    const saved = await click(first, people.asv, 'save-form', { requestId, version: Number(saveAction?.[1]), ...formAsCardInputs(videoconferenceData()) });
    expect(visibleText(saved)).toContain('Formulario completo y guardado');
  });

  it('refuses the form and availability to the requester, and keeps no dialog for them', async () => {
    const { requestId, version } = await takenRequest('VC');
    const before = await version();
    const form = await click(first, people.requester, 'open-form', { requestId, version: before });
    expect(visibleText(form)).toContain('No tiene permiso');
    expect(JSON.stringify(form)).not.toContain('"verb":"save-form"');
    const availability = await click(first, people.requester, 'check-availability', { requestId, version: before });
    expect(visibleText(availability)).toContain('No tiene permiso');
    const saved = await click(first, people.requester, 'save-form', { requestId, version: before, ...formAsCardInputs(videoconferenceData()) });
    expect(visibleText(saved)).toContain('No tiene permiso');
    expect((await fixture.desk.requests.get(requestId))?.form).toBeNull();
    expect(await storedDialog(requestId, people.requester)).toBeUndefined();
  });

  it.each([
    ['VC', 'FOR 7.5 DRT 09', videoconferenceData],
    ['TC', 'DRT 33', teleconferenceData],
    ['NC', 'DRT 31', netconferenceData],
  ] as const)('runs the %s form (%s) as its own dialog, in English for an English-speaking ASV', async (service, code, data) => {
    const { requestId, version } = await takenRequest(service);
    const opened = await click(first, people.asv, 'open-form', { requestId, version: await version() }, 'en-US');
    expect(visibleText(opened)).toContain(code);
    expect(visibleText(opened)).toContain('form —');
    const dialog = (await storedDialog(requestId, people.asv)) as { dialogState?: { dialogStack?: Array<{ id: string }> } } | undefined;
    expect(dialog?.dialogState?.dialogStack?.[0]?.id).toBe(`serviceForm:${service}`);

    const done = await click(first, people.asv, 'save-form', { requestId, version: await version(), ...formAsCardInputs(data()) }, 'en-US');
    expect(visibleText(done)).toContain('Form complete and saved');
    expect((await fixture.desk.requests.get(requestId))?.form).toMatchObject({ service, complete: true });
  });
});
