// availability() reads our bookings of the alternatives' 25-day window only when the asked slot is
// not free: the slot's verdict is decided from the bookings overlapping its held interval (the
// event widened by set-up and tear-down). On random agendas (fixed seed), that verdict — free, the
// option, the free staff, the blockers — is exactly the one the whole window gives.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkAvailability } from '../../../services/agenda/availability.js';
import { busyShape, queryShape, seriesInput, seriesShape } from './random-agendas.js';

describe("an availability check's verdict", () => {
  it('is the same from the bookings overlapping the held interval as from the whole search window', () => {
    let free = 0;
    let busy = 0;
    fc.assert(
      fc.property(seriesShape, busyShape, queryShape, (shape, busyItems, asked) => {
        const input = seriesInput(shape, busyItems, asked);
        for (const occurrence of input.occurrences) {
          const query = { ...input.query, start: occurrence.start, end: occurrence.end };
          const whole = checkAvailability({ ...input, query });
          const heldFrom = occurrence.start.getTime() - input.buffers.before * 60_000;
          const heldTo = occurrence.end.getTime() + input.buffers.after * 60_000;
          // As the bookings query selects them; Microsoft 365's busy times are read for the whole window either way.
          const near = input.busy.filter((interval) => interval.source === 'graph' || (interval.end.getTime() > heldFrom && interval.start.getTime() < heldTo));
          const verdict = checkAvailability({ ...input, query, busy: near, alternatives: 0 });
          expect(verdict).toEqual({ ...whole, alternatives: [] });
          if (whole.free) free += 1;
          else busy += 1;
        }
      }),
      { seed: 20_261_206, numRuns: 60 },
    );
    expect(free).toBeGreaterThan(20);
    expect(busy).toBeGreaterThan(20);
  });
});
