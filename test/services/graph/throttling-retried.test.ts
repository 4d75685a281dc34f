import { afterEach, describe, expect, it } from '@jest/globals';
import { GraphCallError } from '../../../services/graph/graph-call-error.js';
import { openGraph, organizer, utc, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

const getSchedule = '/calendar/getSchedule';

describe('throttling and unavailability', () => {
  it('waits the Retry-After of a 429 before trying again', async () => {
    harness = await openGraph();
    harness.fixture.failNext(getSchedule, [{ status: 429, retryAfterSeconds: 1 }]);

    const busy = await harness.directory.busyTimes([organizer], utc(2026, 3, 2), utc(2026, 3, 3));

    expect(busy.get(organizer)).toEqual([]);
    const calls = harness.fixture.callsTo(getSchedule);
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(990);
    expect(calls[1]!.headers['retry-attempt']).toBe('1');
  });

  it('gives up with an error after the configured retries when Graph keeps answering 429', async () => {
    harness = await openGraph({ client: { maxRetries: 2 } });
    harness.fixture.failAlways(getSchedule, { status: 429, retryAfterSeconds: 0 });

    const failure = await harness.directory.busyTimes([organizer], utc(2026, 3, 2), utc(2026, 3, 3)).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(GraphCallError);
    expect(failure).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterSeconds: 0 });
    expect((failure as Error).message).toMatch(/getSchedule.*failed \(429 TooManyRequests\)/);
    expect(harness.fixture.callsTo(getSchedule)).toHaveLength(3);
  });

  it('retries a 503 and succeeds', async () => {
    harness = await openGraph();
    harness.fixture.failNext(getSchedule, [{ status: 503 }]);

    await harness.directory.busyTimes([organizer], utc(2026, 3, 2), utc(2026, 3, 3));

    expect(harness.fixture.callsTo(getSchedule).map((call) => call.status)).toEqual([503, 200]);
  });
});
