import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { REACH_ASV_CHANNEL, contentText, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Bug (issue 10 §4, second walk): putting a request on hold and No Procede by the ASV posted
 * nothing in the request's thread (the timeout did). Now each is a reply in the thread, with who
 * did it and why.
 */
let product: ReachProduct;

beforeAll(async () => {
  product = await startReachProduct(import.meta.url);
}, 60_000);
afterAll(async () => product?.close(), 30_000);

/** The replies in a request's thread (the ASV channel). */
function threadOf(request: ServiceRequest): string[] {
  const cardId = product.postsTo(REACH_ASV_CHANNEL).find((call) => contentText(call).includes(request.folio))?.newId;
  return product.connector.posts().filter((call) => call.conversationId === `${REACH_ASV_CHANNEL};messageid=${cardId}`).map((call) => String(call.body.text));
}

describe("the ASV's hold and No Procede", () => {
  it('are replies in the thread, with who and why', async () => {
    let request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa.t@uni.example' });
    request = await product.asvDoes(request, { type: 'take' });
    request = await product.asvDoes(request, { type: 'hold', reason: 'La sala 2 está en mantenimiento' });
    request = await product.asvDoes(request, { type: 'resume' });
    await product.asvDoes(request, { type: 'reject', reasons: 'El evento es *privado*' });
    const replies = threadOf(request).filter((text) => !text.includes('Aviso por Teams no entregado'));
    expect(replies).toEqual([
      `**${product.asv.name}:** Puso la solicitud en Espera: La sala 2 está en mantenimiento`,
      `**${product.asv.name}:** Marcó la solicitud como No Procede: El evento es \\*privado\\*`,
    ]);
  }, 60_000);
});
