import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contentText, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';
import { commandId } from '../support/service-desk-fixture.js';

/**
 * Bug: an ASV who never opened the bot, reached through Graph for their first assignment, got the
 * requesters' welcome ("I will tell you how your requests are going, and you can answer here when
 * we ask you for information"). They get the ASV's: what this chat will tell them.
 */

let product: ReachProduct;
const asvObjectId = 'c0ffee00-0000-4000-8000-00000000a5f1';
const asv = { id: asvObjectId, name: 'Irene Salas', email: 'irene.salas@uni.example' };

beforeAll(async () => {
  // The ASVs configured by Entra object id, as in a real tenant.
  product = await startReachProduct(import.meta.url, { graph: true, env: { ROLE_ASV: `${asvObjectId},asv-2` } });
}, 60_000);
afterAll(async () => product?.close(), 30_000);

describe('an ASV who never opened the bot, with Graph configured', () => {
  it('gets the ASV welcome in both languages, then the assignment card, in the chat the install opened', async () => {
    product.graph!.fixture.addDirectoryUsers({ id: asvObjectId, displayName: asv.name, mail: asv.email, userPrincipalName: asv.email });
    const registered = await product.composed.desk.requests.register(
      { requester: { id: '', name: 'Rosa Quintero', email: 'rosa.q@uni.example' }, dependencia: { name: 'Facultad de Ingeniería', siglas: 'FI' }, description: 'Videoconferencia con Salamanca', service: 'VC', assignee: asv },
      product.hd,
      commandId('register'),
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await product.settle();
    const request = registered.request;

    const posts = product.postsTo(`a:fc-chat-${asvObjectId}`).map(contentText);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatch(/Por este chat le avisaré de las solicitudes que se le asignen[\s\S]*In this chat I will tell you of the requests assigned or re-assigned to you/);
    expect(posts[0]).not.toContain('cuando le pidamos información');
    expect(posts[1]).toContain(request.folio);
  });
});
