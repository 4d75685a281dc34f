import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { people } from '../support/service-desk-fixture.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';
import { REACH_ASV_CHANNEL, contentText, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Bug (issue 10 §5): the ASV channel, its tenant and service URL had to be configured by hand
 * (TEAMS_ASV_CHANNEL_ID); adding the app to the ASV team did nothing. Now an ASV adding the app to
 * their team makes its channel the ASV channel (TEAMS_ASV_CHANNEL_ID still overrides), with a
 * short welcome there; the app removed from that team forgets it.
 */

const TEAM = '19:asv-team-general@thread.tacv2';

/** The `installationUpdate` Teams sends when `who` adds (or removes) the app in the team. */
function teamInstallation(product: ReachProduct, who: { id: string; name: string }, action: 'add' | 'remove', channelId = TEAM): Record<string, unknown> {
  return {
    type: 'installationUpdate',
    action,
    id: `team-${action}-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: product.connector.url,
    from: { id: `29:${who.id}`, aadObjectId: who.id, name: who.name },
    recipient: { id: '28:reach-bot', name: 'Mesa de servicios' },
    conversation: { id: channelId, conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID }, team: { id: TEAM, name: 'ASV' }, channel: { id: channelId } },
  };
}

describe('the app added to a team', () => {
  let product: ReachProduct;
  beforeAll(async () => {
    product = await startReachProduct(import.meta.url, { env: { TEAMS_ASV_CHANNEL_ID: '' }, label: 'learned' });
  }, 60_000);
  afterAll(async () => product?.close(), 30_000);

  it('by someone who is not an ASV is not taken as the ASV team: cards are skipped', async () => {
    expect((await product.send(teamInstallation(product, people.hd, 'add'))).status).toBe(200);
    expect(await product.references.asvChannel()).toBeUndefined();
    expect(product.postsTo(TEAM)).toEqual([]);
    const request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa@uni.example' });
    const card = (await product.deliveries(request.id)).find((delivery) => delivery.effect.type === 'post-channel-card' && delivery.step === null);
    expect(card).toMatchObject({ status: 'skipped', reference: expect.stringMatching(/^no ASV channel/) });
  });

  it('by an ASV becomes the ASV channel: welcomed once, and request cards are posted there, updated in place, with their thread', async () => {
    expect((await product.send(teamInstallation(product, people.asv, 'add'))).status).toBe(200);
    expect(await product.references.asvChannel()).toEqual({ teamId: TEAM, channelId: TEAM, tenantId: TEST_TENANT_ID, serviceUrl: product.connector.url, addedBy: people.asv.id });
    const welcome = product.connector.posts().filter((call) => call.conversationId.startsWith(TEAM));
    expect(welcome.map((call) => String(call.body.text))).toEqual([expect.stringMatching(/^Mesa de servicios de videoconferencia: las solicitudes nuevas se publicarán en este canal[\s\S]*Videoconference service desk/)]);
    // The same event again (Teams repeats itself; an upgrade): no second welcome.
    await product.send(teamInstallation(product, people.asv, 'add'));
    expect(product.connector.posts().filter((call) => call.conversationId.startsWith(TEAM))).toHaveLength(1);

    const request = await product.register({ id: '', name: 'Sara Ibarra', email: 'sara@uni.example' });
    const card = product.postsTo(TEAM).find((call) => contentText(call).includes(request.folio));
    expect(card).toBeDefined();
    await product.asvDoes(request, { type: 'take' });
    expect(product.connector.updates().filter((call) => call.activityId === card!.newId && call.conversationId === TEAM).length).toBeGreaterThan(0);
    // Sara has no chat and there is no Graph: the thread of the card in the learned channel says so.
    expect(product.connector.posts().filter((call) => call.conversationId === `${TEAM};messageid=${card!.newId}`).map((call) => String(call.body.text))).toEqual([
      expect.stringContaining('Aviso por Teams no entregado'),
    ]);
  });

  it('removed from that team forgets the channel', async () => {
    expect((await product.send(teamInstallation(product, people.asv, 'remove'))).status).toBe(200);
    expect(await product.references.asvChannel()).toBeUndefined();
  });
});

describe('with TEAMS_ASV_CHANNEL_ID configured', () => {
  let product: ReachProduct;
  beforeAll(async () => {
    product = await startReachProduct(import.meta.url, { label: 'configured' });
  }, 60_000);
  afterAll(async () => product?.close(), 30_000);

  it('keeps posting to the configured channel, whoever adds the app where', async () => {
    expect((await product.send(teamInstallation(product, people.asv, 'add'))).status).toBe(200);
    expect(await product.references.asvChannel()).toBeUndefined();
    expect(product.connector.posts().filter((call) => call.conversationId.startsWith(TEAM))).toEqual([]);
    const request = await product.register({ id: '', name: 'Rosa Quintero', email: 'rosa@uni.example' });
    expect(product.postsTo(REACH_ASV_CHANNEL).some((call) => contentText(call).includes(request.folio))).toBe(true);
  });
});
