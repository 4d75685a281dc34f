import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_TENANT_ID } from '../support/teams-activity.js';
import { CATALOG_APP_ID, REACH_ASV_CHANNEL, contentText, personalActivity, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { t } from '../../cards/messages.js';

/**
 * Bug (issue 10 §1, §5): a notice to a requester without a 1:1 chat started a Graph install,
 * ignored its result, and was recorded as skipped and never re-sent — the information request
 * never reached a requester who had not opened the bot; the install went to `/users/{e-mail}`
 * (Graph takes an object id or UPN there, not a mail alias); nothing opened the chat; and the
 * request card and thread said nothing about the notice that did not go. Now: the e-mail is
 * resolved to the object id, the app installed (409 = already), the chat opened with
 * create-conversation (object id and tenant), the card sent; permanent failures are said on the
 * card and in the thread; transient ones are retried; each person in their own language.
 */

let product: ReachProduct;
const chatOf = (objectId: string) => `a:fc-chat-${objectId}`;
const oid = (n: number) => `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The channel card of a request as the connector last got it (post or update in place). */
function lastCard(request: ServiceRequest): string {
  const cardId = product.postsTo(REACH_ASV_CHANNEL).find((call) => contentText(call).includes(request.folio))?.newId;
  const last = product.connector.calls.filter((call) => (call.method === 'POST' && call.newId === cardId) || (call.method === 'PUT' && call.activityId === cardId)).at(-1);
  return last ? contentText(last) : '';
}

/** The replies in a request's thread (the ASV channel). */
function threadOf(request: ServiceRequest): string[] {
  const cardId = product.postsTo(REACH_ASV_CHANNEL).find((call) => contentText(call).includes(request.folio))?.newId;
  return product.connector.posts().filter((call) => call.conversationId === `${REACH_ASV_CHANNEL};messageid=${cardId}`).map((call) => String(call.body.text));
}

async function teamsSteps(request: ServiceRequest) {
  return (await product.deliveries(request.id)).filter((delivery) => delivery.step === 'teams' && delivery.effect.type === 'notify-requester');
}

beforeAll(async () => {
  product = await startReachProduct(import.meta.url, { graph: true });
}, 60_000);
afterAll(async () => product?.close(), 30_000);

describe('a requester who never opened the bot, with Graph configured', () => {
  it('gets the app installed and the chat opened when the request is registered, a bilingual welcome, then every notice in that chat', async () => {
    const id = oid(1);
    product.graph!.fixture.addDirectoryUsers({ id, displayName: 'Rosa Quintero', mail: 'rosa.q@uni.example', userPrincipalName: 'rquintero@uni.example' });
    const request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa.q@uni.example' });

    const lookups = product.graph!.fixture.callsTo('GET /v1.0/users').filter((call) => (call.query.$filter ?? '').includes('rosa.q@uni.example'));
    expect(lookups.length).toBe(1);
    // (The assigned ASV's notice tries to reach them too: their installs are not counted here.)
    expect(product.graph!.fixture.callsTo(`/users/${id}/teamwork/installedApps`).map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
      `POST /v1.0/users/${id}/teamwork/installedApps 201`,
    ]);
    expect(product.graph!.fixture.callsTo(`/users/${id}/teamwork/installedApps`)[0]!.body).toEqual({ 'teamsApp@odata.bind': `${product.graph!.fixture.baseUrl}/appCatalogs/teamsApps/${CATALOG_APP_ID}` });
    const created = product.connector.conversationsCreated();
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ isGroup: false, members: [{ id }], tenantId: TEST_TENANT_ID, channelData: { tenant: { id: TEST_TENANT_ID } } });
    const welcome = product.postsTo(chatOf(id));
    expect(welcome).toHaveLength(1);
    expect(contentText(welcome[0]!)).toMatch(/Hola: soy el bot[\s\S]*Hello: I am the bot/);

    await product.asvDoes(request, { type: 'take' });
    await product.asvDoes(request, { type: 'request-info', message: 'Falta la IP del equipo remoto' });
    const posts = product.postsTo(chatOf(id)).map(contentText);
    expect(posts).toHaveLength(3);
    expect(posts[1]).toContain(`Su solicitud ${request.folio} está En Proceso`);
    expect(posts[2]).toContain('Falta la IP del equipo remoto');
    // Installed and opened once: later notices find the chat by the address Graph resolved.
    expect(product.graph!.fixture.callsTo(`/users/${id}/teamwork/installedApps`)).toHaveLength(1);
    expect(product.connector.conversationsCreated()).toHaveLength(1);
    expect((await teamsSteps(request)).map((step) => [step.status, step.channel, step.reference])).toEqual([
      ['delivered', 'teams', expect.stringMatching(/^1:1 fc-\d+$/)],
      ['delivered', 'teams', expect.stringMatching(/^1:1 fc-\d+$/)],
    ]);
    expect(lastCard(request)).not.toContain('Aviso por Teams no entregado');
    expect(threadOf(request)).toEqual([]);
  });

  it('takes an app already installed (409) as installed: no welcome, the notice goes', async () => {
    const id = oid(2);
    product.graph!.fixture.addDirectoryUsers({ id, displayName: 'Sara Ibarra', mail: 'sara@uni.example', userPrincipalName: 'sara@uni.example' });
    product.graph!.fixture.installedApps.add(`${id}|${CATALOG_APP_ID}`);
    const request = await product.register({ id: '', name: 'Sara Ibarra', email: 'sara@uni.example' });
    await product.asvDoes(request, { type: 'take' });

    expect(product.graph!.fixture.callsTo(`/users/${id}/teamwork/installedApps`).map((call) => call.status)).toEqual([409]);
    const posts = product.postsTo(chatOf(id)).map(contentText);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain(`Su solicitud ${request.folio} está En Proceso`);
  });

  it('reaches a requester registered by object id without looking anyone up', async () => {
    const id = oid(3);
    product.graph!.fixture.addDirectoryUsers({ id, displayName: 'Tomás Rivas', mail: 'tomas@uni.example', userPrincipalName: 'tomas@uni.example' });
    const request = await product.register({ id, name: 'Tomás Rivas', email: 'tomas@uni.example' });
    await product.asvDoes(request, { type: 'take' });
    expect(product.graph!.fixture.callsTo('GET /v1.0/users').filter((call) => (call.query.$filter ?? '').includes('tomas@'))).toEqual([]);
    expect(product.graph!.fixture.callsTo(`POST /v1.0/users/${id}/teamwork/installedApps`).map((call) => call.status)).toEqual([201]);
    expect(product.postsTo(chatOf(id)).map(contentText).at(-1)).toContain(`Su solicitud ${request.folio} está En Proceso`);
  });

  it.each([
    ['install refused (403)', 'install-refused', 'la organización no permitió instalarle la aplicación'],
    ['not in the directory', 'not-in-directory', 'no está en el directorio de la organización'],
    ['the app not in the catalogue (404)', 'not-found', 'Microsoft Graph no encontró a la persona o la aplicación'],
  ])('when Teams cannot reach them (%s), the e-mail carries the whole message, and the card and the thread say so', async (_case, reason, words) => {
    const n = reason === 'install-refused' ? 4 : reason === 'not-in-directory' ? 5 : 6;
    const id = oid(n);
    const email = `person${n}@uni.example`;
    const { fixture } = product.graph!;
    if (reason !== 'not-in-directory') fixture.addDirectoryUsers({ id, displayName: `Persona ${n}`, mail: email, userPrincipalName: email });
    if (reason === 'install-refused') fixture.installRefusedFor.add(id);
    const undoCatalog = reason === 'not-found' ? (fixture.catalogApps.add('another-app'), () => fixture.catalogApps.clear()) : () => undefined;
    try {
      const request = await product.register({ id: '', name: `Persona ${n}`, email });
      await product.asvDoes(request, { type: 'take' });
      await product.asvDoes(request, { type: 'request-info', message: 'Indique la dirección H.323 del equipo remoto' });

      const mails = await product.db.collection<{ subject: string; text: string; to: string[] }>('outbox').find({ requestId: request.id }).toArray();
      const infoMail = mails.find((mail) => mail.subject === `Su solicitud ${request.folio} necesita información`);
      expect(infoMail?.to).toEqual([email]);
      expect(infoMail?.text).toContain('Indique la dirección H.323 del equipo remoto');

      const steps = await teamsSteps(request);
      expect(steps).toHaveLength(2);
      for (const step of steps) {
        expect(step).toMatchObject({ channel: 'teams-undelivered', attempts: 1 });
        expect(step).toMatchObject({ status: 'skipped', reference: expect.stringMatching(new RegExp(`^${reason}: `)) });
      }
      expect(product.connector.conversationsCreated().filter((call) => JSON.stringify(call.body).includes(id))).toEqual([]);
      const line = `Aviso por Teams no entregado (${words}); se envió por correo a ${email}.`;
      expect(threadOf(request)).toEqual([line, line]);
      expect(lastCard(request)).toContain(line);
      // Never re-sent: the notices are settled, not retried.
      const notices = (await product.deliveries(request.id)).filter((delivery) => delivery.effect.type === 'notify-requester' && delivery.step === null);
      expect(notices.map((notice) => [notice.status, notice.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
      ]);
    } finally {
      undoCatalog();
    }
  });

  it('keeps the notice pending while Graph or Teams may still answer (503, 429), and sends it once they do', async () => {
    const id = oid(7);
    const { fixture } = product.graph!;
    fixture.addDirectoryUsers({ id, displayName: 'Úrsula Paz', mail: 'ursula@uni.example', userPrincipalName: 'ursula@uni.example' });
    // At registration and at the notice's first attempts Graph answers 503, then Teams throttles create-conversation.
    fixture.failNext(`POST /v1.0/users/${id}/teamwork/installedApps`, [{ status: 503 }, { status: 503 }, { status: 503 }]);
    product.connector.failNext((call) => call.path === '/v3/conversations' && JSON.stringify(call.body).includes(id), [{ status: 429, retryAfterSeconds: 0 }, { status: 429, retryAfterSeconds: 0 }]);
    const request = await product.register({ id: '', name: 'Úrsula Paz', email: 'ursula@uni.example' });
    await product.asvDoes(request, { type: 'take' });

    const [step] = await teamsSteps(request);
    expect(step).toMatchObject({ status: 'delivered', channel: 'teams', reference: expect.stringMatching(/^welcome 1:1 fc-\d+, 1:1 fc-\d+$/) });
    const notice = (await product.deliveries(request.id)).find((delivery) => delivery.effect.type === 'notify-requester' && delivery.step === null);
    expect(notice!.attempts).toBeGreaterThan(1);
    const posts = product.postsTo(chatOf(id)).map(contentText);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toContain('Hola: soy el bot');
    expect(posts[1]).toContain(`Su solicitud ${request.folio} está En Proceso`);
    expect(fixture.callsTo(`POST /v1.0/users/${id}/teamwork/installedApps`).map((call) => call.status)).toEqual([503, 503, 503, 201]);
  }, 30_000);
});

describe('each person in their own language', () => {
  it('writes to someone last seen in English in English, in Teams and by e-mail, and to anyone else in Spanish', async () => {
    const english = { id: oid(8), name: 'Vera Lind' };
    // Vera talked to the bot once, from an English Teams client.
    expect((await product.send(personalActivity(product, english, { locale: 'en-US', text: 'help' }))).status).toBe(200);
    const request = await product.register({ id: english.id, name: english.name, email: 'vera@uni.example' });
    await product.asvDoes(request, { type: 'take' });
    const notice = product.postsTo(`a:personal-${english.id}`).map(contentText).at(-1);
    expect(notice).toContain(`Your request ${request.folio} is En Proceso`);
    const mail = await product.db.collection<{ subject: string }>('outbox').findOne({ requestId: request.id, to: 'vera@uni.example' });
    expect(mail?.subject).toBe(`Your request ${request.folio} is En Proceso (in progress)`);

    // A later turn in Spanish: the next notice follows it.
    expect((await product.send(personalActivity(product, english, { locale: 'es-MX', text: 'ayuda' }))).status).toBe(200);
    await product.asvDoes(request, { type: 'request-info', message: 'Falta la fecha' });
    const infoCard = product.postsTo(`a:personal-${english.id}`).map(contentText).at(-1);
    expect(infoCard).toContain('Falta la fecha');
    expect(infoCard).toContain(t('es', 'info.intro'));
    const spanishMail = await product.db.collection<{ subject: string }>('outbox').findOne({ requestId: request.id, subject: { $regex: 'necesita información' } });
    expect(spanishMail).not.toBeNull();
  });
});

describe('what Teams answers is checked', () => {
  let hostile: ReachProduct;
  beforeAll(async () => {
    hostile = await startReachProduct(import.meta.url, {
      graph: true,
      label: 'hostile',
      env: { EFFECTS_MAX_ATTEMPTS: '2' },
      connector: { conversationIdFor: (member) => `a:evil\n${member}/../../v3/conversations/19:asv-reach@thread.tacv2` },
    });
  }, 60_000);
  afterAll(async () => hostile?.close(), 30_000);

  it('never writes to, or keeps, a conversation id create-conversation answers with whitespace or path tricks', async () => {
    const id = oid(20);
    hostile.graph!.fixture.addDirectoryUsers({ id, displayName: 'Eve', mail: 'eve@uni.example', userPrincipalName: 'eve@uni.example' });
    const request = await hostile.register({ id: '', name: 'Eve', email: 'eve@uni.example' });
    await hostile.asvDoes(request, { type: 'take' });
    expect(hostile.connector.conversationsCreated().length).toBeGreaterThan(0);
    expect(hostile.connector.posts().filter((call) => call.conversationId.includes('evil') || call.path.includes('evil'))).toEqual([]);
    expect(await hostile.references.chatOf({ id })).toBeUndefined();
    const notice = (await hostile.deliveries(request.id)).find((delivery) => delivery.effect.type === 'notify-requester' && delivery.step === null);
    expect(notice).toMatchObject({ status: 'failed', lastError: expect.stringContaining('without a usable conversation id') });
  });
});
