import type { OffsetAt } from './zone-offset-timeline.js';

const SEARCH_WINDOW_MS = 36 * 3_600_000;

/**
 * The first instant (epoch ms) at which a wall clock with the given offsets shows the local
 * date-time `wallMs` or a later one. `wallMs` is the local date-time encoded as if it were UTC.
 *
 * A local time that occurs twice (clocks set back) resolves to its first occurrence; a local
 * time that never occurs (clocks set forward) resolves to the instant of the change, when the
 * clock jumps past it. So a local day always starts at the first instant of that date.
 */
export function firstInstantAtOrAfterWallTime(offsetAt: OffsetAt, wallMs: number): number {
  const offsetBefore = offsetAt(wallMs - SEARCH_WINDOW_MS);
  const offsetAfter = offsetAt(wallMs + SEARCH_WINDOW_MS);
  const early = wallMs - Math.max(offsetBefore, offsetAfter);
  const late = wallMs - Math.min(offsetBefore, offsetAfter);
  if (early + offsetAt(early) === wallMs) return early;
  if (late + offsetAt(late) === wallMs) return late;
  let before = early;
  let atOrAfter = late;
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (middle + offsetAt(middle) >= wallMs) atOrAfter = middle;
    else before = middle;
  }
  return atOrAfter;
}
