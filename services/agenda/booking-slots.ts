/** Slot length of the exclusivity keys, in minutes. */
export const slotMinutes = 5;
const slotMs = slotMinutes * 60_000;

/**
 * The slot keys a resource holds for [start, end): one per five minutes, the interval widened
 * outward to five-minute boundaries. Two intervals that overlap share a key; two that only touch
 * at a boundary share none.
 */
export function slotKeys(resourceId: string, start: Date, end: Date): string[] {
  const first = Math.floor(start.getTime() / slotMs);
  const last = Math.ceil(end.getTime() / slotMs);
  const keys: string[] = [];
  for (let slot = first; slot < last; slot += 1) keys.push(`${resourceId}@${slot * slotMinutes}`);
  return keys;
}

/** The resource id of a slot key. */
export function resourceOfSlot(key: string): string {
  return key.slice(0, key.lastIndexOf('@'));
}
