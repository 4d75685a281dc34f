import { afterEach, describe, expect, it } from '@jest/globals';
import { GraphMailTransport } from '../../../services/graph/graph-mail-transport.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { createServiceDesk } from '../../../services/service-desk.js';
import { createLogger } from '../../../services/logging/logger.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';
import type { SentMail } from '../../support/graph-fixture.js';
import { eventually, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { deskMailbox, historyOf, pendingRequest, recordingTeams, replyBody, settled } from './inbound-mail-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let harness: GraphHarness | undefined;
let fixture: Fixture | undefined;
const others: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const desk of others.splice(0)) await desk.stop();
  await fixture?.close();
  await harness?.fixture.stop();
  fixture = undefined;
  harness = undefined;
});

function graphEnvironment(h: GraphHarness): Record<string, string> {
  return {
    GRAPH_TENANT_ID: h.fixture.tenantId,
    GRAPH_CLIENT_ID: h.fixture.clientId,
    GRAPH_CLIENT_SECRET: h.fixture.clientSecret,
    GRAPH_BASE_URL: h.fixture.baseUrl,
    GRAPH_AUTHORITY_HOST: h.fixture.authorityHost,
    GRAPH_MAIL_FROM: deskMailbox,
    INBOUND_MAILBOX: deskMailbox,
    INBOUND_POLL_EVERY_MS: '3600000',
  };
}

/** A desk reading the fixture's mailbox, sending through the fixture's sendMail, its thread posts recorded. */
async function deskOnGraph(label: string) {
  harness = await openGraph();
  harness.fixture.addMailboxes(deskMailbox);
  const teams = recordingTeams();
  const config = testConfig(graphEnvironment(harness));
  fixture = await openServiceDesk(import.meta.url, { label, config, teams, mail: new GraphMailTransport(harness.graph, deskMailbox, { replyTo: deskMailbox }) });
  return { f: fixture, h: harness, teams, config };
}

/** The information request's mail, once sendMail has it. */
async function infoRequestMail(h: GraphHarness, request: ServiceRequest): Promise<SentMail> {
  return eventually(async () => h.fixture.sentMail.find((mail) => mail.message.subject.includes(request.folio) && /necesita información/.test(mail.message.subject)));
}

