import { afterEach, describe, expect, it } from '@jest/globals';
import { EffectDispatcher, type DeliveryReceipt, type EffectHandler, type EffectHandlers } from '../../../services/effects/effect-dispatcher.js';
import { RequestStore } from '../../../services/requests/request-store.js';
import type { EffectType } from '../../../services/requests/request-types.js';
import { requestModels } from '../../../services/store/request-documents.js';
import { commandId, eventually, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** Every effect type (the `satisfies` makes a new one a compile error here until it is listed). */
const effectTypes = Object.keys({
  'post-channel-card': 1,
  'update-channel-card': 1,
  'post-thread-reply': 1,
  'notify-assignee': 1,
  'notify-requester': 1,
  'notify-dau': 1,
  'schedule-wait-timers': 1,
  'cancel-wait-timers': 1,
  'release-booking': 1,
  'schedule-after-event': 1,
  'ask-rating': 1,
} satisfies Record<EffectType, 1>) as EffectType[];

/** Handlers that count each run by effect id; the first run of `gatedType` waits until released. */
function countingHandlers(gatedType: EffectType) {
  const runs = new Map<string, number>();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let gateReached = false;
  const handler: EffectHandler = async (effect) => {
    runs.set(effect.id, (runs.get(effect.id) ?? 0) + 1);
    if (effect.type === gatedType && !gateReached) {
      gateReached = true;
      await released;
    }
    return { channel: 'test', reference: `${effect.id} run ${runs.get(effect.id)}` } satisfies DeliveryReceipt;
  };
  const handlers = Object.fromEntries(effectTypes.map((type) => [type, handler])) as unknown as EffectHandlers;
  return { handlers, runs, release, reached: () => gateReached };
}

/** A registration whose effects are left for the test to dispatch, and dispatchers for it with counting handlers. */
async function registeredChange() {
  fixture = await openServiceDesk(import.meta.url, { dispatchImmediately: false, config: testConfig({ EFFECTS_SWEEP_EVERY_MS: '3600000' }) });
  const { desk, actor, database } = fixture;
  const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  const models = requestModels(database.connection);
  const store = new RequestStore(models);
  const [event] = await store.openEvents(new Date(Date.now() + 1000), 10);
  expect(event!.effects.length).toBeGreaterThan(1);
  const counting = countingHandlers(event!.effects[0]!.type);
  const dispatcherOf = (owner: string, isOwnerAlive?: (owner: string) => Promise<boolean>) =>
    new EffectDispatcher(models, store, (id, version) => desk.requests.atLeast(id, version), counting.handlers, {
      maxAttempts: 5,
      retryBaseMs: 10,
      attemptLeaseMs: 5 * 60 * 1000,
      owner,
      isOwnerAlive,
    });
  return { event: event!, store, requestId: registered.request.id, dispatcherOf, ...counting };
}

type Change = Awaited<ReturnType<typeof registeredChange>>;

/** Each effect ran once and is recorded delivered at its first attempt; the change is closed. */
async function expectEachEffectRunOnce(change: Change, dispatcher: EffectDispatcher): Promise<void> {
  const { event, runs, store, requestId } = change;
  expect(Object.fromEntries(event.effects.map((effect) => [effect.type, runs.get(effect.id)]))).toEqual(
    Object.fromEntries(event.effects.map((effect) => [effect.type, 1])),
  );
  const deliveries = await dispatcher.deliveriesOf(requestId);
  expect(deliveries.filter((delivery) => !delivery.step).map((delivery) => [delivery.effect.type, delivery.status, delivery.attempts])).toEqual(
    expect.arrayContaining(event.effects.map((effect) => [effect.type, 'delivered', 1])),
  );
  expect(await store.event(event._id)).toMatchObject({ effectsOpen: false });
}

describe('an effect another dispatch of the same change finished meanwhile', () => {
  it('is not run again when the first dispatch reaches it with its older reading of the deliveries', async () => {
    // The in-process dispatch after a change and the sweep may take up the same change at once. Each
    // reads the change's deliveries when it starts: the later one must not take an attempt the other
    // finished since (its claim no longer in flight) for one its owner abandoned.
    const change = await registeredChange();
    const dispatcher = change.dispatcherOf('instance-under-test');

    const first = dispatcher.dispatchEvent(change.event._id);
    await eventually(async () => change.reached(), 10_000, 5);
    await dispatcher.dispatchEvent(change.event._id);
    change.release();
    await first;

    await expectEachEffectRunOnce(change, dispatcher);
  });

  it('is not run again when the instance that finished it has stopped since', async () => {
    // Another instance ran the effect to the end and then stopped (its heartbeat gone): its claim is
    // an ended attempt, not one left by a crash.
    const change = await registeredChange();
    const dispatcher = change.dispatcherOf('instance-a', async () => false);

    const first = dispatcher.dispatchEvent(change.event._id);
    await eventually(async () => change.reached(), 10_000, 5);
    await change.dispatcherOf('instance-b').dispatchEvent(change.event._id);
    change.release();
    await first;

    await expectEachEffectRunOnce(change, dispatcher);
  });
});
