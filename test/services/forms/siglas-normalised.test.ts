import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY, videoconferenceData } from './form-fixtures.js';

const draft = { mode: 'draft', timeZone: MEXICO_CITY } as const;

describe('siglas', () => {
  it.each([
    [' fi ', 'FI'],
    ['dgtic', 'DGTIC'],
    ['FES2', 'FES2'],
    ['enp9', 'ENP9'],
    ['ccadet', 'CCADET'],
    ['ABCDEFGHIJKL', 'ABCDEFGHIJKL'],
  ])('%j is stored as %j', (typed, stored) => {
    const result = validateServiceForm('VC', { siglas: typed }, draft);
    expect(result).toEqual({ ok: true, value: { siglas: stored } });
  });

  it('is normalised in the complete form too', () => {
    const result = validateServiceForm('VC', { ...videoconferenceData(), siglas: '  iimas ' }, { mode: 'complete', timeZone: MEXICO_CITY });
    expect(result.ok && result.value.siglas).toBe('IIMAS');
  });

  it.each(['F', 'ABCDEFGHIJKLM', 'F-I', 'F I', 'FI.', 'Fac. Ing.'])('%j is rejected, in Spanish and in English', (typed) => {
    const es = validateServiceForm('TC', { siglas: typed }, { ...draft, locale: 'es' });
    const en = validateServiceForm('TC', { siglas: typed }, { ...draft, locale: 'en' });
    expect(es).toEqual({
      ok: false,
      value: { siglas: typed },
      errors: [{ path: 'siglas', field: 'Siglas', message: 'Siglas: usa de 2 a 12 letras mayúsculas o dígitos.' }],
    });
    expect(en.ok || en.errors).toEqual([
      { path: 'siglas', field: 'Acronym of the faculty or office', message: 'Acronym of the faculty or office: use 2 to 12 capital letters or digits.' },
    ]);
  });
});
