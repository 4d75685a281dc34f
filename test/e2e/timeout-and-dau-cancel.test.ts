import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cardText, objectIdOf, showsStatus, startProduct, type RunningProduct } from '../support/bot-fixture.js';

let product: RunningProduct;
beforeAll(async () => {
  product = await startProduct(import.meta.url, {
    BUSINESS_WORKING_DAYS: '1,2,3,4,5,6,7',
    BUSINESS_HOLIDAYS_COUNTRY: 'none',
    WAIT_BUSINESS_HOURS: String(4 / 3600),
    REMINDER_BUSINESS_HOURS: String(2 / 3600),
  });
}, 120_000);
afterAll(async () => product?.stop(), 60_000);

describe('the 48-hour timeout and DAU, inside Teams', () => {
  it('turns the channel card to No Procede, tells the requester and DAU, and lets DAU cancel', async () => {
    const { playground, composed } = product;
    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'mis solicitudes' });
    await playground.waitForMessage((message) => message.conversationId === playground.ids.personalChatId, 30_000);

    const alex = playground.config.currentUser;
    const registered = await composed.desk.requests.register(
      {
        requester: { id: alex.email, name: alex.name, email: alex.email },
        dependencia: { name: 'Facultad de Medicina', siglas: 'FMED' },
        description: 'Netconferencia para un seminario',
        service: 'NC',
        assignee: { id: objectIdOf('user-id-2'), name: 'Adele Vance' },
      },
      composed.desk.roles.actorFor({ id: objectIdOf('user-id-1'), name: 'HD' }),
      'e2e-timeout-register',
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const { id, folio } = registered.request;
    const asv = composed.desk.roles.actorFor({ id: objectIdOf('user-id-2'), name: 'ASV' });
    await composed.desk.requests.execute(id, { type: 'take' }, asv, 'e2e-timeout-take');
    await composed.desk.requests.execute(id, { type: 'request-info', message: 'Falta la plataforma' }, asv, 'e2e-timeout-ask');

    const channelCard = await playground.waitForMessage((message) => message.conversationId === 'team-id' && message.kind === 'create' && cardText(message).includes(folio), 30_000);
    // The En Proceso card already names No Procede (its button), and the info-request card says the request
    // would become No Procede: wait for the status itself and for the timeout notice ("<folio>: No Procede").
    await playground.waitForUpdate(channelCard.activityId, (message) => showsStatus(message, 'No Procede'), 60_000);
    await playground.waitForMessage(
      (message) => message.conversationId === playground.ids.personalChatId && cardText(message).includes(`${folio}: No Procede`),
      30_000,
    );
    const dauCard = await playground.waitForMessage(
      (message) => message.conversationId === 'channel-announcements-id' && cardText(message).includes(folio),
      30_000,
    );
    expect(cardText(dauCard)).toContain('"verb":"cancel"');

    const refused = await playground.invoke<{ value: unknown }>({
      name: 'adaptiveCard/action',
      fromUserId: 'user-id-2',
      conversationId: dauCard.messageConversationId,
      replyToId: dauCard.activityId,
      value: { action: { type: 'Action.Execute', verb: 'cancel', data: { requestId: id, version: (await composed.desk.requests.get(id))!.version } } },
    });
    expect(JSON.stringify(refused.body.value)).not.toContain('"Cancelada"');
    expect((await composed.desk.requests.get(id))?.status).toBe('No Procede');

    const cancelled = await playground.invoke<{ value: unknown }>({
      name: 'adaptiveCard/action',
      fromUserId: 'user-id-3',
      conversationId: dauCard.messageConversationId,
      replyToId: dauCard.activityId,
      value: { action: { type: 'Action.Execute', verb: 'cancel', data: { requestId: id, version: (await composed.desk.requests.get(id))!.version } } },
    });
    expect(JSON.stringify(cancelled.body.value)).toContain('Cancelada');
    const final = await composed.desk.requests.get(id);
    expect(final?.status).toBe('Cancelada');
    expect(final?.history.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['wait-timeout', 'cancel']));
  }, 120_000);
});
