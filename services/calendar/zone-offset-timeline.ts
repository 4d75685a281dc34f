import type { IANAZone } from 'luxon';

/** The UTC offset of a time zone at an instant, both in milliseconds. */
export type OffsetAt = (instant: number) => number;

const SAMPLE_STEP_MS = 2 * 86_400_000;

/**
 * The UTC offsets of `zone` over `[from, to]` as a piecewise-constant function, so that
 * converting many local times in that span costs arithmetic instead of one `Intl` call each.
 *
 * The zone is sampled every two days and each change found is located to the millisecond;
 * instants outside the span are asked of the zone directly. (A change and its reversal less
 * than two days apart would be missed; no current zone has one.)
 */
export function zoneOffsetTimeline(zone: IANAZone, from: number, to: number): OffsetAt {
  const direct: OffsetAt = (instant) => Math.round(zone.offset(instant) * 60_000);
  const starts = [from];
  const offsets = [direct(from)];
  let sampled = from;
  while (sampled < to) {
    const next = Math.min(sampled + SAMPLE_STEP_MS, to);
    const target = direct(next);
    let cursor = sampled;
    while (offsets[offsets.length - 1] !== target) {
      cursor = firstChangeAfter(direct, cursor, next, offsets[offsets.length - 1]!);
      starts.push(cursor);
      offsets.push(direct(cursor));
    }
    sampled = next;
  }
  return (instant) => {
    if (instant < from || instant > to) return direct(instant);
    let segment = starts.length - 1;
    while (starts[segment]! > instant) segment -= 1;
    return offsets[segment]!;
  };
}

function firstChangeAfter(offsetAt: OffsetAt, after: number, atOrBefore: number, offset: number): number {
  let unchanged = after;
  let changed = atOrBefore;
  while (changed - unchanged > 1) {
    const middle = Math.floor((unchanged + changed) / 2);
    if (offsetAt(middle) === offset) unchanged = middle;
    else changed = middle;
  }
  return changed;
}
