import { afterEach, describe, expect, it } from '@jest/globals';
import { AppTokenProvider, graphScope } from '../../../services/graph/app-token-provider.js';
import { createGraphClient } from '../../../services/graph/graph-client.js';
import { GraphCalendarDirectory } from '../../../services/graph/graph-calendar-directory.js';
import { businessZone, openGraph, organizer, utc, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

function bearerTokens(current: GraphHarness): string[] {
  return current.fixture.callsTo('/v1.0/').map((call) => call.headers.authorization ?? '');
}

describe('the app-only token', () => {
  it('is fetched once with the client-credentials form and reused across calls', async () => {
    harness = await openGraph();
    harness.fixture.addRoom({ emailAddress: 'sala@uni.example', displayName: 'Sala' });

    await harness.directory.busyTimes(['sala@uni.example'], utc(2026, 3, 2), utc(2026, 3, 3));
    await harness.directory.listRooms();
    await harness.directory.busyTimes(['sala@uni.example'], utc(2026, 3, 4), utc(2026, 3, 5));

    expect(harness.fixture.tokenCalls).toHaveLength(1);
    const [tokenCall] = harness.fixture.tokenCalls;
    expect(tokenCall!.path).toBe(`/${harness.fixture.tenantId}/oauth2/v2.0/token`);
    expect(tokenCall!.body).toEqual({
      client_id: harness.fixture.clientId,
      client_secret: '[redacted]',
      scope: `${new URL(harness.fixture.baseUrl).origin}/.default`,
      grant_type: 'client_credentials',
    });
    const tokens = bearerTokens(harness);
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^Bearer fixture\./);
  });

  it('is asked for once by callers that need it at the same time', async () => {
    harness = await openGraph();
    harness.fixture.addLatency(200, '/oauth2/v2.0/token');

    await Promise.all(Array.from({ length: 5 }, (_, day) => harness!.directory.busyTimes([organizer], utc(2026, 3, 2 + day), utc(2026, 3, 3 + day))));

    expect(harness.fixture.tokenCalls).toHaveLength(1);
    expect(new Set(bearerTokens(harness)).size).toBe(1);
  });

  it('is fetched again once it has expired', async () => {
    harness = await openGraph({ fixture: { tokenLifetimeSeconds: 1 } });

    await harness.directory.busyTimes([organizer], utc(2026, 3, 2), utc(2026, 3, 3));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await harness.directory.busyTimes([organizer], utc(2026, 3, 2), utc(2026, 3, 3));

    expect(harness.fixture.tokenCalls).toHaveLength(2);
    const tokens = bearerTokens(harness);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(harness.fixture.callsTo('/calendar/getSchedule').map((call) => call.status)).toEqual([200, 200]);
  });

  it('is renewed shortly before expires_in runs out, by the provider clock', async () => {
    harness = await openGraph();
    let clock = Date.now();
    const tokens = new AppTokenProvider(harness.fixture.settings, { scope: graphScope(harness.fixture.baseUrl), now: () => clock });

    const first = await tokens.getAccessToken();
    clock += (3599 - 301) * 1000;
    expect(await tokens.getAccessToken()).toBe(first);
    clock += 2000;
    const second = await tokens.getAccessToken();

    expect(second).not.toBe(first);
    expect(harness.fixture.tokenCalls).toHaveLength(2);
  });

  it('fails with an error naming the tenant and the client, never the secret', async () => {
    harness = await openGraph();
    const wrongSecret = 'not-the-secret-4f9a';
    const graph = createGraphClient({ ...harness.fixture.settings, clientSecret: wrongSecret });
    const directory = new GraphCalendarDirectory(graph, { organizerMailbox: organizer, timeZone: businessZone });

    const failure = await directory.listRooms().then(
      () => undefined,
      (error: unknown) => error as Error,
    );

    expect(failure?.message).toContain(`client ${harness.fixture.clientId} in tenant ${harness.fixture.tenantId}`);
    expect(failure?.message).toContain('invalid_client');
    expect(failure?.message).not.toContain(wrongSecret);
    expect(harness.fixture.callsTo('/v1.0/')).toHaveLength(0);
  });
});
