import { afterEach, describe, expect, it } from '@jest/globals';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

describe('rooms of the tenant', () => {
  it('are listed across every page, with capacity and room list', async () => {
    harness = await openGraph();
    harness.fixture.addRoomList({ emailAddress: 'edificio-a@uni.example', displayName: 'Edificio A' });
    harness.fixture.addRoomList({ emailAddress: 'edificio-b@uni.example', displayName: 'Edificio B' });
    harness.fixture.addRoom({ emailAddress: 'A-101@uni.example', displayName: 'A 101', capacity: 40, roomList: 'edificio-a@uni.example' });
    harness.fixture.addRoom({ emailAddress: 'a-102@uni.example', displayName: 'A 102', capacity: '12', roomList: 'edificio-a@uni.example' });
    harness.fixture.addRoom({ emailAddress: 'a-103@uni.example', displayName: 'A 103', roomList: 'edificio-a@uni.example' });
    harness.fixture.addRoom({ emailAddress: 'b-201@uni.example', displayName: 'B 201', capacity: 100, roomList: 'edificio-b@uni.example' });
    harness.fixture.addRoom({ emailAddress: 'suelta@uni.example', displayName: 'Sala suelta', capacity: 6 });

    const rooms = await harness.directory.listRooms();

    expect(rooms).toEqual([
      { mailbox: 'a-101@uni.example', name: 'A 101', capacity: 40, roomList: 'Edificio A' },
      { mailbox: 'a-102@uni.example', name: 'A 102', capacity: 12, roomList: 'Edificio A' },
      { mailbox: 'a-103@uni.example', name: 'A 103', capacity: undefined, roomList: 'Edificio A' },
      { mailbox: 'b-201@uni.example', name: 'B 201', capacity: 100, roomList: 'Edificio B' },
      { mailbox: 'suelta@uni.example', name: 'Sala suelta', capacity: 6, roomList: undefined },
    ]);
    const roomPages = harness.fixture.callsTo(/^GET \/v1\.0\/places\/microsoft\.graph\.room$/);
    expect(roomPages).toHaveLength(3);
    expect(roomPages[0]!.query).toEqual({});
    expect(roomPages.slice(1).every((call) => call.query.$skiptoken)).toBe(true);
    expect(harness.fixture.callsTo('/microsoft.graph.roomlist/rooms')).toHaveLength(3);
  });

  it('refuses to follow a next link outside the configured service root', () => {
    return openGraph().then(async (opened) => {
      harness = opened;
      expect(() => opened.graph.api('https://elsewhere.example/v1.0/places')).toThrow(/not under/);
      expect(() => opened.graph.api(`${opened.fixture.baseUrl}/places/microsoft.graph.room?$skiptoken=Mg`)).not.toThrow();
    });
  });
});
