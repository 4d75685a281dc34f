/**
 * Throughput of `addBusinessHours(start, 48)` with the default settings (not a jest test; the
 * requirement is ≥ 100 000 per second). Run after a build:
 * `npm run build && node dist/test/services/calendar/measure-throughput.js`.
 */
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';

const calendar = new BusinessCalendar(defaultBusinessCalendarSettings);
const from = Date.parse('2026-01-01T00:00:00Z');
const span = Date.parse('2028-01-01T00:00:00Z') - from;
const starts = Array.from({ length: 10_000 }, (_, i) => new Date(from + ((i * 7_919_993_113) % span)));

function run(iterations: number): number {
  let checksum = 0;
  for (let i = 0; i < iterations; i += 1) {
    checksum += calendar.addBusinessHours(starts[i % starts.length]!, 48).getTime() % 1000;
  }
  return checksum;
}

run(200_000);
const iterations = 2_000_000;
const began = process.hrtime.bigint();
const checksum = run(iterations);
const seconds = Number(process.hrtime.bigint() - began) / 1e9;
console.log(`${Math.round(iterations / seconds).toLocaleString('en')} addBusinessHours(start, 48)/s (checksum ${checksum})`);

const coldBegan = process.hrtime.bigint();
new BusinessCalendar(defaultBusinessCalendarSettings).addBusinessHours(new Date('2031-06-01T12:00:00Z'), 48);
console.log(`cold start (first year built): ${(Number(process.hrtime.bigint() - coldBegan) / 1e6).toFixed(2)} ms`);
