/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A normalised copy of submitted form data: strings trimmed, blank strings and `null` removed
 * (an empty card input means "not given"), recursively. The input is never modified.
 */
export function normaliseFormInput(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (Array.isArray(value)) {
    return value.map(normaliseFormInput).filter((item) => item !== undefined);
  }
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const normalised = normaliseFormInput(item);
      if (normalised !== undefined) copy[key] = normalised;
    }
    return copy;
  }
  return value;
}

/** A whole number written as text (as Adaptive Card inputs send it) becomes a number. */
export function integerFromText(value: unknown): unknown {
  return typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** `"true"` / `"false"` (an Adaptive Card toggle's values) become booleans. */
export function booleanFromText(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** A comma-separated text (an Adaptive Card multi-select's value) becomes a list of items. */
export function listFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
