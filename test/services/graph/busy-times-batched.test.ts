import { afterEach, describe, expect, it } from '@jest/globals';
import { openGraph, utc, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

const DAY_MS = 24 * 3_600_000;

interface ScheduleBody {
  schedules: string[];
  startTime: { dateTime: string; timeZone: string };
  endTime: { dateTime: string; timeZone: string };
  availabilityViewInterval: number;
}

function scheduleBodies(current: GraphHarness): ScheduleBody[] {
  return current.fixture.callsTo('POST /v1.0/users/agenda%40uni.example/calendar/getSchedule').map((call) => call.body as ScheduleBody);
}

describe('busy times from Microsoft 365', () => {
  it('asks 45 mailboxes in exactly 3 getSchedule calls of at most 20 and merges every busy time', async () => {
    harness = await openGraph();
    const mailboxes = Array.from({ length: 45 }, (_, index) => `Sala${index}@uni.example`);
    mailboxes.forEach((mailbox, index) =>
      harness!.fixture.addBusy(mailbox, { start: utc(2026, 3, 2, 15 + (index % 3)), end: utc(2026, 3, 2, 16 + (index % 3)), subject: `Evento ${index}` }),
    );

    const busy = await harness.directory.busyTimes(mailboxes, utc(2026, 3, 2), utc(2026, 3, 3));

    const bodies = scheduleBodies(harness);
    expect(bodies).toHaveLength(3);
    expect(bodies.map((body) => body.schedules.length).sort((a, b) => a - b)).toEqual([5, 20, 20]);
    expect(new Set(bodies.flatMap((body) => body.schedules)).size).toBe(45);
    for (const body of bodies) {
      expect(body.availabilityViewInterval).toBe(15);
      expect(body.startTime).toEqual({ dateTime: '2026-03-02T00:00:00', timeZone: 'UTC' });
      expect(body.endTime).toEqual({ dateTime: '2026-03-03T00:00:00', timeZone: 'UTC' });
    }
    expect([...busy.keys()].sort()).toEqual(mailboxes.map((mailbox) => mailbox.toLowerCase()).sort());
    expect(busy.get('sala7@uni.example')).toEqual([{ start: utc(2026, 3, 2, 16), end: utc(2026, 3, 2, 17), label: 'Evento 7' }]);
    expect([...busy.values()].every((times) => times.length === 1)).toBe(true);
  });

  it('splits a 100-day period into windows under 62 days and counts an event on the seam once', async () => {
    harness = await openGraph();
    const room = 'auditorio@uni.example';
    const start = utc(2026, 1, 1);
    const end = new Date(start.getTime() + 100 * DAY_MS);
    const seam = new Date(start.getTime() + 61 * DAY_MS);
    harness.fixture.addBusy(room, { start: utc(2026, 1, 10, 16), end: utc(2026, 1, 10, 18), subject: 'first' });
    harness.fixture.addBusy(room, { start: new Date(seam.getTime() - 3_600_000), end: new Date(seam.getTime() + 3_600_000), subject: 'seam' });
    harness.fixture.addBusy(room, { start: utc(2026, 4, 1, 16), end: utc(2026, 4, 1, 17), subject: 'last' });

    const busy = await harness.directory.busyTimes([room], start, end);

    const windows = scheduleBodies(harness).map((body) => ({
      start: Date.parse(`${body.startTime.dateTime}Z`),
      end: Date.parse(`${body.endTime.dateTime}Z`),
    }));
    expect(windows.length).toBeGreaterThanOrEqual(2);
    windows.sort((a, b) => a.start - b.start);
    expect(windows[0]!.start).toBe(start.getTime());
    expect(windows.at(-1)!.end).toBe(end.getTime());
    windows.forEach((window, index) => {
      expect(window.end - window.start).toBeLessThan(62 * DAY_MS);
      if (index > 0) expect(window.start).toBe(windows[index - 1]!.end);
    });
    expect(busy.get(room)?.map((time) => time.label)).toEqual(['first', 'seam', 'last']);
  });

  it('counts tentative, out-of-office and working-elsewhere as busy but not free', async () => {
    harness = await openGraph();
    const person = 'tecnico@uni.example';
    harness.fixture.addBusy(person, { start: utc(2026, 3, 2, 14), end: utc(2026, 3, 2, 15), status: 'tentative', subject: 't' });
    harness.fixture.addBusy(person, { start: utc(2026, 3, 2, 15), end: utc(2026, 3, 2, 16), status: 'oof', subject: 'o' });
    harness.fixture.addBusy(person, { start: utc(2026, 3, 2, 16), end: utc(2026, 3, 2, 17), status: 'workingElsewhere', subject: 'w' });
    harness.fixture.addBusy(person, { start: utc(2026, 3, 2, 17), end: utc(2026, 3, 2, 18), status: 'free', subject: 'f' });

    const busy = await harness.directory.busyTimes([person], utc(2026, 3, 2), utc(2026, 3, 3));

    expect(busy.get(person)?.map((time) => time.label)).toEqual(['t', 'o', 'w']);
  });

  it('marks a mailbox Graph cannot find as busy over the window, naming the error, and still answers the others', async () => {
    harness = await openGraph();
    harness.fixture.addBusy('sala1@uni.example', { start: utc(2026, 3, 2, 15), end: utc(2026, 3, 2, 16), subject: 'clase' });
    const start = utc(2026, 3, 2);
    const end = utc(2026, 3, 3);

    const busy = await harness.directory.busyTimes(['Sala1@uni.example', 'nadie@uni.example'], start, end);

    expect(busy.get('sala1@uni.example')).toEqual([{ start: utc(2026, 3, 2, 15), end: utc(2026, 3, 2, 16), label: 'clase' }]);
    expect(busy.get('nadie@uni.example')).toEqual([{ start, end, label: expect.stringContaining('ErrorMailboxNotFound') }]);
  });
});

describe('busy times for an empty period', () => {
  it('answers every mailbox with nothing and calls nobody', async () => {
    harness = await openGraph();

    const busy = await harness.directory.busyTimes(['Sala1@uni.example', ' sala1@uni.example'], utc(2026, 3, 2), utc(2026, 3, 2));

    expect([...busy.entries()]).toEqual([['sala1@uni.example', []]]);
    expect(harness.fixture.calls).toHaveLength(0);
  });
});
