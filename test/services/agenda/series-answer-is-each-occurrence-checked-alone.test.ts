// The series check indexes the busy times once for all its occurrences; each occurrence's answer
// must still be exactly the single-event check of its own slot, on random agendas (fixed seed).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkAvailability } from '../../../services/agenda/availability.js';
import { checkSeriesAvailability } from '../../../services/agenda/series-availability.js';
import { busyShape, queryShape, seriesInput, seriesShape } from './random-agendas.js';

describe('the availability of a series', () => {
  it('gives each occurrence exactly the single-event answer of its own slot (random agendas, fixed seed)', () => {
    let checked = 0;
    let conflicts = 0;
    fc.assert(
      fc.property(seriesShape, busyShape, queryShape, (shape, busy, asked) => {
        const input = seriesInput(shape, busy, asked);
        const series = checkSeriesAvailability(input);
        expect(series.occurrences.map((entry) => entry.occurrence.date)).toEqual(input.occurrences.map((occurrence) => occurrence.date));
        for (const entry of series.occurrences) {
          if (entry.state === 'booked' || entry.state === 'cancelled' || entry.state === 'excepted') {
            expect(entry.answer).toBeNull();
            continue;
          }
          const single = checkAvailability({ ...input, query: { ...input.query, start: entry.occurrence.start, end: entry.occurrence.end, ignoreBookingId: undefined } });
          expect(entry.answer).toEqual(single);
          expect(entry.state).toBe(single.free ? 'free' : 'conflict');
          checked += 1;
          if (!single.free) conflicts += 1;
        }
        expect(series.bookable).toEqual(series.occurrences.filter((entry) => entry.state === 'free' && !entry.occurrence.closure));
      }),
      { seed: 20_261_205, numRuns: 40 },
    );
    // The runs compared free occurrences and conflicts with their alternatives alike.
    expect(conflicts).toBeGreaterThan(20);
    expect(checked - conflicts).toBeGreaterThan(20);
  });
});
