import { afterEach, describe, expect, it } from '@jest/globals';
import { GraphCallError } from '../../../services/graph/graph-call-error.js';
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
