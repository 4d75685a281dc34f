import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { classifyConnectorError } from '../../bot/teams-notifier.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';
import { CATALOG_APP_ID, REACH_ASV_CHANNEL, contentText, personalActivity, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Bugs (issue 10 §5): an uninstall re-saved the dead chat reference (the `conversationUpdate`
 * that removes the bot was taken as a new chat), so every later notice got 403, was retried 8
 * times and failed; connector errors were not told apart (a 403 "not in conversation" or a 404 is
 * permanent; 429, 412 and 5xx are worth retrying). Now an uninstall forgets the chat for good, a
 * refused chat is forgotten and the person reached afresh (installing the app again with Graph),
 * and only what Teams may get over is retried.
 */

const person = (n: number) => ({ id: `d00dfeed-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Persona ${n}`, email: `p${n}@uni.example` });

/** The `installationUpdate` (remove) and the `conversationUpdate` (bot removed) Teams sends when someone uninstalls the app. */
function uninstall(product: ReachProduct, who: { id: string; name: string }) {
  return [
    personalActivity(product, who, { type: 'installationUpdate', action: 'remove', text: undefined, locale: undefined }),
    personalActivity(product, who, { type: 'conversationUpdate', membersRemoved: [{ id: '28:reach-bot' }], text: undefined, locale: undefined }),
  ];
}

/** Gives the bot a person's 1:1 chat, as installing the app and writing to it does. */
async function hasTheApp(product: ReachProduct, who: { id: string; name: string }): Promise<void> {
  expect((await product.send(personalActivity(product, who, { type: 'conversationUpdate', membersAdded: [{ id: '28:reach-bot' }], text: undefined }))).status).toBe(200);
  expect(await product.references.chatOf({ id: who.id })).toBeDefined();
}

async function notices(product: ReachProduct, request: ServiceRequest) {
  return (await product.deliveries(request.id)).filter((delivery) => delivery.effect.type === 'notify-requester' && delivery.step === null);
}

const threadLines = (product: ReachProduct, request: ServiceRequest) => {
  const cardId = product.postsTo(REACH_ASV_CHANNEL).find((call) => contentText(call).includes(request.folio))?.newId;
  return product.connector.posts().filter((call) => call.conversationId === `${REACH_ASV_CHANNEL};messageid=${cardId}`).map((call) => String(call.body.text));
};

describe('without Graph', () => {
  let product: ReachProduct;
  beforeAll(async () => {
    product = await startReachProduct(import.meta.url, { label: 'no-graph' });
  }, 60_000);
  afterAll(async () => product?.close(), 30_000);

  it('says on the card and in the thread that the notice went by e-mail only, to someone without a chat', async () => {
    const request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa@uni.example' });
    await product.asvDoes(request, { type: 'take' });
    const line = 'Aviso por Teams no entregado (Microsoft Graph no está configurado); se envió por correo a rosa@uni.example.';
    expect(threadLines(product, request)).toEqual([line]);
    const [notice] = await notices(product, request);
    expect(notice).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('forgets the chat on uninstall, whichever of the two events comes last, and keeps it forgotten', async () => {
    for (const order of ['installation first', 'conversation first']) {
      const who = person(order === 'installation first' ? 1 : 2);
      await hasTheApp(product, who);
      const [installation, conversation] = uninstall(product, who);
      for (const activity of order === 'installation first' ? [installation!, conversation!] : [conversation!, installation!]) {
        expect((await product.send(activity)).status).toBe(200);
      }
      expect(await product.references.chatOf({ id: who.id })).toBeUndefined();
    }
  });

  it('does not write to the chat of someone who uninstalled: no 403s, no retries, the e-mail and a line on the card', async () => {
    const who = person(3);
    await hasTheApp(product, who);
    for (const activity of uninstall(product, who)) await product.send(activity);
    product.connector.refuse((call) => call.conversationId.startsWith(`a:personal-${who.id}`), { status: 403, code: 'BotNotInConversationRoster' });
    const request = await product.register({ id: who.id, name: who.name, email: who.email });
    await product.asvDoes(request, { type: 'take' });
    expect(product.connector.calls.filter((call) => call.conversationId.startsWith(`a:personal-${who.id}`) && call.method === 'POST')).toEqual([]);
    expect(await notices(product, request)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    expect(threadLines(product, request)).toEqual([`Aviso por Teams no entregado (Microsoft Graph no está configurado); se envió por correo a ${who.email}.`]);
  });

  it('takes a 403 from a chat as permanent: tried once, forgotten, said on the card; the next notice does not try it again', async () => {
    const who = person(4);
    await hasTheApp(product, who);
    product.connector.refuse((call) => call.conversationId.startsWith(`a:personal-${who.id}`), { status: 403, code: 'BotNotInConversationRoster' });
    const request = await product.register({ id: who.id, name: who.name, email: who.email });
    await product.asvDoes(request, { type: 'take' });
    const refused = () => product.connector.calls.filter((call) => call.conversationId.startsWith(`a:personal-${who.id}`) && call.method === 'POST');
    expect(refused()).toHaveLength(1);
    expect(await product.references.chatOf({ id: who.id })).toBeUndefined();
    const [first] = await notices(product, request);
    expect(first).toMatchObject({ status: 'delivered', attempts: 1 });
    const teamsStep = (await product.deliveries(request.id)).find((delivery) => delivery.step === 'teams' && delivery.effect.type === 'notify-requester');
    expect(teamsStep).toMatchObject({ channel: 'teams-undelivered', status: 'skipped', reference: expect.stringMatching(/^chat-refused: Teams answered 403 BotNotInConversationRoster/) });
    expect(threadLines(product, request)).toEqual([`Aviso por Teams no entregado (Teams rechazó el chat); se envió por correo a ${who.email}.`]);

    await product.asvDoes(request, { type: 'request-info', message: 'Falta la sala' });
    expect(refused()).toHaveLength(1);
  });

  it('retries a throttled (429) or failing (503) 1:1 send and delivers it once', async () => {
    const who = person(5);
    await hasTheApp(product, who);
    product.connector.failNext((call) => call.conversationId.startsWith(`a:personal-${who.id}`) && call.method === 'POST', [{ status: 429, retryAfterSeconds: 0 }, ...Array.from({ length: 5 }, () => ({ status: 503 }))]);
    const request = await product.register({ id: who.id, name: who.name, email: who.email });
    await product.asvDoes(request, { type: 'take' });
    const sent = product.connector.posts().filter((call) => call.conversationId.startsWith(`a:personal-${who.id}`));
    expect(sent.map(contentText).filter((text) => text.includes(`Su solicitud ${request.folio} está En Proceso`))).toHaveLength(1);
    const [notice] = await notices(product, request);
    expect(notice!.status).toBe('delivered');
    // More failures than the connector client retries by itself: the notice's own attempt failed
    // and was retried (a refused send used to be handed to the adapter's onTurnError and recorded as delivered).
    expect(notice!.attempts).toBeGreaterThan(1);
    expect(threadLines(product, request)).toEqual([]);
  }, 40_000);

  it('does not retry a card update Teams refuses for good (404: the card was deleted)', async () => {
    const request = await product.register({ id: '', name: 'Card Gone', email: 'gone@uni.example' });
    const cardId = product.postsTo(REACH_ASV_CHANNEL).find((call) => contentText(call).includes(request.folio))!.newId!;
    product.connector.refuse((call) => call.method === 'PUT' && call.activityId === cardId, { status: 404, code: 'ActivityNotFoundInConversation' });
    await product.asvDoes(request, { type: 'take' });
    const update = (await product.deliveries(request.id)).find((delivery) => delivery.effect.type === 'update-channel-card' && delivery.step === null);
    expect(update).toMatchObject({ status: 'skipped', attempts: 1, reference: expect.stringMatching(/^Teams refused the card/) });
  });
});

describe('with Graph', () => {
  let product: ReachProduct;
  beforeAll(async () => {
    product = await startReachProduct(import.meta.url, { graph: true, label: 'graph' });
  }, 60_000);
  afterAll(async () => product?.close(), 30_000);

  it('reaches someone whose chat Teams refuses (403 after an uninstall) afresh: installs the app again, opens a new chat, sends there once', async () => {
    const who = person(6);
    product.graph!.fixture.addDirectoryUsers({ id: who.id, displayName: who.name, mail: who.email, userPrincipalName: who.email });
    await hasTheApp(product, who);
    product.graph!.fixture.installedApps.add(`${who.id}|${CATALOG_APP_ID}`);
    product.connector.refuse((call) => call.conversationId.startsWith(`a:personal-${who.id}`), { status: 403, code: 'BotNotInConversationRoster' });
    const request = await product.register({ id: who.id, name: who.name, email: who.email });
    await product.asvDoes(request, { type: 'take' });

    expect(product.connector.calls.filter((call) => call.conversationId.startsWith(`a:personal-${who.id}`) && call.method === 'POST')).toHaveLength(1);
    expect(product.connector.conversationsCreated().filter((call) => JSON.stringify(call.body).includes(who.id)).map((call) => call.body)).toEqual([
      expect.objectContaining({ members: [{ id: who.id, name: '' }], tenantId: TEST_TENANT_ID }),
    ]);
    expect(product.postsTo(`a:fc-chat-${who.id}`).map(contentText)).toEqual([expect.stringContaining(`Su solicitud ${request.folio} está En Proceso`)]);
    expect((await product.references.chatOf({ id: who.id }))?.reference.conversation?.id).toBe(`a:fc-chat-${who.id}`);
    expect(await notices(product, request)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
  });

  it('after an uninstall, installs the app again at the next notice and welcomes the person first', async () => {
    const who = person(7);
    product.graph!.fixture.addDirectoryUsers({ id: who.id, displayName: who.name, mail: who.email, userPrincipalName: who.email });
    await hasTheApp(product, who);
    for (const activity of uninstall(product, who)) await product.send(activity);
    const request = await product.register({ id: who.id, name: who.name, email: who.email });
    await product.asvDoes(request, { type: 'take' });
    expect(product.graph!.fixture.callsTo(`POST /v1.0/users/${who.id}/teamwork/installedApps`).map((call) => call.status)).toEqual([201]);
    const posts = product.postsTo(`a:fc-chat-${who.id}`).map(contentText);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toContain('Hello: I am the bot');
    expect(posts[1]).toContain(`Su solicitud ${request.folio} está En Proceso`);
  });

  it('falls back to the chat Graph gives for the installation when create-conversation is refused', async () => {
    const who = person(8);
    product.graph!.fixture.addDirectoryUsers({ id: who.id, displayName: who.name, mail: who.email, userPrincipalName: who.email });
    product.connector.refuse((call) => call.path === '/v3/conversations' && JSON.stringify(call.body).includes(who.id), { status: 403, code: 'Forbidden' });
    const request = await product.register({ id: '', name: who.name, email: who.email });
    await product.asvDoes(request, { type: 'take' });
    const chat = (await product.references.chatOf({ id: who.id }))?.reference.conversation?.id;
    expect(chat).toMatch(/^19:.+@unq\.gbl\.spaces$/);
    expect(product.graph!.fixture.callsTo(`GET /v1.0/users/${who.id}/teamwork/installedApps`)[0]!.query).toMatchObject({ $filter: `teamsApp/id eq '${CATALOG_APP_ID}'`, $expand: 'teamsApp' });
    expect(product.postsTo(chat!).map(contentText).at(-1)).toContain(`Su solicitud ${request.folio} está En Proceso`);
  });
});

describe('connector errors', () => {
  it.each([
    [429, 'transient'],
    [412, 'transient'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [401, 'transient'],
    [403, 'gone'],
    [404, 'gone'],
    [400, 'rejected'],
    [413, 'rejected'],
  ] as const)('%i is %s', (statusCode, kind) => {
    expect(classifyConnectorError(Object.assign(new Error('x'), { statusCode, code: 'Code' })).kind).toBe(kind);
  });

  it('takes no answer at all (a network failure) as transient, and reads nothing odd from an error', () => {
    expect(classifyConnectorError(new Error('ECONNRESET'))).toEqual({ kind: 'transient', status: undefined, code: undefined });
    expect(classifyConnectorError({ statusCode: '403', code: { evil: true } }).kind).toBe('transient');
    expect(classifyConnectorError({ statusCode: 403, code: 'x\ny' })).toEqual({ kind: 'gone', status: 403, code: undefined });
    expect(classifyConnectorError(null).kind).toBe('transient');
  });
});
