import { GraphCalendarDirectory } from '../../services/graph/graph-calendar-directory.js';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../../services/graph/graph-client.js';
import { GraphFixture, type GraphFixtureOptions } from './graph-fixture.js';

/** The organizer mailbox of the tests' agenda. */
export const organizer = 'agenda@uni.example';

/** The business time zone of the tests. */
export const businessZone = 'America/Mexico_City';

/** A running Graph fixture with a client and a calendar directory pointed at it. */
export interface GraphHarness {
  fixture: GraphFixture;
  graph: GraphClient;
  directory: GraphCalendarDirectory;
}

/**
 * Starts a {@link GraphFixture} (the organizer mailbox known) and points a client at it; the
 * client backs off 0 s (plus graph-client's jitter) unless told otherwise. Stop with `fixture.stop()`.
 */
export async function openGraph(options: { fixture?: GraphFixtureOptions; client?: GraphClientOptions } = {}): Promise<GraphHarness> {
  const fixture = await GraphFixture.start(options.fixture);
  fixture.addMailboxes(organizer);
  const graph = createGraphClient(fixture.settings, { retryDelaySeconds: 0, ...options.client });
  const directory = new GraphCalendarDirectory(graph, { organizerMailbox: organizer, timeZone: businessZone });
  return { fixture, graph, directory };
}

/** An instant given as UTC parts (month 1-based). */
export function utc(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute));
}
