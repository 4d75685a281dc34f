import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { people } from '../support/service-desk-fixture.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';
import { REACH_ASV_CHANNEL, personalActivity, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Issue 10 (left partial): an ASV was told of an assignment, a re-assignment or a timeout by
 * e-mail only, and the thread of a re-assigned request named the new ASV without notifying them.
 * Now the ASV also gets a card in their 1:1 chat with the bot, in their language, linking to the
 * request's card in the ASV channel; a re-assignment's thread reply @mentions the new ASV; and an
 * ASV Teams cannot reach still gets the e-mail, the Teams step recorded as skipped.
 */

let product: ReachProduct;
/** An ASV who never opened the bot, with a name that is not plain text. */
const unseenAsv = { id: 'asv-3', name: 'Ana <b>López</b> *urgente*', email: 'asv3@uni.example' };

beforeAll(async () => {
  product = await startReachProduct(import.meta.url, { env: { ROLE_ASV: 'asv-1,asv-2,asv-3' } });
  // The first ASV talked to the bot from a Spanish Teams client, the second from an English one.
  expect((await product.send(personalActivity(product, people.asv, { locale: 'es-MX', text: 'ayuda' }))).status).toBe(200);
  expect((await product.send(personalActivity(product, people.asv2, { locale: 'en-US', text: 'help' }))).status).toBe(200);
}, 60_000);
afterAll(async () => product?.close(), 30_000);

/** The id of the request's card in the ASV channel. */
const cardIdOf = (request: ServiceRequest) => product.postsTo(REACH_ASV_CHANNEL).find((call) => JSON.stringify(call.body).includes(request.folio))?.newId;

/** The cards of the 1:1 notices about `request` in `asvId`'s chat. */
function noticesTo(asvId: string, request: ServiceRequest): Array<Record<string, any>> {
  return product
    .postsTo(`a:personal-${asvId}`)
    .map((call) => call.body.attachments?.[0]?.content as Record<string, any> | undefined)
    .filter((card): card is Record<string, any> => Boolean(card) && JSON.stringify(card).includes(request.folio));
}

/** The replies in the request's thread, as the connector got them. */
const threadOf = (request: ServiceRequest) => product.postsTo(`${REACH_ASV_CHANNEL};messageid=${cardIdOf(request)}`).map((call) => call.body);

const factsOf = (card: Record<string, any>) => Object.fromEntries(card.body.filter((item: any) => item.type === 'FactSet').flatMap((set: any) => set.facts.map((fact: any) => [fact.title, fact.value])));

async function assigneeSteps(request: ServiceRequest) {
  return (await product.deliveries(request.id)).filter((delivery) => delivery.effect.type === 'notify-assignee');
}

describe('the assigned ASV is told in their 1:1 chat', () => {
  it('a new request: the card in Spanish names the request and links to its card in the channel; the e-mail goes too', async () => {
    const request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa.asv@uni.example' });

    const [card, ...more] = noticesTo(people.asv.id, request);
    expect(more).toEqual([]);
    expect(card).toMatchObject({ type: 'AdaptiveCard', lang: 'es' });
    expect(card!.body[0].text).toBe(`Se le asignó la solicitud ${request.folio}`);
    expect(card!.body[1].text).toBe('Es una solicitud nueva de Rosa Quintero. Tómela desde su tarjeta en el canal de ASV.');
    expect(JSON.stringify(card)).toContain('Videoconferencia con Salamanca');
    expect(factsOf(card!)).toMatchObject({ Folio: request.folio, Solicitante: 'Rosa Quintero', Dependencia: 'Facultad de Ingeniería (FI)', Servicio: 'Videoconferencia', Estado: 'Registro' });
    const cardId = cardIdOf(request)!;
    expect(card!.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Abrir la tarjeta en el canal', url: expect.any(String) }]);
    const link = new URL(card!.actions[0].url);
    expect(`${link.origin}${link.pathname}`).toBe(`https://teams.microsoft.com/l/message/${encodeURIComponent(REACH_ASV_CHANNEL)}/${cardId}`);
    expect(Object.fromEntries(link.searchParams)).toEqual({ tenantId: TEST_TENANT_ID, parentMessageId: cardId });

    const mails = await product.db.collection<{ to: string[] }>('outbox').find({ requestId: request.id, subject: `Nueva solicitud ${request.folio} – FI` }).toArray();
    expect(mails.map((mail) => mail.to)).toEqual([[people.asv.email]]);
    const steps = await assigneeSteps(request);
    expect(steps.find((step) => step.step === 'teams')).toMatchObject({ status: 'delivered', channel: 'teams', reference: expect.stringMatching(/^1:1 fc-\d+$/) });
    expect(steps.find((step) => step.step === 'email')).toMatchObject({ status: 'delivered', channel: 'email' });
    expect(steps.find((step) => step.step === null)).toMatchObject({ status: 'delivered', channel: 'email+teams', reference: expect.stringMatching(/ \| 1:1 fc-\d+$/) });
  });

  it('a re-assignment: the new ASV gets the card in English, and the thread reply @mentions them', async () => {
    const request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa.asv@uni.example' });
    await product.asvDoes(request, { type: 'reassign', assignee: people.asv2 });

    const [card, ...more] = noticesTo(people.asv2.id, request);
    expect(more).toEqual([]);
    expect(card).toMatchObject({ lang: 'en' });
    expect(card!.body[0].text).toBe(`Request ${request.folio} was reassigned to you`);
    expect(card!.body[1].text).toBe('You now handle this request from Rosa Quintero.');
    expect(factsOf(card!)).toMatchObject({ Folio: request.folio, Requester: 'Rosa Quintero', Service: 'Videoconference' });
    expect(card!.actions[0]).toMatchObject({ type: 'Action.OpenUrl', title: 'Open the card in the channel' });

    const reply = threadOf(request).find((body) => String(body.text).startsWith('Reasignó la solicitud'));
    expect(reply).toMatchObject({
      text: 'Reasignó la solicitud: <at>Beatriz Valdés</at>',
      entities: [{ type: 'mention', text: '<at>Beatriz Valdés</at>', mentioned: { id: '29:asv-2', name: 'Beatriz Valdés' } }],
    });
  });
});

describe('an ASV Teams cannot reach', () => {
  it('gets the e-mail; the Teams step is recorded as skipped, not retried; the thread @mentions them by object id, their name escaped', async () => {
    const request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa.asv@uni.example' });
    await product.asvDoes(request, { type: 'reassign', assignee: unseenAsv });

    const mails = await product.db.collection<{ to: string[]; text: string }>('outbox').find({ requestId: request.id, subject: `Se le reasignó la solicitud ${request.folio}` }).toArray();
    expect(mails.map((mail) => mail.to)).toEqual([[unseenAsv.email]]);
    const reassigned = (await assigneeSteps(request)).filter((step) => (step.effect as { notice?: string }).notice === 'reassigned');
    expect(reassigned.find((step) => step.step === 'teams')).toMatchObject({ status: 'skipped', channel: 'teams-undelivered', reference: expect.stringMatching(/^no-graph: /) });
    expect(reassigned.find((step) => step.step === null)).toMatchObject({ status: 'delivered', attempts: 1, channel: 'email+teams' });
    expect(product.connector.calls.filter((call) => JSON.stringify(call).includes('asv-3') && !call.conversationId.startsWith(REACH_ASV_CHANNEL))).toEqual([]);

    const replies = threadOf(request);
    expect(replies.map((body) => String(body.text))).not.toContainEqual(expect.stringContaining('Aviso por Teams no entregado'));
    const mention = '<at>Ana \\<b\\>López\\</b\\> \\*urgente\\*</at>';
    expect(replies.find((body) => String(body.text).startsWith('Reasignó la solicitud'))).toMatchObject({
      text: `Reasignó la solicitud: ${mention}`,
      entities: [{ type: 'mention', text: mention, mentioned: { id: '8:orgid:asv-3', name: unseenAsv.name } }],
    });
  });
});
