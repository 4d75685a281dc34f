import { SERVICE_TYPES } from '../../../services/forms/service-forms.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { completeData, MEXICO_CITY } from './form-fixtures.js';

describe('input that fails validation', () => {
  it.each(SERVICE_TYPES)('%s comes back as given: the same object, untouched', (service) => {
    const given = { ...completeData[service](), siglas: '  f ', date: '04/05/2026', expectedParticipants: ' 12 ', purpose: '   ' };
    const snapshot = structuredClone(given);
    const result = validateServiceForm(service, given, { mode: 'complete', locale: 'es', timeZone: MEXICO_CITY });
    expect(result.ok).toBe(false);
    expect(result.value).toBe(given);
    expect(result.value).toEqual(snapshot);
  });

  it('keeps nested list items as typed', () => {
    const sites = [{ institution: ' UdeG ', dialAddress: 'sala@udg', protocol: 'SIP' }, 'basura'];
    const given = { remoteSites: sites, bandwidthKbps: '2048' };
    const result = validateServiceForm('VC', given, { mode: 'draft', locale: 'es', timeZone: MEXICO_CITY });
    expect(result.ok).toBe(false);
    expect(result.value).toEqual({ remoteSites: [{ institution: ' UdeG ', dialAddress: 'sala@udg', protocol: 'SIP' }, 'basura'], bandwidthKbps: '2048' });
    expect((result.value.remoteSites as unknown[])[0]).toBe(sites[0]);
  });

  it('comes back as an empty record when it was not a record at all', () => {
    const result = validateServiceForm('NC', 'hola', { mode: 'draft', locale: 'es', timeZone: MEXICO_CITY });
    expect(result).toEqual({
      ok: false,
      value: {},
      errors: [
        {
          path: '',
          field: 'Netconferencia (FOR 7.5 DRT 31)',
          message: 'Netconferencia (FOR 7.5 DRT 31): los datos del formulario deben llegar como un conjunto de campos.',
        },
      ],
    });
  });
});

describe('input that passes validation', () => {
  it.each(SERVICE_TYPES)('%s is not modified while it is normalised', (service) => {
    const given = { ...completeData[service](), siglas: ' fi ', programName: ' Seminario ' };
    const snapshot = structuredClone(given);
    const result = validateServiceForm(service, given, { mode: 'complete', locale: 'es', timeZone: MEXICO_CITY });
    expect(result.ok && [result.value.siglas, result.value.programName]).toEqual(['FI', 'Seminario']);
    expect(given).toEqual(snapshot);
  });
});
