import { waitAtMost } from '../jobs/wait-at-most.js';
import type { Collection } from 'mongodb';

/** A running instance's sign of life: its name and when it last said so. */
export interface HeartbeatDocument {
  _id: string;
  seenAt: Date;
}

/** How often an instance says it is alive, and after how long without a word it is taken for dead. */
export interface HeartbeatTiming {
  everyMs: number;
  staleAfterMs: number;
}

const defaultTiming: HeartbeatTiming = { everyMs: 2000, staleAfterMs: 10_000 };

/**
 * Each instance of the desk writes a heartbeat (`_id` = its name) every few seconds while it
 * runs, and removes it when it stops. An effect attempt claimed by an instance whose heartbeat is
 * missing or stale was left by a process that died: another instance may take it up at once,
 * instead of waiting out the attempt's lease.
 */
export class InstanceHeartbeat {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly collection: Collection<HeartbeatDocument>,
    readonly owner: string,
    private readonly timing: HeartbeatTiming = defaultTiming,
  ) {}

  /** Writes the first heartbeat, then one every `everyMs` until stopped. */
  async start(): Promise<void> {
    if (this.timer) return;
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(() => undefined), this.timing.everyMs).unref();
  }

  /**
   * Stops beating and removes this instance's heartbeat (its claims are no longer anyone's) —
   * waiting at most 2 s for the database: a heartbeat left behind just goes stale.
   */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await waitAtMost(this.collection.deleteOne({ _id: this.owner }), 2000);
  }

  /** Whether the instance named `owner` has said it is alive lately. */
  async isAlive(owner: string): Promise<boolean> {
    const heartbeat = await this.collection.findOne({ _id: owner });
    return heartbeat !== null && Date.now() - heartbeat.seenAt.getTime() <= this.timing.staleAfterMs;
  }

  private async beat(): Promise<void> {
    await this.collection.updateOne({ _id: this.owner }, { $set: { seenAt: new Date() } }, { upsert: true });
  }
}
