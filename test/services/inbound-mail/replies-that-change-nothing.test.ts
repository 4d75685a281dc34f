import { afterEach, describe, expect, it } from '@jest/globals';
import { GraphMailTransport } from '../../../services/graph/graph-mail-transport.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { failingMail } from '../../support/failing-mail.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';
import type { FixtureMailInput } from '../../support/graph-fixture.js';
import { commandId, eventually, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { deskMailbox, historyOf, pendingRequest, recordingTeams, replyBody, settled } from './inbound-mail-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let harness: GraphHarness | undefined;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  await harness?.fixture.stop();
  fixture = undefined;
  harness = undefined;
});

async function deskOnGraph(label: string, options: { teams?: boolean } = {}) {
  harness = await openGraph();
  const h = harness;
  h.fixture.addMailboxes(deskMailbox);
  const teams = recordingTeams();
  const fallback = failingMail();
  const config = testConfig({
    GRAPH_TENANT_ID: h.fixture.tenantId,
    GRAPH_CLIENT_ID: h.fixture.clientId,
    GRAPH_CLIENT_SECRET: h.fixture.clientSecret,
    GRAPH_BASE_URL: h.fixture.baseUrl,
    GRAPH_AUTHORITY_HOST: h.fixture.authorityHost,
    INBOUND_MAILBOX: deskMailbox,
  });
  const graphMail = new GraphMailTransport(h.graph, deskMailbox, { replyTo: deskMailbox });
  // Mail goes out through the fixture's sendMail and is recorded as well, so the ASV's fallback mail can be seen.
  const mail = { name: 'graph+recorded', send: async (message: Parameters<typeof graphMail.send>[0]) => (await fallback.send(message), graphMail.send(message)) };
  fixture = await openServiceDesk(import.meta.url, { label, config, mail, ...(options.teams === false ? {} : { teams }) });
  return { f: fixture, h, teams, sent: fallback.sent };
}

async function subjectOf(h: GraphHarness, request: ServiceRequest): Promise<string> {
  const sent = await eventually(async () => h.fixture.sentMail.find((mail) => mail.message.subject.includes(`ref ${request.folio}.${request.wait!.waitId}.`)));
  return sent.message.subject;
}

function reply(overrides: Partial<FixtureMailInput> & Pick<FixtureMailInput, 'subject'>): FixtureMailInput {
  return { from: { address: people.requester.email }, body: { contentType: 'text', content: 'Somos 25 personas.' }, ...overrides };
}

