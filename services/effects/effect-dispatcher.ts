import { isDuplicateKey } from '../store/database.js';
import { rawCollection, type EffectDeliveryDocument, type RequestModels, type StoredEffect } from '../store/request-documents.js';
import type { RequestStore } from '../requests/request-store.js';
import type { Effect, EffectType, ServiceRequest } from '../requests/request-types.js';

/** What a handler reports of a delivery: the channel used and a reference (message id, …). */
export interface DeliveryReceipt {
  channel: string;
  reference?: string | undefined;
  /** True when the effect had nothing to do here (e.g. Teams not configured). */
  skipped?: boolean | undefined;
}

/** Runs `step` once per effect and key, even across retries of the effect (e.g. per channel). */
export type OnceRunner = (key: string, step: () => Promise<DeliveryReceipt>) => Promise<DeliveryReceipt>;

/** Runs one kind of effect for a request. Throwing means "try again later". */
export type EffectHandler<T extends EffectType = EffectType> = (
  effect: Extract<Effect, { type: T }> & { id: string },
  request: ServiceRequest,
  once: OnceRunner,
  change: { seq: number },
) => Promise<DeliveryReceipt>;

/** One handler per effect type: adding an effect type without a handler does not compile. */
export type EffectHandlers = { [T in EffectType]: EffectHandler<T> };

/** Retry policy and identity of the dispatching process. */
export interface DispatchPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  /** An attempt claimed this long ago without a result is taken as crashed, whoever holds it. */
  attemptLeaseMs: number;
  owner: string;
  /**
   * Whether the instance named `owner` is running. An attempt claimed by an instance that is not
   * (it died between the claim and the outcome) is taken as crashed at once. Without it, only
   * the lease ends such an attempt.
   */
  isOwnerAlive?: ((owner: string) => Promise<boolean>) | undefined;
  /**
   * How many events {@link EffectDispatcher.dispatchSoon} dispatches at once (default 2); the rest
   * wait their turn, so a burst of changes does not crowd out the turns that caused them.
   */
  concurrency?: number | undefined;
}

/** Events dispatched at once by `dispatchSoon` when the policy does not say. */
const defaultConcurrency = 2;

/** Reads the request an effect applies to, at least at the version of the effect's change. */
export type RequestReader = (requestId: string, version: number) => Promise<ServiceRequest | null>;

/**
 * Dispatches the effects stored with each change: at once after the change (in process), and
 * again from the sweep job until each is delivered or given up, with exponential back-off.
 * Each attempt is claimed on a unique key, so two processes never run the same attempt.
 */
export class EffectDispatcher {
  private readonly running = new Set<Promise<void>>();
  /** The attempts this instance is running now, by claim id: any other claim in its name was left by a failure. */
  private readonly inFlight = new Set<string>();
  /** Dispatches waiting for a free place, first come first served. */
  private readonly waiting: Array<() => void> = [];
  private active = 0;

