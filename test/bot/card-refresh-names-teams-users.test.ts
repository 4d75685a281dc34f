import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requestCardFor, teamsUserIdOf } from '../../bot/request-card-views.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';

/**
 * Bug (issue 10 §5): a request card's `refresh.userIds` held the configured role members as
 * written — object ids and e-mail addresses — where Teams expects user MRIs (`29:…` or
 * `8:orgid:<object id>`), so no ASV ever got their own view of a card in a real tenant. Now object
 * ids are named `8:orgid:<id>`, e-mail members once Graph resolved them, and unresolved e-mails not
 * at all.
 */
describe('who refreshes a request card by themselves', () => {
  const config = testConfig({ ROLE_ASV: '6F1C2A4E-8B3D-4C5E-9F7A-0B1C2D3E4F50,asv.mail@uni.example', ROLE_DAU: 'dau-oid-1,dau@uni.example' });
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let requestId: string;

  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    const registered = await fixture.desk.requests.register(
      registration({ assignee: { id: '6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f50', name: 'Arturo' } }),
      fixture.actor(people.hd),
      commandId('register'),
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    requestId = registered.request.id;
  });
  afterAll(async () => fixture.close());

  const refreshIds = async () => {
    const card = await requestCardFor({ desk: fixture.desk, config }, (await fixture.desk.requests.get(requestId))!, null, 'es');
    return (card.refresh as { userIds: string[] }).userIds;
  };

  it('names configured object ids as Teams users (8:orgid:…) and leaves unresolved e-mails out', async () => {
    expect(await refreshIds()).toEqual(['8:orgid:6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f50', '8:orgid:dau-oid-1', '8:orgid:hd-1']);
  });

  it('names an ASV configured by e-mail once Graph resolved it to their object id', async () => {
    await fixture.desk.roles.resolveEmails(async (email) => (email === 'asv.mail@uni.example' ? 'a5a5a5a5-0000-4000-8000-000000000001' : undefined));
    expect(await refreshIds()).toEqual([
      '8:orgid:6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f50',
      '8:orgid:a5a5a5a5-0000-4000-8000-000000000001',
      '8:orgid:dau-oid-1',
      '8:orgid:hd-1',
    ]);
  });

  it('holds Help Desk and each person once; the base view offers no action, each role getting theirs from the refresh (issue 10 §4)', async () => {
    const request = (await fixture.desk.requests.get(requestId))!;
    const card = await requestCardFor({ desk: fixture.desk, config }, request, null, 'es');
    const ids = (card.refresh as { userIds: string[] }).userIds;
    expect(ids).toContain('8:orgid:hd-1');
    expect(new Set(ids).size).toBe(ids.length);
    const json = JSON.stringify({ ...card, refresh: undefined });
    expect(json).not.toContain('"verb":"take"');
    expect(json).not.toContain('"verb":"reassign"');
    expect(json).not.toContain('Action.Execute');
  });

  it('keeps Teams ids as they are and drops anything else', () => {
    expect(teamsUserIdOf('29:1AbC-xyz')).toBe('29:1AbC-xyz');
    expect(teamsUserIdOf('8:orgid:abc')).toBe('8:orgid:abc');
    expect(teamsUserIdOf('someone@uni.example')).toBeUndefined();
    expect(teamsUserIdOf('a b')).toBeUndefined();
  });
});
