import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';

/** How often one command name was sent, and the time the driver waited for its answers. */
export interface CommandTally {
  /** Commands started (one round trip each). */
  count: number;
  /** Sum of the driver-reported durations of the answers received while recording, in ms. */
  totalMs: number;
}

/** The commands sent while one piece of work ran. */
export interface RoundTrips {
  /** All commands started, whatever their name. */
  total: number;
  /** Per command name (`find`, `insert`, `update`, `findAndModify`, …), most frequent first. */
  byCommand: Array<[name: string, tally: CommandTally]>;
  /** The most commands awaiting an answer at once while recording (a backlog shows here). */
  peakInFlight: number;
}

/**
 * Counts database round trips through the driver's command monitoring. The client must have
 * been created with `monitorCommands: true` (otherwise no events are emitted and every count is
 * zero). Only commands issued while {@link measure} runs are counted, whoever issues them on the
 * client (the request store, agenda, …).
 */
export class RoundTripCounter {
  #recording = false;
  #total = 0;
  #byCommand = new Map<string, CommandTally>();
  #inFlight = 0;
  #peakInFlight = 0;

  readonly #onStarted = (event: CommandStartedEvent): void => {
    this.#inFlight += 1;
    if (!this.#recording) return;
    this.#peakInFlight = Math.max(this.#peakInFlight, this.#inFlight);
    this.#total += 1;
    this.#tally(event.commandName).count += 1;
  };

  readonly #onFinished = (event: CommandSucceededEvent | CommandFailedEvent): void => {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (!this.#recording) return;
    this.#tally(event.commandName).totalMs += event.duration;
  };

  constructor(private readonly client: MongoClient) {
    if (!client.options.monitorCommands) {
      throw new Error('RoundTripCounter: the client was not created with monitorCommands: true');
    }
    client.on('commandStarted', this.#onStarted);
    client.on('commandSucceeded', this.#onFinished);
    client.on('commandFailed', this.#onFinished);
  }

  /** Runs `work` and returns its result with the commands it (and anything else on the client) sent. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; roundTrips: RoundTrips }> {
    if (this.#recording) throw new Error('RoundTripCounter: measurements cannot overlap');
    this.#total = 0;
    this.#byCommand = new Map();
    this.#peakInFlight = this.#inFlight;
    this.#recording = true;
    try {
      const result = await work();
      return { result, roundTrips: this.#snapshot() };
    } finally {
      this.#recording = false;
    }
  }

  /** Commands sent on the client and not answered yet (counted since the counter was attached). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Stops listening to the client. */
  detach(): void {
    this.client.off('commandStarted', this.#onStarted);
    this.client.off('commandSucceeded', this.#onFinished);
    this.client.off('commandFailed', this.#onFinished);
  }

  #tally(name: string): CommandTally {
    let tally = this.#byCommand.get(name);
    if (!tally) {
      tally = { count: 0, totalMs: 0 };
      this.#byCommand.set(name, tally);
    }
    return tally;
  }

  #snapshot(): RoundTrips {
    const byCommand = [...this.#byCommand].map(([name, tally]) => [name, { ...tally }] as [string, CommandTally]);
    byCommand.sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
    return { total: this.#total, byCommand, peakInFlight: this.#peakInFlight };
  }
}
