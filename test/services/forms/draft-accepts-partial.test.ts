import { SERVICE_TYPES } from '../../../services/forms/service-forms.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY } from './form-fixtures.js';

const draft = { mode: 'draft', timeZone: MEXICO_CITY } as const;

describe('a draft', () => {
  it.each(SERVICE_TYPES)('%s may be empty', (service) => {
    expect(validateServiceForm(service, {}, draft)).toEqual({ ok: true, value: {} });
  });

  it('keeps what was given, normalised, and leaves out blank inputs', () => {
    const result = validateServiceForm(
      'NC',
      { programName: '  Coloquio de matemáticas ', siglas: 'imate', requesterEmail: '   ', platform: 'Teams', onlineParticipants: '', observations: null },
      draft,
    );
    expect(result).toEqual({ ok: true, value: { programName: 'Coloquio de matemáticas', siglas: 'IMATE', platform: 'Teams' } });
  });

  it('accepts list items that are only partly filled', () => {
    const result = validateServiceForm('TC', { mode: 'bridge', externalParticipants: [{ name: 'Jorge Ruiz' }, {}] }, draft);
    expect(result).toEqual({ ok: true, value: { mode: 'bridge', externalParticipants: [{ name: 'Jorge Ruiz' }, {}] } });
  });

  it('accepts a list that is still empty, which the complete form refuses', () => {
    expect(validateServiceForm('NC', { presenters: [] }, draft).ok).toBe(true);
    expect(validateServiceForm('VC', { remoteSites: [] }, draft).ok).toBe(true);
  });

  it('does not ask for a platform name, a contact or a second site yet', () => {
    expect(validateServiceForm('NC', { platform: 'Other' }, draft).ok).toBe(true);
    expect(validateServiceForm('VC', { remoteSites: [{ institution: 'UdeG' }] }, draft).ok).toBe(true);
    expect(validateServiceForm('VC', { mode: 'multipoint', remoteSites: [{ institution: 'UdeG' }] }, draft).ok).toBe(true);
    expect(validateServiceForm('TC', { mode: 'direct' }, draft).ok).toBe(true);
  });

  it('still rejects every present value that is wrong, and only those', () => {
    const result = validateServiceForm(
      'VC',
      {
        programName: 'Seminario',
        requesterEmail: 'ana@',
        date: '2026-02-30',
        bandwidthKbps: 'mucho',
        mode: 'broadcast',
        remoteSites: [{ contactPhone: 'Luis' }],
      },
      { ...draft, locale: 'en' },
    );
    expect(result.ok || result.errors.map((error) => error.message)).toEqual([
      "Requester's e-mail: enter a valid e-mail address (e.g. name@unam.mx).",
      'Event date: enter a valid date in the format YYYY-MM-DD (e.g. 2026-03-15).',
      'Mode: choose one of these options: Point-to-point, Multipoint.',
      'Remote site 1 › Contact phone: enter a phone number or an extension (e.g. 55 5622 3333 ext. 123).',
      'Bandwidth (kbps): enter a whole number.',
    ]);
  });

  it('applies the cross-field rules to the values it has', () => {
    const result = validateServiceForm('TC', { startTime: '11:00', endTime: '10:30' }, draft);
    expect(result.ok || result.errors.map((error) => error.message)).toEqual([
      'Hora de término: debe ser posterior a la hora de inicio (11:00).',
    ]);
  });
});