describe('answers by e-mail through Microsoft Graph', () => {
  it('the info-request mail carries the reply token, asks for replies at the desk and invites a reply by e-mail', async () => {
    const { f, h } = await deskOnGraph('invites');
    const request = await pendingRequest(f.desk);
    const sent = await infoRequestMail(h, request);

    expect(sent.message.subject).toMatch(new RegExp(`^Su solicitud ${request.folio} necesita información \\[ref ${request.folio}\\.${request.wait!.waitId}\\.[0-9a-f]{20}\\]$`));
    const token = /\[ref (\S+)\]/.exec(sent.message.subject)![1]!;
    expect(sent.message.internetMessageHeaders).toContainEqual({ name: 'X-Service-Desk-Ref', value: token });
    expect((sent.message as unknown as { replyTo: unknown }).replyTo).toEqual([{ emailAddress: { address: deskMailbox } }]);
    expect(sent.message.body.content).toContain('respondiendo a este correo');
  });

  it("the requester's reply moves the request to En Proceso once — quoted history and signature stripped, attachments listed, shown in the thread and the history", async () => {
    const { f, h, teams, config } = await deskOnGraph('applied');
    const request = await pendingRequest(f.desk);
    const sent = await infoRequestMail(h, request);
    // Unrelated mail around it, so the delta round pages (two messages a page).
    for (const n of [1, 2, 3]) h.fixture.deliverMail(deskMailbox, { from: { address: `news${n}@lists.example` }, subject: `Boletín ${n}`, body: { contentType: 'text', content: 'Noticias' } });
    const reply = {
      from: { address: 'Rosa@UNI.example', name: 'Mesa de Servicios (oficial)' },
      subject: `RE: ${sent.message.subject}`,
      internetMessageId: '<reply-1@uni.example>',
      body: {
        contentType: 'html' as const,
        content: `<div>Seremos <b>25 personas</b> en la sala 3.</div>${replyBody('', 'x').split('\n').map((line) => `<div>${line.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</div>`).join('')}<blockquote>Para continuar con su solicitud ${request.folio} necesitamos lo siguiente</blockquote>`,
      },
      attachments: [{ name: 'plano-sala-3.pdf', contentType: 'application/pdf', size: 48_000 }, { name: 'firma.png', isInline: true }],
    };
    h.fixture.deliverMail(deskMailbox, reply);

    const round = await f.desk.inboundMail!.pollOnce();
    await settled(f.desk);

    expect(round).toEqual({ read: 4, resumed: 0 });
    const now = (await f.desk.requests.get(request.id))!;
    expect(now.status).toBe('En Proceso');
    expect(now.wait).toBeNull();
    const replies = await historyOf(f.desk, request.id, 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.actor).toEqual({ id: people.requester.id, name: people.requester.name, role: 'REQUESTER' });
    expect(replies[0]!.note).toBe('Seremos 25 personas en la sala 3.\n\nAdjuntos (en el buzón de la mesa): plano-sala-3.pdf');
    expect(teams.posts).toEqual([{ requestId: request.id, folio: request.folio, topic: 'requester-reply', text: replies[0]!.note }]);

    // The same message delivered again, and a second instance reading the same mailbox: applied once.
    h.fixture.deliverMail(deskMailbox, reply);
    const second = await createServiceDesk({ config, connection: f.database.connection, logger: createLogger('silent'), teams, instanceName: 'second-instance' });
    others.push(second);
    await Promise.all([f.desk.inboundMail!.pollOnce(), second.inboundMail!.pollOnce(), f.desk.inboundMail!.pollOnce()]);
    await settled(f.desk);
    expect(await historyOf(f.desk, request.id, 'reply')).toHaveLength(1);
    expect(teams.posts).toHaveLength(1);
    expect((await f.desk.requests.get(request.id))!.version).toBe(now.version);

    const deltas = h.fixture.callsTo('/mailFolders/inbox/messages/delta');
    expect(deltas[0]!.query).toMatchObject({ changeType: 'created', $filter: expect.stringMatching(/^receivedDateTime ge \d{4}-/) as unknown as string });
    expect(deltas[0]!.query.$select!.split(',')).toEqual(expect.arrayContaining(['internetMessageHeaders', 'body', 'from', 'hasAttachments']));
    expect(deltas.every((call) => /outlook\.body-content-type="text"/.test(call.headers.prefer ?? ''))).toBe(true);
    expect(deltas.some((call) => call.query.$skiptoken)).toBe(true);
    expect(deltas.at(-1)!.query.$deltatoken).toBeDefined();
    expect(h.fixture.callsTo('/attachments').length).toBeGreaterThan(0);
  });

  it('waits out a 429 with its Retry-After and reads on; a round that fails keeps its place and the next one reads the reply', async () => {
    const { f, h } = await deskOnGraph('throttled');
    const request = await pendingRequest(f.desk);
    const sent = await infoRequestMail(h, request);
    h.fixture.deliverMail(deskMailbox, { from: { address: people.requester.email }, subject: `RE: ${sent.message.subject}`, body: { contentType: 'text', content: 'Somos 12.' } });

    h.fixture.failNext('/messages/delta', [{ status: 429, retryAfterSeconds: 1 }]);
    const started = Date.now();
    expect(await f.desk.inboundMail!.pollOnce()).toEqual({ read: 1, resumed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await f.desk.requests.get(request.id))!.status).toBe('En Proceso');

    const again = await pendingRequest(f.desk, '¿Y el número de la sala remota?');
    const second = await eventually(async () => h.fixture.sentMail.find((mail) => mail.message.subject.includes(again.folio) && /necesita información/.test(mail.message.subject)));
    h.fixture.deliverMail(deskMailbox, { from: { address: people.requester.email }, subject: `RE: ${second.message.subject}`, body: { contentType: 'text', content: 'Es la 4.' } });
    const unfail = h.fixture.failAlways('/messages/delta', { status: 500 });
    const failed = await f.desk.inboundMail!.pollOnce();
    expect(failed.read).toBe(0);
    expect(failed.error).toMatch(/500/);
    unfail();
    expect((await f.desk.inboundMail!.pollOnce()).read).toBe(1);
    expect((await f.desk.requests.get(again.id))!.status).toBe('En Proceso');
  });

  it('a removed message is skipped; a delta token Graph no longer knows (410) starts over with a first round, and nothing is applied twice', async () => {
    const { f, h } = await deskOnGraph('gone');
    const request = await pendingRequest(f.desk);
    const sent = await infoRequestMail(h, request);
    const answer = h.fixture.deliverMail(deskMailbox, { from: { address: people.requester.email }, subject: `RE: ${sent.message.subject}`, body: { contentType: 'text', content: 'Somos 30.' } });
    expect((await f.desk.inboundMail!.pollOnce()).read).toBe(1);
    // Someone files the reply away: the next round reports it @removed, which is not a message.
    h.fixture.removeMail(deskMailbox, answer.id);
    expect(await f.desk.inboundMail!.pollOnce()).toEqual({ read: 0, resumed: 0 });
    expect(h.fixture.callsTo('/messages/delta').at(-1)!.query.$deltatoken).toBeDefined();
    h.fixture.failNext((call) => call.path.endsWith('/messages/delta'), [{ status: 410, code: 'SyncStateNotFound', message: 'The sync state is no longer valid.' }]);

    await f.desk.inboundMail!.pollOnce();
    const restarted = await f.desk.inboundMail!.pollOnce();

    expect(restarted.read).toBe(0);
    expect(h.fixture.callsTo('/messages/delta').at(-1)!.query.$filter).toBeDefined();
    expect(await historyOf(f.desk, request.id, 'reply')).toHaveLength(1);
  });
});
