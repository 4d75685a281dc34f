import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemActor } from '../../services/requests/role-directory.js';
import { commandId } from '../support/service-desk-fixture.js';
import { contentText, personalActivity, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Bugs (issue 10 §4): the reminder looked exactly like the first information request in Teams
 * (only the e-mail said "Recordatorio"); and once the wait had closed (No Procede), the old card in
 * the requester's chat still offered its reply form. Now the reminder's card says it is a reminder,
 * and the card refreshes itself when shown (a 1:1 chat has one user): the refresh answers with the
 * card as it stands, without the reply once the request no longer waits.
 */
let product: ReachProduct;
const requesterId = 'c0ffee00-0000-4000-8000-00000000a110';
const requester = { id: requesterId, name: 'Rosa Quintero', email: 'rosa.r@uni.example' };
const chat = `a:fc-chat-${requesterId}`;

beforeAll(async () => {
  product = await startReachProduct(import.meta.url, { graph: true });
  product.graph!.fixture.addDirectoryUsers({ id: requesterId, displayName: requester.name, mail: requester.email, userPrincipalName: requester.email });
}, 60_000);
afterAll(async () => product?.close(), 30_000);

/** The adaptive card of a connector post. */
const cardOf = (post: { body: Record<string, unknown> }) => (post.body.attachments as Array<{ content: Record<string, any> }>)[0]!.content;

describe("the requester's information card in Teams", () => {
  it('says "reminder" on the reminder, and no longer offers the reply once the request is No Procede', async () => {
    let request = await product.register(requester);
    request = await product.asvDoes(request, { type: 'take' });
    request = await product.asvDoes(request, { type: 'request-info', message: 'Falta la IP del equipo remoto' });
    const waitId = request.wait!.waitId;
    const reminded = await product.composed.desk.requests.execute(request.id, { type: 'remind', waitId }, systemActor, commandId('remind'));
    expect(reminded.outcome).toBe('applied');
    await product.settle();

    const cards = product.postsTo(chat).filter((post) => contentText(post).includes('Falta la IP del equipo remoto'));
    expect(cards).toHaveLength(2);
    const [first, reminder] = cards.map(cardOf);
    expect(first!.body[0].text ?? first!.body[1].text).toBe(`Su solicitud ${request.folio} necesita información`);
    expect(JSON.stringify(reminder)).toContain(`Recordatorio: su solicitud ${request.folio} sigue esperando su información`);
    expect(JSON.stringify(first)).not.toContain('Recordatorio');

    const timedOut = await product.composed.desk.requests.execute(request.id, { type: 'wait-timeout', waitId }, systemActor, commandId('timeout'));
    expect(timedOut.outcome).toBe('applied');
    await product.settle();

    // Teams refreshes the old card when the requester opens the chat: it is told the request no longer waits, with no reply form.
    expect(first!.refresh?.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh' });
    const refreshed = await product.send(
      personalActivity(product, requester, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: first!.refresh.action, trigger: 'automatic' },
      }),
    );
    expect(refreshed.status).toBe(200);
    const shown = refreshed.body;
    expect(shown).toContain(`Su solicitud ${request.folio} ya no espera información. Estado: No Procede.`);
    expect(shown).not.toContain('"verb":"reply"');
    expect(shown).not.toContain('"Input.Text"');
  }, 60_000);
});
