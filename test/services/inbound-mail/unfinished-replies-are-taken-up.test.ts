import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../services/logging/logger.js';
import type { InboundMailRecord } from '../../../services/inbound-mail/inbound-mail-service.js';
import { GraphMailTransport } from '../../../services/graph/graph-mail-transport.js';
import { createServiceDesk } from '../../../services/service-desk.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';
import { eventually, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { deskMailbox, historyOf, pendingRequest, recordingTeams, settled } from './inbound-mail-fixture.js';

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

async function deskOnGraph(label: string) {
  harness = await openGraph();
  const h = harness;
  h.fixture.addMailboxes(deskMailbox);
  const teams = recordingTeams();
  const config = testConfig({
    GRAPH_TENANT_ID: h.fixture.tenantId,
    GRAPH_CLIENT_ID: h.fixture.clientId,
    GRAPH_CLIENT_SECRET: h.fixture.clientSecret,
    GRAPH_BASE_URL: h.fixture.baseUrl,
    GRAPH_AUTHORITY_HOST: h.fixture.authorityHost,
    INBOUND_MAILBOX: deskMailbox,
  });
  fixture = await openServiceDesk(import.meta.url, { label, config, teams, mail: new GraphMailTransport(h.graph, deskMailbox) });
  const records = fixture.database.connection.db!.collection<InboundMailRecord>('inbound_mail');
  return { f: fixture, h, teams, config, records };
}

async function replySubject(h: GraphHarness, folio: string): Promise<string> {
  const sent = await eventually(async () => h.fixture.sentMail.find((mail) => mail.message.subject.includes(`[ref ${folio}.`)));
  return `RE: ${sent.message.subject}`;
}

describe('a reply whose handling did not finish', () => {
  it('is tried again after its back-off when showing it failed (Teams down), and shown once', async () => {
    const { f, h, teams, records } = await deskOnGraph('retry');
    const request = await pendingRequest(f.desk);
    h.fixture.deliverMail(deskMailbox, { from: { address: people.stranger.email }, subject: await replySubject(h, request.folio), body: { contentType: 'text', content: 'Hola' } });
    const post = teams.postThreadReply.bind(teams);
    teams.postThreadReply = async () => {
      throw new Error('Teams 503');
    };

    await f.desk.inboundMail!.pollOnce();
    const waiting = (await records.findOne({ state: 'received' }))!;
    expect(waiting).toMatchObject({ attempts: 1, claimedBy: null });
    expect(waiting.leaseUntil.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await f.desk.inboundMail!.pollOnce()).toEqual({ read: 0, resumed: 0 });

    teams.postThreadReply = post;
    await records.updateOne({ _id: waiting._id }, { $set: { leaseUntil: new Date(Date.now() - 1) } });
    expect(await f.desk.inboundMail!.pollOnce()).toEqual({ read: 0, resumed: 1 });
    expect(await f.desk.inboundMail!.pollOnce()).toEqual({ read: 0, resumed: 0 });
    expect(teams.posts.map((entry) => entry.topic)).toEqual(['mail-not-applied']);
    expect(await records.findOne({ _id: waiting._id })).toMatchObject({ state: 'done', outcome: 'shown', reason: 'not-requester' });
  });

  it('left by an instance that died after claiming it is taken up by another once the lease is over, and applied once', async () => {
    const { f, h, teams, config, records } = await deskOnGraph('crash');
    const request = await pendingRequest(f.desk);
    h.fixture.deliverMail(deskMailbox, { from: { address: people.requester.email }, internetMessageId: '<crashed@uni.example>', subject: await replySubject(h, request.folio), body: { contentType: 'text', content: 'Somos 40.' } });
    // The first instance read the message and claimed it, then died: its record is all that is left (the delta moved on).
    await f.desk.inboundMail!.pollOnce();
    const done = (await records.findOne({ _id: 'mail:crashed@uni.example' }))!;
    await records.updateOne({ _id: done._id }, { $set: { state: 'received', claimedBy: 'dead-instance', leaseUntil: new Date(Date.now() - 1) }, $unset: { outcome: '', doneAt: '' } });
    const second = await createServiceDesk({ config, connection: f.database.connection, logger: createLogger('silent'), teams, instanceName: 'survivor' });
    others.push(second);

    expect(await second.inboundMail!.pollOnce()).toEqual({ read: 0, resumed: 1 });
    await settled(f.desk);

    expect(await records.findOne({ _id: done._id })).toMatchObject({ state: 'done', outcome: 'duplicate' });
    expect(await historyOf(f.desk, request.id, 'reply')).toHaveLength(1);
    expect((await f.desk.requests.get(request.id))!.status).toBe('En Proceso');
  });
});