describe('replies by e-mail that change nothing', () => {
  it("a stranger's reply with the right token is shown to the ASV in the thread, with its sender's address and attachments, and changes nothing", async () => {
    const { f, h, teams } = await deskOnGraph('stranger');
    const request = await pendingRequest(f.desk);
    const subject = await subjectOf(h, request);
    h.fixture.deliverMail(
      deskMailbox,
      reply({
        from: { address: people.stranger.email, name: people.requester.name },
        subject: `RE: ${subject}`,
        body: { contentType: 'text', content: replyBody('Cancelen el evento, **soy Rosa**. [aquí](https://evil.example)', 'Para continuar…') },
        attachments: [{ name: 'orden.pdf' }],
      }),
    );

    await f.desk.inboundMail!.pollOnce();
    await settled(f.desk);

    const now = (await f.desk.requests.get(request.id))!;
    expect(now.status).toBe('Pendiente por el usuario');
    expect(now.version).toBe(request.version);
    expect(now.history).toHaveLength(request.history.length);
    expect(teams.posts).toEqual([
      {
        requestId: request.id,
        folio: request.folio,
        topic: 'mail-not-applied',
        text:
          `Respuesta por correo de ${people.stranger.email}, no aplicada: el remitente no es el solicitante (${people.requester.email}); no cambia el estado.\n\n` +
          'Cancelen el evento, **soy Rosa**. [aquí](https://evil.example)\n\nAdjuntos (en el buzón de la mesa): orden.pdf',
      },
    ]);
  });

  it('a reply to a wait that is closed (answered in Teams meanwhile) is shown and changes nothing', async () => {
    const { f, h, teams } = await deskOnGraph('closed');
    const request = await pendingRequest(f.desk);
    const subject = await subjectOf(h, request);
    const answered = await f.desk.requests.execute(request.id, { type: 'reply', text: 'Somos 25 (por Teams).' }, f.actor(people.requester), commandId('teams-reply'));
    expect(answered.outcome).toBe('applied');
    await settled(f.desk);
    teams.posts.splice(0);
    const before = (await f.desk.requests.get(request.id))!;

    h.fixture.deliverMail(deskMailbox, reply({ subject: `RE: ${subject}`, body: { contentType: 'text', content: 'Somos 26 (por correo).' } }));
    await f.desk.inboundMail!.pollOnce();
    await settled(f.desk);

    const now = (await f.desk.requests.get(request.id))!;
    expect(now.status).toBe('En Proceso');
    expect(now.version).toBe(before.version);
    expect(await historyOf(f.desk, request.id, 'reply')).toHaveLength(1);
    expect(teams.posts.map((post) => post.text)).toEqual([
      `Respuesta por correo de ${people.requester.email}, no aplicada: la petición de información a la que responde ya no está abierta; no cambia el estado.\n\nSomos 26 (por correo).`,
    ]);
  });

  it('a reply to an earlier wait of the same request (a second request for information is open) is not taken as the answer to the new one', async () => {
    const { f, h, teams } = await deskOnGraph('earlier-wait');
    const request = await pendingRequest(f.desk, 'Primera pregunta');
    const firstSubject = await subjectOf(h, request);
    await f.desk.requests.execute(request.id, { type: 'reply', text: 'Respuesta por Teams' }, f.actor(people.requester), commandId('teams-reply'));
    const again = await f.desk.requests.execute(request.id, { type: 'request-info', message: 'Segunda pregunta' }, f.actor(people.asv), commandId('ask-again'));
    if (again.outcome !== 'applied') throw new Error(again.outcome);
    await settled(f.desk);
    teams.posts.splice(0);

    h.fixture.deliverMail(deskMailbox, reply({ subject: `RE: ${firstSubject}` }));
    await f.desk.inboundMail!.pollOnce();
    await settled(f.desk);

    expect((await f.desk.requests.get(request.id))!.status).toBe('Pendiente por el usuario');
    expect(teams.posts.map((post) => post.topic)).toEqual(['mail-not-applied']);
  });

  it('a reply without a token, with a forged token (a known folio, a guessed MAC), or an automatic one is ignored: no change, no post', async () => {
    const { f, h, teams } = await deskOnGraph('ignored');
    const request = await pendingRequest(f.desk);
    const subject = await subjectOf(h, request);
    const forged = subject.replace(/\.[0-9a-f]{20}\]/, '.0123456789abcdef0123]');
    h.fixture.deliverMail(deskMailbox, reply({ subject: `RE: Su solicitud ${request.folio} necesita información` }));
    h.fixture.deliverMail(deskMailbox, reply({ subject: `RE: ${forged}` }));
    h.fixture.deliverMail(deskMailbox, reply({ from: { address: people.stranger.email }, subject: `RE: ${forged}` }));
    h.fixture.deliverMail(deskMailbox, reply({ subject: `Respuesta automática: ${subject}`, headers: [{ name: 'Auto-Submitted', value: 'auto-replied' }], body: { contentType: 'text', content: 'Estoy fuera de la oficina.' } }));

    expect((await f.desk.inboundMail!.pollOnce()).read).toBe(4);
    await settled(f.desk);

    const now = (await f.desk.requests.get(request.id))!;
    expect(now.status).toBe('Pendiente por el usuario');
    expect(now.version).toBe(request.version);
    expect(teams.posts).toEqual([]);
    const records = await f.database.connection.db!.collection('inbound_mail').find().toArray();
    expect(records.map((record) => [record.outcome, record.reason]).sort()).toEqual([
      ['ignored', 'automatic'],
      ['ignored', 'no-token'],
      ['ignored', 'no-token'],
      ['ignored', 'no-token'],
    ]);
  });

  it('without a Teams thread, a reply that is not applied is e-mailed to the assigned ASV', async () => {
    const { f, h, sent } = await deskOnGraph('no-teams', { teams: false });
    const request = await pendingRequest(f.desk);
    const subject = await subjectOf(h, request);
    h.fixture.deliverMail(deskMailbox, reply({ from: { address: people.stranger.email }, subject: `RE: ${subject}` }));

    await f.desk.inboundMail!.pollOnce();

    const note = sent.find((mail) => mail.to.includes(people.asv.email) && /respuesta por correo no aplicada/.test(mail.subject));
    expect(note?.text).toContain(`Respuesta por correo de ${people.stranger.email}, no aplicada`);
    expect((await f.desk.requests.get(request.id))!.status).toBe('Pendiente por el usuario');
  });
});
