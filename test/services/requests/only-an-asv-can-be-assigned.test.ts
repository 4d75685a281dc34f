import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { outboxModel } from '../../../services/notifications/outbox-mail-transport.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../../support/test-adapter-bot.js';

/** Bug: re-assign took any assignee (a stranger, DAU, HD, an outside e-mail), and the assignee notice went to that address. */
describe('assigning a request', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let requestId: string;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    requestId = registered.request.id;
  });
  afterAll(async () => fixture.close());

  const notAsvs = [
    { label: 'a stranger', person: people.stranger },
    { label: 'DAU', person: people.dau },
    { label: 'Help Desk', person: people.hd },
    { label: 'an outside e-mail', person: { id: 'victim@evil.example', name: 'victim@evil.example', email: 'victim@evil.example' } },
  ];

  it.each(notAsvs)('to $label is refused by the status machine, for re-assignment and registration alike', async ({ person }) => {
    for (const actor of [people.hd, people.asv]) {
      const result = await fixture.desk.requests.execute(requestId, { type: 'reassign', assignee: person }, fixture.actor(actor), commandId('reassign'));
      expect(result).toMatchObject({ outcome: 'rejected', rejection: { code: 'assignee-not-asv', command: 'reassign' } });
    }
    const registered = await fixture.desk.requests.register(registration({ assignee: person }), fixture.actor(people.hd), commandId('register'));
    expect(registered).toMatchObject({ outcome: 'rejected', rejection: { code: 'assignee-not-asv', command: 'register' } });
    expect(await outboxModel(fixture.database.connection).countDocuments({ to: person.email })).toBe(0);
  });

  it('from the card, to an id the choices never offered, is refused with the reason and changes nothing', async () => {
    const bot = botOnDesk(fixture, config);
    const answer = await clickCard(bot, people.hd, 'reassign', { requestId, version: 1, assigneeId: 'victim@evil.example' });
    expect(JSON.stringify(answer.value)).toContain('no es un ASV de la configuración');
    expect(await fixture.desk.requests.get(requestId)).toMatchObject({ version: 1, assignee: { id: people.asv.id } });
  });

  it('to another configured ASV is applied', async () => {
    const result = await fixture.desk.requests.execute(requestId, { type: 'reassign', assignee: people.asv2 }, fixture.actor(people.hd), commandId('reassign'));
    expect(result).toMatchObject({ outcome: 'applied', request: { assignee: { id: people.asv2.id } } });
  });
});
