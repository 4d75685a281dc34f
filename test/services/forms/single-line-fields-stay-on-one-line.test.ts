import { flattenCatalogue, fieldCatalogue } from '../../../services/forms/field-catalogue.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY, videoconferenceData } from './form-fixtures.js';

const draft = { mode: 'draft', timeZone: MEXICO_CITY } as const;

/**
 * A single-line field (a name, a dependencia, a dialling address…) never keeps a line break or
 * an invisible control: `Ana\r\nBcc: victim@x` would otherwise be stored as a name and end up in
 * e-mail headers, folios and cards as two lines. Multi-line fields (purpose, observations) keep
 * their lines and lose only the controls.
 */
describe('single-line text fields', () => {
  it.each([
    ['Ana\r\nBcc: victim@x', 'Ana Bcc: victim@x'],
    ['Ana\nBcc: victim@x', 'Ana Bcc: victim@x'],
    ['Ana\rBcc', 'Ana Bcc'],
    ['Ana\t\tRobles', 'Ana Robles'],
    ['Ana \r\n\t Robles', 'Ana Robles'],
    ['Ana\u0000\u0007Robles', 'Ana Robles'],
    ['Ana\u0085Robles\u009b', 'Ana Robles'],
    ['Ana\u2028Robles\u2029Díaz', 'Ana Robles Díaz'],
    ['Ana \u202eselbor\u202c', 'Ana selbor'],
    ['\u2066Ana\u2069 Robles', 'Ana Robles'],
  ])('%j is stored as %j', (typed, stored) => {
    const result = validateServiceForm('VC', { requesterName: typed, dependenciaName: typed, programName: typed }, draft);
    expect(result).toEqual({ ok: true, value: { requesterName: stored, dependenciaName: stored, programName: stored } });
  });

  it('applies to the single-line fields of list items too (a remote site)', () => {
    const data = videoconferenceData();
    const sites = data.remoteSites as Array<Record<string, unknown>>;
    sites[0] = { ...sites[0], institution: 'Universidad\r\nde Guadalajara', contactName: 'Luis\nPérez' };
    const result = validateServiceForm('VC', data, { mode: 'complete', timeZone: MEXICO_CITY });
    expect(result.ok && result.value.remoteSites[0]).toMatchObject({ institution: 'Universidad de Guadalajara', contactName: 'Luis Pérez' });
  });

  it('a value made only of controls is missing, not an empty name', () => {
    const result = validateServiceForm('VC', { ...videoconferenceData(), requesterName: '\u0000\r\n\u202e' }, { mode: 'complete', timeZone: MEXICO_CITY });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((error) => error.path)).toEqual(['requesterName']);
  });
});

describe('multi-line text fields', () => {
  it('keep their line breaks (CR LF and lone CR become LF) and lose the other controls', () => {
    const typed = 'Primera línea\r\nSegunda\u0000 línea\rTercera\u2028Cuarta\t(tab)\u202e.';
    const result = validateServiceForm('VC', { purpose: typed, observations: typed }, draft);
    const kept = 'Primera línea\nSegunda línea\nTercera\nCuarta (tab).';
    expect(result).toEqual({ ok: true, value: { purpose: kept, observations: kept } });
  });

  it('the rule follows the field catalogue: only fields marked multiline keep line breaks', () => {
    const multiline = flattenCatalogue(fieldCatalogue('VC'))
      .filter((field) => field.multiline)
      .map((field) => field.path);
    expect(multiline).toEqual(['purpose', 'observations']);
  });
});
