import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AdaptiveCard } from '../../cards/render-card.js';
import { inputById, visibleText } from '../cards/card-assertions.js';
import { seedCatalogue } from '../support/agenda-fixture.js';
import { formAsCardInputs } from '../support/card-inputs.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bug: the service form asked again for the dependencia, its siglas and the requester's name and
 * e-mail although registration had them (the card's own header showed them); and "remote sites"
 * did not say that a multipoint videoconference needs two.
 */
describe('the service form, opened', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    await fixture.desk.agenda.loadCatalogue(seedCatalogue());
  });
  afterAll(async () => fixture.close());

  async function takenRequest() {
    const registered = await fixture.desk.requests.register(registration({ dependencia: { name: 'Facultad de Química', siglas: 'fq' } }), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const taken = await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    if (taken.outcome !== 'applied') throw new Error(taken.outcome);
    return taken.request;
  }

  it('fills the dependencia, siglas and requester from the registration, and saves nothing until the ASV saves', async () => {
    const request = await takenRequest();
    const opened = (await clickCard(botOnDesk(fixture, config), people.asv, 'open-form', { requestId: request.id, version: request.version })).value as AdaptiveCard;
    expect(inputById(opened, 'dependenciaName').value).toBe('Facultad de Química');
    expect(inputById(opened, 'siglas').value).toBe('FQ');
    expect(inputById(opened, 'requesterName').value).toBe(people.requester.name);
    expect(inputById(opened, 'requesterEmail').value).toBe(people.requester.email);
    expect(inputById(opened, 'programName').value ?? '').toBe('');
    const stored = await fixture.desk.requests.get(request.id);
    expect(stored?.form).toBeNull();
    expect(stored?.version).toBe(request.version);
  });

  it('keeps what the form already says', async () => {
    const request = await takenRequest();
    const bot = botOnDesk(fixture, config);
    await clickCard(bot, people.asv, 'save-form', { requestId: request.id, version: request.version, ...formAsCardInputs({ programName: 'Coloquio', dependenciaName: 'Instituto de Química', requesterName: 'Otra Persona' }) });
    const saved = await fixture.desk.requests.get(request.id);
    const opened = (await clickCard(bot, people.asv, 'open-form', { requestId: request.id, version: saved!.version })).value as AdaptiveCard;
    expect(inputById(opened, 'dependenciaName').value).toBe('Instituto de Química');
    expect(inputById(opened, 'requesterName').value).toBe('Otra Persona');
    expect(inputById(opened, 'siglas').value).toBe('FQ');
    expect(inputById(opened, 'programName').value).toBe('Coloquio');
  });

  it('says by "remote sites" how many each mode needs', async () => {
    const request = await takenRequest();
    const bot = botOnDesk(fixture, config);
    const es = (await clickCard(bot, people.asv, 'open-form', { requestId: request.id, version: request.version })).value;
    expect(visibleText(es)).toContain('Multipunto: al menos 2 sitios remotos');
    const en = (await clickCard(bot, people.asv, 'open-form', { requestId: request.id, version: request.version }, 'en-US')).value;
    expect(visibleText(en)).toContain('Multipoint: at least 2 remote sites');
  });
});
