import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId } from '../support/service-desk-fixture.js';
import { contentText, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Bug (issue 10 §4): after DAU cancelled a request, the card in the DAU channel still said
 * No Procede with an active Cancelar. Now DAU's card is remembered and updated in place with
 * every later change, like the request card in the ASV channel.
 */
const DAU_CHANNEL = '19:dau-follow-up@thread.tacv2';
let product: ReachProduct;

beforeAll(async () => {
  product = await startReachProduct(import.meta.url, { env: { TEAMS_DAU_CHANNEL_ID: DAU_CHANNEL } });
}, 60_000);
afterAll(async () => product?.close(), 30_000);

describe("DAU's follow-up card", () => {
  it('shows Cancelada and no Cancelar once DAU cancelled', async () => {
    let request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa.d@uni.example' });
    request = await product.asvDoes(request, { type: 'take' });
    request = await product.asvDoes(request, { type: 'reject', reasons: 'No hay sala disponible' });
    const [posted] = product.postsTo(DAU_CHANNEL);
    expect(contentText(posted!)).toContain('"verb":"cancel"');

    const dau = product.composed.desk.roles.actorFor({ id: product.config.roles.DAU[0]!, name: 'DAU' });
    const cancelled = await product.composed.desk.requests.execute(request.id, { type: 'cancel' }, dau, commandId('cancel'), request.version);
    expect(cancelled.outcome).toBe('applied');
    await product.settle();

    const last = product.connector.updates().filter((call) => call.activityId === posted!.newId).at(-1);
    expect(last).toBeDefined();
    expect(contentText(last!)).toContain('Cancelada');
    expect(contentText(last!)).not.toContain('"verb":"cancel"');
  }, 60_000);
});
