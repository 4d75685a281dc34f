import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, people } from '../support/service-desk-fixture.js';
import { requestReadyToBook, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { REACH_ASV_CHANNEL, contentText, startReachProduct, type ReachProduct } from '../support/teams-reach-fixture.js';

/**
 * Bug (issue 10 §4, second walk): a reschedule told nobody — no 1:1, no e-mail, no thread post.
 * Now moving a booking posts in the request's thread and notifies the requester (e-mail, and
 * Teams when it can reach them) with the new date, time, room and technician.
 */
let product: ReachProduct;

beforeAll(async () => {
  product = await startReachProduct(import.meta.url);
  expect((await product.composed.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
}, 60_000);
afterAll(async () => product?.close(), 30_000);

describe('a booking moved to another time', () => {
  it('is posted in the thread and e-mailed to the requester; the first booking is not', async () => {
    const desk = product.composed.desk;
    const fixture = { desk, actor: (person: typeof people.asv) => desk.roles.actorFor(person) };
    const request = await requestReadyToBook(fixture as never, 'Seminario movible', slot('2027-06-08', '10:00', '11:00'));
    expect((await desk.agenda.book(request.id, slot('2027-06-08', '10:00', '11:00'), fixture.actor(people.asv), commandId('book'))).ok).toBe(true);
    await product.settle();
    const mailsBefore = await product.db.collection('outbox').countDocuments({ subject: /reprogram|cambió la fecha/ });
    expect(mailsBefore).toBe(0);

    expect((await desk.agenda.book(request.id, slot('2027-06-08', '12:00', '13:00'), fixture.actor(people.asv), commandId('move'))).ok).toBe(true);
    await product.settle();

    const mails = await product.db.collection('outbox').find({ subject: `Su solicitud ${request.folio}: cambió la fecha u hora del evento` }).toArray();
    expect(mails).toHaveLength(1);
    expect(JSON.stringify(mails[0])).toContain('12:00–13:00, en Sala de Videoconferencia 1');
    const cardId = product.postsTo(REACH_ASV_CHANNEL).find((call) => contentText(call).includes(request.folio))?.newId;
    const thread = product.connector.posts().filter((call) => call.conversationId === `${REACH_ASV_CHANNEL};messageid=${cardId}`).map((call) => String(call.body.text));
    expect(thread.some((text) => text.startsWith('Evento reprogramado: FI – Seminario movible') && text.includes('12:00–13:00'))).toBe(true);
  }, 60_000);
});
