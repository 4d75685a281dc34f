import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import { TeamsReferences } from '../../bot/teams-references.js';
import type { ServiceDeskBot } from '../../bot/service-desk-bot.js';
import { requestModels } from '../../services/store/request-documents.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, fromTeams } from '../support/test-adapter-bot.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';

/**
 * Bugs: the bot took activities from any tenant and any channel, trusted `from.id` as an
 * identity, and trusted the e-mail the caller's own tenant roster gave — for roles, for request
 * ownership and as the key of notification chats. A user of another tenant whose directory mail
 * was a victim's listed the victim's requests and got their notices; over Direct Line a client
 * setting `from.id` to an ASV's id acted as that ASV.
 */
describe('who a Teams activity comes from', () => {
  const config = testConfig({ ROLE_ASV: 'asv-1,asv-2,asv-by-mail@uni.example' });
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let bot: ServiceDeskBot;
  let requestId: string;
  let folio: string;

  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    bot = botOnDesk(fixture, config);
    const registered = await fixture.desk.requests.register(registration({ requester: { id: '', name: 'Rosa Quintero', email: 'rosa@uni.example' } }), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    requestId = registered.request.id;
    folio = registered.request.folio;
  });
  afterAll(async () => fixture.close());

  /** A roster (what TeamsInfo.getMember asks the connector) that answers `member` for anyone. */
  const roster = (member: { id: string; aadObjectId?: string; email: string }) => ({
    conversations: { getConversationMember: async () => ({ ...member, userPrincipalName: member.email }) },
  });

  /** Sends one activity through TestAdapter with a roster stand-in and returns everything the bot sent back. */
  async function send(activity: Partial<Activity>, member?: { id: string; aadObjectId?: string; email: string }): Promise<Partial<Activity>[]> {
    const adapter = new TestAdapter(async (context) => bot.run(context));
    if (member) {
      adapter.use(async (context, next) => {
        context.turnState.set(context.adapter.ConnectorClientKey, roster(member));
        await next();
      });
    }
    await adapter.send({ locale: 'es-MX', ...activity }).startTest();
    const replies: Partial<Activity>[] = [];
    for (let next = adapter.activeQueue.shift(); next; next = adapter.activeQueue.shift()) replies.push(next);
    return replies;
  }

  const take = (from: Partial<Activity>): Partial<Activity> => ({
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'take', data: { requestId, version: 1 } } },
    ...from,
  });

  it('refuses an activity of another tenant, whatever its roster says, writing nothing', async () => {
    const foreign = { ...fromTeams({ id: 'evil-oid', name: 'Mallory' }), channelData: { tenant: { id: '99999999-9999-4999-8999-999999999999' } }, conversation: { id: 'a:evil', conversationType: 'personal', tenantId: '99999999-9999-4999-8999-999999999999' } };
    const listed = await send({ type: 'message', text: 'mis solicitudes', ...foreign } as Partial<Activity>, { id: '29:evil', aadObjectId: 'evil-oid', email: 'rosa@uni.example' });
    expect(listed).toEqual([]);
    const clicked = await send(take(foreign as Partial<Activity>), { id: '29:evil', aadObjectId: 'evil-oid', email: 'rosa@uni.example' });
    expect(clicked).toMatchObject([{ type: 'invokeResponse', value: { status: 403 } }]);
    expect(await new TeamsReferences(fixture.database.connection).chatOf({ email: 'rosa@uni.example' })).toBeUndefined();
    expect((await fixture.desk.requests.get(requestId))?.version).toBe(1);
  });

  it.each(['directline', 'webchat', 'emulator'])('refuses the %s channel, even with from.id set to an ASV’s id or a requester’s e-mail', async (channelId) => {
    for (const from of [{ id: 'asv-1', name: 'ASV' }, { id: 'rosa@uni.example', name: 'Rosa' }, { id: 'x', aadObjectId: 'asv-1', name: 'ASV' }]) {
      const answer = await send(take({ channelId, from, conversation: { id: 'dl-1' }, channelData: { tenant: { id: TEST_TENANT_ID } } } as Partial<Activity>));
      expect(answer).toMatchObject([{ type: 'invokeResponse', value: { status: 403 } }]);
      expect(await send({ type: 'message', text: `estado ${folio}`, channelId, from, conversation: { id: 'dl-1' } } as Partial<Activity>)).toEqual([]);
    }
    expect((await fixture.desk.requests.get(requestId))?.version).toBe(1);
  });

  it('takes no role from from.id: a Teams sender without the ASV’s object id is no ASV', async () => {
    const answer = await send(take({ ...fromTeams({ id: 'someone-else', name: 'Mallory' }), from: { id: 'asv-1', aadObjectId: 'someone-else', name: 'Mallory' } } as Partial<Activity>));
    expect(JSON.stringify(answer)).toContain('No encontré esa solicitud');
    expect((await fixture.desk.requests.get(requestId))?.version).toBe(1);
  });

  it('takes no role from the roster’s e-mail: an ASV listed by e-mail is not resolved without Graph, so that e-mail grants nothing', async () => {
    const answer = await send(take(fromTeams({ id: 'mail-asv-oid', name: 'By Mail' })), { id: '29:mail-asv-oid', aadObjectId: 'mail-asv-oid', email: 'asv-by-mail@uni.example' });
    expect(JSON.stringify(answer)).not.toContain('En Proceso');
    expect((await fixture.desk.requests.get(requestId))?.version).toBe(1);
  });

  it('grants a role by e-mail once Graph resolves it to the object id the activity carries', async () => {
    await fixture.desk.roles.resolveEmails(async (email) => (email === 'asv-by-mail@uni.example' ? 'mail-asv-oid' : undefined));
    expect(fixture.desk.roles.rolesOf({ id: 'mail-asv-oid' })).toEqual(['ASV']);
  });

  it('lets the requester registered by e-mail see their request through the roster of our tenant, and records their object id once they act', async () => {
    const rosa = { id: 'rosa-oid', name: 'Rosa Quintero' };
    const member = { id: '29:rosa-oid', aadObjectId: 'rosa-oid', email: 'rosa@uni.example' };
    const status = await send({ type: 'message', text: `estado ${folio}`, ...fromTeams(rosa) } as Partial<Activity>, member);
    expect(JSON.stringify(status)).toContain(folio);
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    await fixture.desk.requests.execute(requestId, { type: 'request-info', message: 'Falta la IP' }, fixture.actor(people.asv), commandId('ask'));
    const replied = await send({ type: 'message', text: 'La IP es 192.0.2.10', ...fromTeams(rosa) } as Partial<Activity>, member);
    expect(JSON.stringify(replied)).toContain('recibimos');
    expect((await fixture.desk.requests.get(requestId))?.requester).toMatchObject({ id: 'rosa-oid', email: 'rosa@uni.example' });
    const chat = await new TeamsReferences(fixture.database.connection).chatOf({ id: 'rosa-oid' });
    expect(chat?.reference.conversation?.id).toBe('a:personal-rosa-oid');
  });

  it('does not show someone their requests in a group chat or channel, and points them to the 1:1 chat', async () => {
    const inGroup = { ...fromTeams({ id: 'rosa-oid', name: 'Rosa' }), conversation: { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TEST_TENANT_ID } };
    for (const text of ['mis solicitudes', `estado ${folio}`]) {
      const answer = await send({ type: 'message', text, ...inGroup } as Partial<Activity>);
      expect(JSON.stringify(answer)).toContain('Por privacidad');
      expect(JSON.stringify(answer)).not.toContain(folio);
    }
  });

  it('never files a chat under an e-mail a roster gives for another object id', async () => {
    await send({ type: 'message', text: 'ayuda', ...fromTeams({ id: 'other-oid', name: 'Otro' }) } as Partial<Activity>, { id: '29:x', aadObjectId: 'victim-oid', email: 'victim@uni.example' });
    expect(await new TeamsReferences(fixture.database.connection).chatOf({ email: 'victim@uni.example' })).toBeUndefined();
    expect(await requestModels(fixture.database.connection).requests.countDocuments({ 'requester.email': 'victim@uni.example' })).toBe(0);
  });
});
