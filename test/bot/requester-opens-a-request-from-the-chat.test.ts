import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import type { ServiceDeskBot } from '../../bot/service-desk-bot.js';
import { requestModels } from '../../services/store/request-documents.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard, fromTeams } from '../support/test-adapter-bot.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';

/** SPEC §5 self-service: a requester opens a request themselves from the 1:1 chat; the configured rule picks the ASV. */
describe('a requester opening a request from the 1:1 chat', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let bot: ServiceDeskBot;
  const luis = { id: 'luis-oid', name: 'Luis Ortega', email: 'luis@uni.example' };

  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    bot = botOnDesk(fixture, config);
    // asv-1 has one open request already: the least-open rule picks asv-2.
    await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
  });
  afterAll(async () => fixture.close());

  /** What the bot answers a 1:1 message from `person`, whose e-mail the roster gives. */
  async function say(person: typeof luis, text: string, conversation?: Record<string, unknown>): Promise<string> {
    const adapter = new TestAdapter(async (context) => bot.run(context));
    adapter.use(async (context, next) => {
      context.turnState.set(context.adapter.ConnectorClientKey, {
        conversations: { getConversationMember: async () => ({ id: `29:${person.id}`, aadObjectId: person.id, email: person.email, userPrincipalName: person.email }) },
      });
      await next();
    });
    await adapter.send({ type: 'message', text, locale: 'es-MX', ...fromTeams(person), ...(conversation ? { conversation } : {}) } as Partial<Activity>).startTest();
    const replies: string[] = [];
    for (let next = adapter.activeQueue.shift(); next; next = adapter.activeQueue.shift()) replies.push(next.text ?? JSON.stringify(next.attachments ?? []));
    return replies.join('\n');
  }

  it('shows the form with who they are from Teams and no ASV to choose', async () => {
    const form = await say(luis, 'nueva solicitud');
    expect(form).toContain('Nueva solicitud');
    expect(form).toContain('Luis Ortega (luis@uni.example)');
    expect(form).toContain('"verb":"self-register"');
    expect(form).not.toContain('"id":"assigneeId"');
    expect(form).not.toContain('"id":"requesterEmail"');
  });

  it('names every problem at once and keeps what was typed', async () => {
    const answer = await clickCard(bot, luis, 'self-register', { dependenciaName: 'Instituto de Física', siglas: 'f!', description: '' });
    const card = JSON.stringify(answer.value);
    expect(card).toContain('Instituto de Física');
    expect(card).toContain('Escriba las siglas');
    expect(card).toContain('Describa la solicitud');
    expect(await requestModels(fixture.database.connection).requests.countDocuments({ 'requester.id': luis.id })).toBe(0);
  });

  it('registers it as theirs, assigned by the rule to the ASV with the fewest open requests', async () => {
    await say(luis, 'ayuda');
    const answer = await clickCard(bot, { ...luis }, 'self-register', { dependenciaName: 'Instituto de Física', siglas: 'ifis', service: 'VC', description: 'Enlace con el CERN el jueves' });
    expect(JSON.stringify(answer.value)).toContain('Recibimos su solicitud VC-');
    const stored = await requestModels(fixture.database.connection).requests.findOne({ 'requester.id': luis.id }).lean();
    expect(stored).toMatchObject({ status: 'Registro', requester: { id: luis.id, name: 'Luis Ortega' }, dependencia: { siglas: 'IFIS' }, assignee: { id: 'asv-2' } });
    expect(stored?.history[0]).toMatchObject({ kind: 'register', actor: { id: luis.id, role: 'REQUESTER' } });
  });

  it('is not offered in a group chat or a channel', async () => {
    const group = { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TEST_TENANT_ID };
    expect(await say(luis, 'nueva solicitud', group)).toContain('Por privacidad');
  });

  it('assigns to the configured ASV when the rule names one', async () => {
    const fixed = testConfig({ SELF_SERVICE_ASSIGNEE: 'asv-1' });
    const other = botOnDesk(fixture, fixed);
    const { desk } = fixture;
    expect(fixed.selfService.assignment).toEqual({ kind: 'default', asv: 'asv-1' });
    expect(other).toBeDefined();
    expect(() => testConfig({ SELF_SERVICE_ASSIGNEE: 'nobody@uni.example' })).toThrow(/SELF_SERVICE_ASSIGNEE: nobody@uni\.example is not listed in ROLE_ASV/);
    expect(desk).toBeDefined();
  });
});
