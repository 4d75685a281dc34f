import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, people } from '../support/service-desk-fixture.js';
import { startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Bug (issue 10 §4, second walk): the assignment notice to an ASV configured by id (no e-mail in
 * the configuration) was skipped ("no e-mail address"). Now it goes to the e-mail their directory
 * gave for their object id (the Teams roster or Graph, as remembered by the bot).
 */
let product: ReachProduct;

beforeAll(async () => {
  product = await startReachProduct(import.meta.url);
}, 60_000);
afterAll(async () => product?.close(), 30_000);

describe('the assignment notice to an ASV configured by object id', () => {
  it('is e-mailed to the address their directory gave', async () => {
    await product.references.rememberEmail('asv-2', 'beatriz.valdes@uni.example');
    const desk = product.composed.desk;
    const registered = await desk.requests.register(
      { requester: { id: '', name: 'Rosa Quintero', email: 'rosa.n@uni.example' }, dependencia: { name: 'FI', siglas: 'FI' }, description: 'Sala', service: 'VC', assignee: { id: 'asv-2', name: people.asv2.name } },
      product.hd,
      commandId('register'),
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await product.settle();
    const mails = await product.db.collection('outbox').find({ subject: `Nueva solicitud ${registered.request.folio} – FI` }).toArray();
    expect(mails.map((mail) => mail.to)).toEqual([['beatriz.valdes@uni.example']]);
    const notice = (await product.deliveries(registered.request.id)).find((delivery) => delivery.effect.type === 'notify-assignee' && delivery.step === 'email');
    expect(notice?.status).toBe('delivered');
  }, 60_000);
});