  constructor(
    private readonly models: RequestModels,
    private readonly store: RequestStore,
    private readonly readRequest: RequestReader,
    private readonly handlers: EffectHandlers,
    private readonly policy: DispatchPolicy,
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {}

  /**
   * Dispatches an event's effects without waiting (the fast path after a change): never before the
   * caller's current step has run on, and at most {@link DispatchPolicy.concurrency} events at once.
   */
  dispatchSoon(eventId: string): void {
    const work = this.place()
      .then((release) => this.dispatchEvent(eventId).finally(release))
      .catch((error) => this.log(`effects of ${eventId} will be retried by the sweep`, error))
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** Waits for a free dispatch place (at the earliest on the next turn of the event loop); resolves with its release. */
  private place(): Promise<() => void> {
    return new Promise((resolve) => {
      const take = () => {
        this.active += 1;
        resolve(() => {
          this.active -= 1;
          this.waiting.shift()?.();
        });
      };
      setImmediate(() => (this.active < (this.policy.concurrency ?? defaultConcurrency) ? take() : this.waiting.push(take)));
    });
  }

  /** Waits for the in-process dispatches started so far (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** Dispatches every open event older than `graceMs` (the sweep job). Returns how many. */
  async sweep(graceMs: number, limit = 100): Promise<number> {
    const events = await this.store.openEvents(new Date(Date.now() - graceMs), limit);
    for (const event of events) await this.dispatchEvent(event._id);
    return events.length;
  }

  /** Runs every due effect of one event; closes the event when all are settled. */
  async dispatchEvent(eventId: string): Promise<void> {
    const event = await this.store.event(eventId);
    if (!event?.effectsOpen) return;
    const request = await this.readRequest(event.requestId, event.seq);
    if (!request || request.version < event.seq) return;
    const deliveries = rawCollection(this.models.deliveries);
    const known = await Promise.all(event.effects.map((effect) => deliveries.findOne({ _id: effect.id })));
    const byId = new Map(known.filter((delivery) => delivery !== null).map((delivery) => [delivery._id, delivery]));
    let settled = 0;
    for (const effect of event.effects) {
      const status = await this.runEffect(eventId, event.seq, effect, request, byId.get(effect.id));
      if (status !== 'retrying') settled += 1;
    }
    if (settled === event.effects.length) await this.store.closeEvent(eventId);
  }

  /** The deliveries recorded for a request, oldest first: every notification it caused. */
  async deliveriesOf(requestId: string): Promise<EffectDeliveryDocument[]> {
    return this.models.deliveries.find({ requestId }).sort({ updatedAt: 1 }).lean<EffectDeliveryDocument[]>();
  }

  /** How many of a request's effects were given up on (an indexed count, for the request card). */
  async failedNoticeCount(requestId: string): Promise<number> {
    return this.models.deliveries.countDocuments({ requestId, status: 'failed', step: null });
  }

  private async runEffect(
    eventId: string,
    seq: number,
    effect: StoredEffect,
    request: ServiceRequest,
    delivery: EffectDeliveryDocument | undefined,
  ): Promise<EffectDeliveryDocument['status'] | 'retrying'> {
    let known = delivery;
    let attempt: number;
    for (;;) {
      if (known && known.status !== 'retrying') return known.status;
      if (known?.nextAttemptAt && known.nextAttemptAt.getTime() > Date.now()) return 'retrying';
      attempt = (known?.attempts ?? 0) + 1;
      const claimed = await this.claim(effect, attempt, request.id, eventId);
      if (claimed === 'claimed') break;
      if (claimed === 'held') return 'retrying';
      // The attempt ended meanwhile (the reading of the deliveries was older), or its owner abandoned it
      // and it is now recorded as failed: what is stored now says whether, and when, to try again.
      known = (await rawCollection(this.models.deliveries).findOne({ _id: effect.id })) ?? undefined;
    }

    const claimId = `${effect.id}#${attempt}`;
    this.inFlight.add(claimId);
    const handler = this.handlers[effect.type] as EffectHandler;
    try {
      const receipt = await handler(effect, request, (key, step) => this.once(effect, request.id, eventId, key, step), { seq });
      const outcome = outcomeOf(receipt);
      await this.recordDone(() => this.record(effect, request.id, eventId, attempt, outcome));
      return outcome.status;
    } catch (error) {
      const exhausted = attempt >= this.policy.maxAttempts;
      this.log(`effect ${effect.id} (${effect.type}) attempt ${attempt} failed${exhausted ? '; giving up' : ''}`, error);
      await this.record(effect, request.id, eventId, attempt, {
        status: exhausted ? 'failed' : 'retrying',
        lastError: (error as Error).message ?? String(error),
        nextAttemptAt: exhausted ? null : new Date(Date.now() + this.backoff(attempt)),
        channel: null,
        reference: null,
      });
      return exhausted ? 'failed' : 'retrying';
    } finally {
      this.inFlight.delete(claimId);
    }
  }

  private backoff(attempt: number): number {
    const exponential = this.policy.retryBaseMs * 2 ** (attempt - 1);
    return Math.min(exponential, 60 * 60 * 1000) * (0.8 + Math.random() * 0.4);
  }

  /**
   * Claims attempt `attempt` of an effect: `claimed`; `held` while another dispatch runs it;
   * `ended` when its outcome is recorded (a dispatch that read the deliveries before it ended);
   * or `abandoned` — its claim was left by a failure (this instance holds it but is not running it,
   * its owner is no longer alive, or its lease is over) — recorded now as a failed attempt.
   */
  private async claim(effect: StoredEffect, attempt: number, requestId: string, eventId: string): Promise<'claimed' | 'held' | 'ended' | 'abandoned'> {
    const attempts = rawCollection(this.models.attempts);
    const claimId = `${effect.id}#${attempt}`;
    try {
      await attempts.insertOne({ _id: claimId, claimedAt: new Date(), owner: this.policy.owner });
      return 'claimed';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const claim = await attempts.findOne({ _id: claimId });
      if (!claim || !(await this.abandoned(claimId, claim))) return 'held';
      // An owner records an attempt's outcome before it lets the claim go (or stops beating), so an
      // attempt that ended has its outcome stored by now, and this record does not replace it.
      const recorded = await this.record(
        effect,
        requestId,
        eventId,
        attempt,
        {
          status: attempt >= this.policy.maxAttempts ? 'failed' : 'retrying',
          lastError: `attempt ${attempt} by ${claim.owner} did not finish`,
          nextAttemptAt: new Date(),
          channel: null,
          reference: null,
        },
        null,
        'unless-recorded',
      );
      return recorded ? 'abandoned' : 'ended';
    }
  }

  private async abandoned(claimId: string, claim: { owner: string; claimedAt: Date }): Promise<boolean> {
    if (Date.now() - claim.claimedAt.getTime() > this.policy.attemptLeaseMs) return true;
    if (claim.owner === this.policy.owner) return !this.inFlight.has(claimId);
    return this.policy.isOwnerAlive ? !(await this.policy.isOwnerAlive(claim.owner)) : false;
  }

  private async once(
    effect: StoredEffect,
    requestId: string,
    eventId: string,
    key: string,
    step: () => Promise<DeliveryReceipt>,
  ): Promise<DeliveryReceipt> {
    const id = `${effect.id}:${key}`;
    const done = await this.models.deliveries.findById(id).lean<EffectDeliveryDocument>();
    if (done?.status === 'delivered' || done?.status === 'skipped') {
      return { channel: done.channel ?? key, reference: done.reference ?? undefined, skipped: done.status === 'skipped' };
    }
    const receipt = await step();
    await this.recordDone(() => this.record(effect, requestId, eventId, 1, outcomeOf(receipt), key));
    return receipt;
  }

  /**
   * Records what was done, trying again while the database does not answer (until the attempt's
   * lease ends): a post or mail that went out is not sent again for want of its record. Only a
   * process that dies in that window leaves it to be sent again (at-least-once).
   */
  private async recordDone(write: () => Promise<unknown>): Promise<void> {
    const giveUpAt = Date.now() + this.policy.attemptLeaseMs;
    for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 5000)) {
      try {
        await write();
        return;
      } catch (error) {
        if (Date.now() + waitMs >= giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
      }
    }
  }

  /**
   * Records an attempt's outcome (or a step's, by `step`) — never over a later attempt's, nor, when
   * `unless-recorded`, over this attempt's own. Returns whether it was written.
   */
  private async record(
    effect: StoredEffect,
    requestId: string,
    eventId: string,
    attempt: number,
    outcome: Pick<EffectDeliveryDocument, 'status' | 'lastError' | 'nextAttemptAt' | 'channel' | 'reference'>,
    step: string | null = null,
    over: 'this-or-earlier-attempt' | 'unless-recorded' = 'this-or-earlier-attempt',
  ): Promise<boolean> {
    const filter = step ? { _id: `${effect.id}:${step}` } : { _id: effect.id, attempts: over === 'unless-recorded' ? { $lt: attempt } : { $lte: attempt } };
    try {
      await rawCollection(this.models.deliveries).updateOne(
        filter,
        { $set: { requestId, eventId, effect, step, attempts: attempt, updatedAt: new Date(), ...outcome } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      // The upsert found the delivery already recorded for a later attempt (or this one): it stands.
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}

/** What is stored of a receipt: `skipped` (with its reason as the reference) when there was nothing to do, else `delivered`. */
function outcomeOf(receipt: DeliveryReceipt): Pick<EffectDeliveryDocument, 'status' | 'channel' | 'reference' | 'lastError' | 'nextAttemptAt'> {
  return { status: receipt.skipped ? 'skipped' : 'delivered', channel: receipt.channel, reference: receipt.reference ?? null, lastError: null, nextAttemptAt: null };
}
