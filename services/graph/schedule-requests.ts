/** Mailboxes per getSchedule call. */
export const MAX_SCHEDULES_PER_CALL = 20;

/** Longest window per getSchedule call: Graph wants the period under 62 days. */
export const MAX_WINDOW_MS = 61 * 24 * 3_600_000;

/** One getSchedule call: these mailboxes over [start, end). */
export interface ScheduleRequest {
  mailboxes: string[];
  start: Date;
  end: Date;
}

/** `items` in consecutive groups of at most `size`. */
export function inChunks<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** [start, end) cut into consecutive windows of at most `maxMs` each. */
export function inWindows(start: Date, end: Date, maxMs: number = MAX_WINDOW_MS): Array<{ start: Date; end: Date }> {
  const windows: Array<{ start: Date; end: Date }> = [];
  for (let from = start.getTime(); from < end.getTime(); from += maxMs) {
    windows.push({ start: new Date(from), end: new Date(Math.min(from + maxMs, end.getTime())) });
  }
  return windows;
}

/**
 * The getSchedule calls that cover `mailboxes` (deduplicated, lower-case) over [start, end):
 * chunks of at most {@link MAX_SCHEDULES_PER_CALL} mailboxes × windows under 62 days.
 */
export function planScheduleRequests(mailboxes: readonly string[], start: Date, end: Date): ScheduleRequest[] {
  const windows = inWindows(start, end);
  return inChunks(distinctMailboxes(mailboxes), MAX_SCHEDULES_PER_CALL).flatMap((chunk) => windows.map((window) => ({ mailboxes: chunk, ...window })));
}

/** `mailboxes` trimmed, lower-case, without blanks or repeats, in first-seen order. */
export function distinctMailboxes(mailboxes: readonly string[]): string[] {
  return [...new Set(mailboxes.map((mailbox) => mailbox.trim().toLowerCase()).filter(Boolean))];
}

/** Runs `work` over `items` with at most `limit` running at once; results in input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
