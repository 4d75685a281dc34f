import { describe, expect, it } from '@jest/globals';
import type { Resource } from '../../../services/agenda/agenda-types.js';
import { roomNamed, withTextGuesses } from '../../../services/forms/text-prefill.js';
import { seedCatalogue } from '../../support/agenda-fixture.js';

const timeZone = 'America/Mexico_City';
const resources = (seedCatalogue() as { resources: Resource[] }).resources.map((resource) => ({ ...resource, active: resource.active ?? true }));
const options = { resources, timeZone };

describe('guesses put into a service form', () => {
  it('fill only the fields still empty, and say which inputs they fill', () => {
    const filled = withTextGuesses(
      'VC',
      { date: '2026-12-09', expectedParticipants: 12, programName: 'Coloquio', startTime: '' },
      { date: '2026-12-08', startTime: '10:00', endTime: '12:00', expectedParticipants: 40, remoteSites: [{ dialAddress: 'sip:sala@unam.mx', protocol: 'SIP' }] },
      options,
    );
    expect(filled.values).toEqual({
      date: '2026-12-09',
      expectedParticipants: 12,
      programName: 'Coloquio',
      startTime: '10:00',
      endTime: '12:00',
      remoteSites: [{ dialAddress: 'sip:sala@unam.mx', protocol: 'SIP' }],
    });
    expect(filled.suggested.sort()).toEqual(['endTime', 'remoteSites.0.dialAddress', 'remoteSites.0.protocol', 'startTime']);
  });

  it('leave remote sites already listed as they are', () => {
    const sites = [{ institution: 'UNAM', dialAddress: '132.248.1.1' }];
    const filled = withTextGuesses('VC', { remoteSites: sites }, { remoteSites: [{ dialAddress: 'sip:otra@unam.mx', protocol: 'SIP' }] }, options);
    expect(filled.values.remoteSites).toBe(sites);
    expect(filled.suggested).toEqual([]);
  });

  it('drop a guess the form’s own validation refuses with the values around it', () => {
    const filled = withTextGuesses('VC', { startTime: '15:00', date: '2026-12-08' }, { endTime: '12:00', expectedParticipants: 30 }, options);
    expect(filled.values).toEqual({ startTime: '15:00', date: '2026-12-08', expectedParticipants: 30 });
    expect(filled.suggested).toEqual(['expectedParticipants']);
  });

  it('put only the fields the service’s form has', () => {
    const guesses = { platform: 'Zoom' as const, streaming: true, recording: true, videoMode: 'multipoint' as const, roomWords: ['sala', '2'] };
    expect(withTextGuesses('NC', {}, guesses, options).values).toEqual({ platform: 'Zoom', liveStreaming: true, recording: true });
    expect(withTextGuesses('TC', {}, guesses, options).values).toEqual({ recording: true, room: 'sala-vc-2' });
    expect(withTextGuesses('VC', {}, guesses, options).values).toEqual({ recording: true, streaming: true, mode: 'multipoint', localRoom: 'sala-vc-2' });
  });

  it('name a room only when exactly one room of the catalogue, offered for the service, has every word', () => {
    expect(roomNamed(['sala', '2'], resources, 'NC')?.id).toBe('sala-vc-2');
    expect(roomNamed(['sala', '1'], resources, 'NC')).toBeUndefined();
    expect(roomNamed(['sala'], resources, 'VC')).toBeUndefined();
    expect(roomNamed(['auditorio'], resources, 'VC')?.id).toBe('auditorio');
    expect(roomNamed(['sala', '101'], resources, 'VC')).toBeUndefined();
  });
});
