/** What a periodic sweep runs, and how often. */
export interface PeriodicSweepOptions {
  everyMs: number;
  /** One round; `first` is true for the round run at start. Throwing is logged, and the next round runs as planned. */
  run(first: boolean): Promise<void>;
  log?: (message: string, error?: unknown) => void;
}

/**
 * A sweep every instance runs for itself: a first round at once when started, then one every
 * `everyMs`, never two at once. It needs no lock and no job document — what it does is safe on
 * several instances (claims on unique keys) — so nothing a crashed instance held can delay it.
 */
export class PeriodicSweep {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: PeriodicSweepOptions) {}

  /** Runs the first round now (without waiting for it) and schedules the next ones. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.runRound(true);
  }

  /** Stops scheduling rounds and waits for the one in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
  }

  private runRound(first: boolean): void {
    this.round = this.options
      .run(first)
      .catch((error: unknown) => this.options.log?.('periodic sweep failed; the next round will try again', error))
      .finally(() => {
        this.round = undefined;
        if (!this.stopped) this.timer = setTimeout(() => this.runRound(false), this.options.everyMs).unref();
      });
  }
}
