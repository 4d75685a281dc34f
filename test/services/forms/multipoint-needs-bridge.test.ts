import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY, videoconferenceData } from './form-fixtures.js';

const complete = { mode: 'complete', timeZone: MEXICO_CITY } as const;
const [firstSite] = videoconferenceData().remoteSites as Record<string, unknown>[];

function withoutBridge(changes: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = { ...videoconferenceData(), ...changes };
  delete data.needsBridge;
  return data;
}

describe('the bridge (MCU) of a videoconference', () => {
  it('is needed by a multipoint call when not said otherwise', () => {
    const result = validateServiceForm('VC', withoutBridge({ mode: 'multipoint' }), complete);
    expect(result.ok && result.value.needsBridge).toBe(true);
  });

  it('is not needed by a point-to-point call when not said otherwise', () => {
    const result = validateServiceForm('VC', withoutBridge({ mode: 'point-to-point', remoteSites: [firstSite] }), complete);
    expect(result.ok && result.value.needsBridge).toBe(false);
  });

  it('may be asked for by a point-to-point call (e.g. to join H.323 and SIP)', () => {
    const result = validateServiceForm('VC', { ...videoconferenceData(), mode: 'point-to-point', remoteSites: [firstSite], needsBridge: 'true' }, complete);
    expect(result.ok && result.value.needsBridge).toBe(true);
  });

  it('cannot be turned down by a multipoint call, in a draft or a complete form', () => {
    const draft = validateServiceForm('VC', { mode: 'multipoint', needsBridge: false }, { mode: 'draft', locale: 'en', timeZone: MEXICO_CITY });
    expect(draft.ok || draft.errors).toEqual([
      {
        path: 'needsBridge',
        field: 'Needs the bridge (MCU)',
        message: 'Needs the bridge (MCU): a multipoint videoconference needs the bridge (MCU).',
      },
    ]);
    const full = validateServiceForm('VC', { ...videoconferenceData(), needsBridge: 'false' }, complete);
    expect(full.ok || full.errors.map((error) => error.message)).toEqual([
      'Requiere puente (MCU): una videoconferencia multipunto requiere el puente (MCU).',
    ]);
  });

  it('is derived in a draft once the mode is known', () => {
    expect(validateServiceForm('VC', { mode: 'multipoint' }, { mode: 'draft', timeZone: MEXICO_CITY })).toEqual({
      ok: true,
      value: { mode: 'multipoint', needsBridge: true },
    });
    expect(validateServiceForm('VC', { localRoom: 'sala-1' }, { mode: 'draft', timeZone: MEXICO_CITY })).toEqual({
      ok: true,
      value: { localRoom: 'sala-1' },
    });
  });
});

describe('the remote sites of each mode', () => {
  it('are exactly one in a point-to-point call', () => {
    const result = validateServiceForm('VC', { ...videoconferenceData(), mode: 'point-to-point' }, complete);
    expect(result.ok || result.errors.map((error) => error.message)).toEqual([
      'Sitios remotos: una videoconferencia punto a punto tiene exactamente un sitio remoto.',
    ]);
  });

  it('are at least two in a complete multipoint call', () => {
    const result = validateServiceForm('VC', { ...videoconferenceData(), remoteSites: [firstSite] }, { ...complete, locale: 'en' });
    expect(result.ok || result.errors.map((error) => error.message)).toEqual([
      'Remote sites: a multipoint videoconference needs at least 2 remote sites.',
    ]);
  });
});
