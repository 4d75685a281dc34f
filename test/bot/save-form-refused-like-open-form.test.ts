import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/** Bug: `save-form` skipped the check `open-form` has: HD, DAU, the head or the requester got the form back and their values were kept in bot state. */
describe('saving a service form from a card', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let requestId: string;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
  });
  afterAll(async () => fixture.close());

  const outsiders = [
    { label: 'Help Desk', person: people.hd },
    { label: 'DAU', person: people.dau },
    { label: 'the head of department', person: { id: 'head-1', name: 'Hugo Estrada', email: 'head@uni.example' } },
    { label: 'the requester', person: people.requester },
  ];

  it.each(outsiders)('by $label is refused with the reason, before anything is kept', async ({ person }) => {
    const bot = botOnDesk(fixture, config);
    const answer = await clickCard(bot, person, 'save-form', { requestId, version: 2, programName: 'Lo que escribió', purpose: 'x'.repeat(3000) });
    const card = JSON.stringify(answer.value);
    expect(card).not.toContain('Lo que escribió');
    expect(card).toContain('No tiene permiso para');
    expect(await fixture.database.connection.db!.collection(MongoStorage.defaultCollectionName).countDocuments()).toBe(0);
    expect(await fixture.desk.requests.get(requestId)).toMatchObject({ version: 2, form: null });
  });
});
