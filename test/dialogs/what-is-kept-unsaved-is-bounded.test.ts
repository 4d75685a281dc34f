import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import { formStateKey } from '../../dialogs/service-form-dialogs.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { seedCatalogue } from '../support/agenda-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bug: the form dialog kept whatever was typed and could not be saved, whatever its size (a 5 MB
 * value stayed in bot state), and list fields had no maximum: 200 000 equipment ids were taken.
 */
describe('values a form dialog keeps without saving them', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let requestId: string;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    await fixture.desk.agenda.loadCatalogue(seedCatalogue());
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
  });
  afterAll(async () => fixture.close());

  it('are cut to each field’s maximum before they are stored, with the error still shown', async () => {
    const bot = botOnDesk(fixture, config);
    const answer = await clickCard(bot, people.asv, 'save-form', { requestId, version: 2, programName: 'P'.repeat(600_000), purpose: 'x'.repeat(100_000) });
    expect(JSON.stringify(answer.value)).toContain('como máximo 200 caracteres');
    const key = formStateKey('msteams', requestId, people.asv.id);
    const stored = JSON.stringify((await new MongoStorage(fixture.database.connection).read([key]))[key]);
    expect(stored.length).toBeLessThan(20_000);
    expect(stored).toContain('P'.repeat(200));
    expect(stored).not.toContain('P'.repeat(201));
  });

  it('refuses more list items than the form allows, without checking each one', async () => {
    const ids = Array.from({ length: 200_000 }, (_, index) => `eq-${index}`);
    const started = Date.now();
    const saved = await fixture.desk.requests.saveForm(requestId, 'VC', { programName: 'x', extraEquipment: ids }, fixture.actor(people.asv), commandId('form'), { locale: 'es' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(saved).toMatchObject({ outcome: 'invalid', errors: [expect.objectContaining({ path: 'extraEquipment', message: expect.stringContaining('como máximo 20') })] });
    expect((await fixture.desk.requests.get(requestId))?.form).toBeNull();
  });

  it('refuses rooms and equipment that are not in the catalogue', async () => {
    const saved = await fixture.desk.requests.saveForm(requestId, 'VC', { programName: 'x', localRoom: 'sala-fantasma', extraEquipment: ['camara-ptz-1', 'no-existe'] }, fixture.actor(people.asv), commandId('form'), { locale: 'es' });
    expect(saved.outcome).toBe('invalid');
    if (saved.outcome !== 'invalid') return;
    expect(saved.errors.map((error) => error.path).sort()).toEqual(['extraEquipment', 'localRoom']);
    expect(saved.errors.find((error) => error.path === 'extraEquipment')?.message).toContain('«no-existe» no está en el catálogo');
  });
});
