// The satisfaction survey by e-mail (issue 12 §1): when Teams cannot reach the requester, the
// survey goes by e-mail with a reply token, and a reply that starts with a number from 1 to 5 is
// applied as their rating (the rest is the comment), once; anything else, or a second rating, is
// shown to the ASV and changes nothing.
import { afterEach, describe, expect, it } from '@jest/globals';
import { GraphMailTransport } from '../../../services/graph/graph-mail-transport.js';
import { ratingFromReply } from '../../../services/requests/after-event.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { endedTerminada } from '../../support/after-event-fixture.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';
import type { SentMail } from '../../support/graph-fixture.js';
import { eventually, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { deskMailbox, historyOf, recordingTeams, replyBody, settled } from './inbound-mail-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let harness: GraphHarness | undefined;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  await harness?.fixture.stop();
  fixture = undefined;
  harness = undefined;
});

async function deskOnGraph(label: string) {
  harness = await openGraph();
  harness.fixture.addMailboxes(deskMailbox);
  const teams = recordingTeams();
  const h = harness;
  const config = testConfig({
    GRAPH_TENANT_ID: h.fixture.tenantId,
    GRAPH_CLIENT_ID: h.fixture.clientId,
    GRAPH_CLIENT_SECRET: h.fixture.clientSecret,
    GRAPH_BASE_URL: h.fixture.baseUrl,
    GRAPH_AUTHORITY_HOST: h.fixture.authorityHost,
    GRAPH_MAIL_FROM: deskMailbox,
    INBOUND_MAILBOX: deskMailbox,
    INBOUND_POLL_EVERY_MS: '3600000',
  });
  fixture = await openServiceDesk(import.meta.url, { label, config, teams, mail: new GraphMailTransport(h.graph, deskMailbox, { replyTo: deskMailbox }) });
  await fixture.desk.start();
  return { f: fixture, h, teams };
}

async function surveyMail(h: GraphHarness, request: ServiceRequest): Promise<SentMail> {
  return eventually(async () => h.fixture.sentMail.find((mail) => mail.message.subject.includes(request.folio) && /calificaría/.test(mail.message.subject)));
}

describe('a rating from a reply', () => {
  it.each([
    ['5 todo excelente', { rating: 5, comment: 'todo excelente' }],
    ['4', { rating: 4 }],
    ['4/5 buena conexión', { rating: 4, comment: 'buena conexión' }],
    ['3. Regular, se cortó el audio', { rating: 3, comment: 'Regular, se cortó el audio' }],
    ['  1 - muy mal\n\nNadie contestó', { rating: 1, comment: 'muy mal\n\nNadie contestó' }],
  ])('"%s" is a rating', (text, expected) => {
    expect(ratingFromReply(text)).toEqual(expected);
  });

  it.each(['10 de 10', '0', '6 estrellas', 'excelente, 5', '', '2.5', '5,5'])('"%s" is not', (text) => {
    expect(ratingFromReply(text)).toBeUndefined();
  });
});

describe('the survey by e-mail', () => {
  it('goes by e-mail when Teams does not reach the requester; "5 todo excelente" is applied as the rating, once; a second answer is shown to the ASV only', async () => {
    const { f, h, teams } = await deskOnGraph('rated');
    const request = await endedTerminada(f.desk);
    const sent = await surveyMail(h, request);
    expect(sent.message.subject).toMatch(new RegExp(`^¿Cómo calificaría el servicio ${request.folio}\\? \\[ref ${request.folio}\\.0\\.[0-9a-f]{20}\\]$`));
    expect(sent.message.body.content).toContain('«5 todo excelente»');
    expect(sent.message.body.content).toContain('Se reciben calificaciones hasta el');

    const reply = { from: { address: people.requester.email }, subject: `RE: ${sent.message.subject}`, internetMessageId: '<rate-1@uni.example>', body: { contentType: 'text' as const, content: replyBody('5 todo excelente', sent.message.body.content) } };
    h.fixture.deliverMail(deskMailbox, reply);
    await f.desk.inboundMail!.pollOnce();
    await settled(f.desk);

    const rated = (await f.desk.requests.get(request.id))!;
    expect(rated.status).toBe('Terminada');
    expect(rated.rating).toMatchObject({ rating: 5, comment: 'todo excelente' });
    const entries = await historyOf(f.desk, request.id, 'rate');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: { id: people.requester.id, role: 'REQUESTER' }, note: '5/5\ntodo excelente' });

    // The same message again, and a second answer: nothing changes; the second is shown in the thread.
    h.fixture.deliverMail(deskMailbox, reply);
    h.fixture.deliverMail(deskMailbox, { ...reply, internetMessageId: '<rate-2@uni.example>', body: { contentType: 'text' as const, content: '2 pensándolo mejor' } });
    await f.desk.inboundMail!.pollOnce();
    await settled(f.desk);
    expect((await f.desk.requests.get(request.id))!.version).toBe(rated.version);
    expect(teams.posts.map((post) => post.text)).toEqual([expect.stringMatching(/ya fue calificada o el periodo para calificar terminó[\s\S]*2 pensándolo mejor/)]);
  });

  it('a reply that does not start with a rating is shown to the ASV and is no rating', async () => {
    const { f, h, teams } = await deskOnGraph('not-a-rating');
    const request = await endedTerminada(f.desk);
    const sent = await surveyMail(h, request);
    h.fixture.deliverMail(deskMailbox, { from: { address: people.requester.email }, subject: `RE: ${sent.message.subject}`, internetMessageId: '<rate-3@uni.example>', body: { contentType: 'text', content: 'Muy bien todo, gracias' } });
    await f.desk.inboundMail!.pollOnce();
    await settled(f.desk);
    expect((await f.desk.requests.get(request.id))!.rating ?? null).toBeNull();
    expect(teams.posts).toEqual([expect.objectContaining({ requestId: request.id, text: expect.stringContaining('no empieza con una calificación del 1 al 5') })]);
  });
});
