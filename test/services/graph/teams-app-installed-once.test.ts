import { afterEach, describe, expect, it } from '@jest/globals';
import { GraphCallError } from '../../../services/graph/graph-call-error.js';
import { GraphTeamsDirectory } from '../../../services/graph/graph-teams-directory.js';
import { TeamsAppInstaller } from '../../../services/graph/teams-app-installer.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

const userId = '5b649834-7412-4cce-9e69-176e95a394f5';
const catalogId = '12345678-9abc-def0-1234-56789abcdef0';

describe('installing the Teams app for a user', () => {
  it('installs it, and a repeat answered 409 Conflict counts as already installed', async () => {
    harness = await openGraph();
    harness.fixture.addMailboxes(userId);
    const installer = new TeamsAppInstaller(harness.graph);

    expect(await installer.installForUser(userId, catalogId)).toBe('installed');
    expect(await installer.installForUser(userId, catalogId)).toBe('already-installed');

    const calls = harness.fixture.callsTo(`POST /v1.0/users/${userId}/teamwork/installedApps`);
    expect(calls.map((call) => call.status)).toEqual([201, 409]);
    expect(calls[0]!.body).toEqual({ 'teamsApp@odata.bind': `${harness.fixture.baseUrl}/appCatalogs/teamsApps/${catalogId}` });
  });

  it('throws other failures, naming the user', async () => {
    harness = await openGraph();
    const installer = new TeamsAppInstaller(harness.graph);

    const failure = await installer.installForUser('unknown-user', catalogId).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(GraphCallError);
    expect(failure).toMatchObject({ status: 404, code: 'ErrorInvalidUser' });
    expect((failure as Error).message).toContain('unknown-user');
  });
});

describe('the 1:1 chat of the installation', () => {
  it('is found through the installation of our app (filtered by its catalog id), and is undefined without one', async () => {
    harness = await openGraph();
    harness.fixture.addMailboxes(userId);
    const installer = new TeamsAppInstaller(harness.graph);

    expect(await installer.installationChatId(userId, catalogId)).toBeUndefined();
    await installer.installForUser(userId, catalogId);
    const chat = await installer.installationChatId(userId, catalogId);
    expect(chat).toMatch(/^19:.+@unq\.gbl\.spaces$/);

    const [list] = harness.fixture.callsTo(`GET /v1.0/users/${userId}/teamwork/installedApps`);
    expect(list!.query).toMatchObject({ $filter: `teamsApp/id eq '${catalogId}'`, $expand: 'teamsApp' });
    expect(harness.fixture.callsTo(/\/teamwork\/installedApps\/[^/]+\/chat$/).map((call) => call.status)).toEqual([200]);
  });
});

describe('the Teams directory (Graph) the notifier uses', () => {
  const person = { id: '0a0b0c0d-1111-4222-8333-444455556666', displayName: 'Rosa', mail: 'rosa.mail@uni.example', userPrincipalName: 'rquintero@uni.example' };

  it('resolves an e-mail (mail or UPN) to the object id, never a look-alike', async () => {
    harness = await openGraph();
    harness.fixture.addDirectoryUsers(person);
    const directory = new GraphTeamsDirectory(harness.graph, catalogId);
    expect(await directory.objectIdOf('Rosa.Mail@uni.example')).toBe(person.id);
    expect(await directory.objectIdOf('rquintero@uni.example')).toBe(person.id);
    expect(await directory.objectIdOf("x' or mail eq 'rosa.mail@uni.example")).toBeUndefined();
  });

  it('installs by object id: 201 installed, 409 already installed, 403 refused, 404 not found; no catalog id: no install at all', async () => {
    harness = await openGraph({ client: { maxRetries: 0 } });
    harness.fixture.addDirectoryUsers(person, { ...person, id: 'blocked-user', mail: 'b@uni.example', userPrincipalName: 'b@uni.example' });
    harness.fixture.installRefusedFor.add('blocked-user');
    const directory = new GraphTeamsDirectory(harness.graph, catalogId);
    expect(await directory.install(person.id)).toEqual({ outcome: 'installed' });
    expect(await directory.install(person.id)).toEqual({ outcome: 'already-installed' });
    expect(await directory.install('blocked-user')).toEqual({ outcome: 'refused', detail: 'Microsoft Graph answered 403 Forbidden' });
    expect(await directory.install('nobody-here')).toEqual({ outcome: 'not-found', detail: 'Microsoft Graph answered 404 ErrorInvalidUser' });
    expect(await new GraphTeamsDirectory(harness.graph, undefined).install(person.id)).toMatchObject({ outcome: 'no-app-id' });
    const before = harness.fixture.calls.length;
    harness.fixture.failNext('teamwork/installedApps', [{ status: 503 }]);
    await expect(directory.install(person.id)).rejects.toBeInstanceOf(GraphCallError);
    expect(harness.fixture.calls.length).toBe(before + 1);
  });
});
