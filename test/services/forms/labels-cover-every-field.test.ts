import { fieldCatalogue, flattenCatalogue } from '../../../services/forms/field-catalogue.js';
import { choiceLabel, fieldLabel, formLabels, formTitle, labelAtPath } from '../../../services/forms/form-labels.js';
import { LOCALES } from '../../../services/forms/locale.js';
import { SERVICE_TYPES } from '../../../services/forms/service-forms.js';

const everyField = SERVICE_TYPES.flatMap((service) =>
  flattenCatalogue(fieldCatalogue(service)).map((field) => [service, field.path, field] as const),
);

describe('the label catalogue', () => {
  it.each(everyField)('%s %s has a label in Spanish and in English', (service, path) => {
    const es = formLabels.es[service].fields[path];
    const en = formLabels.en[service].fields[path];
    expect(es).toEqual(expect.stringMatching(/\S/));
    expect(en).toEqual(expect.stringMatching(/\S/));
    expect(fieldLabel(service, path, 'es')).toBe(es);
    expect(fieldLabel(service, path, 'en')).toBe(en);
  });

  it.each(everyField.filter(([, , field]) => field.kind === 'list' && field.items !== undefined))(
    '%s %s names one of its items in both languages',
    (service, path) => {
      for (const locale of LOCALES) expect(formLabels[locale][service].fields[`${path}[]`]).toEqual(expect.stringMatching(/\S/));
    },
  );

  it.each(everyField.filter(([, , field]) => field.choices !== undefined))('%s %s titles every choice in both languages', (service, path, field) => {
    for (const locale of LOCALES) {
      const titles = formLabels[locale][service].choices[path] ?? {};
      expect(Object.keys(titles).sort()).toEqual([...(field.choices ?? [])].sort());
    }
  });

  it('labels nothing that is not a field', () => {
    for (const service of SERVICE_TYPES) {
      const paths = flattenCatalogue(fieldCatalogue(service)).flatMap((field) =>
        field.items === undefined ? [field.path] : [field.path, `${field.path}[]`],
      );
      for (const locale of LOCALES) {
        expect(Object.keys(formLabels[locale][service].fields).sort()).toEqual(paths.sort());
        expect(Object.keys(formLabels[locale][service].choices).every((path) => paths.includes(path))).toBe(true);
      }
    }
  });

  it('names list items by number and form by code', () => {
    expect(labelAtPath('VC', ['remoteSites', 2, 'protocol'], 'es')).toBe('Sitio remoto 3 › Protocolo');
    expect(labelAtPath('TC', ['externalParticipants', 0], 'en')).toBe('External participant 1');
    expect(labelAtPath('VC', ['extraEquipment', 1], 'es')).toBe('Equipo adicional');
    expect(labelAtPath('NC', [], 'es')).toBe('Netconferencia (FOR 7.5 DRT 31)');
    expect(formTitle('TC', 'en')).toBe('Teleconference (FOR 7.5 DRT 33)');
    expect(choiceLabel('NC', 'platform', 'Other', 'es')).toBe('Otra');
    expect(choiceLabel('VC', 'mode', 'point-to-point', 'en')).toBe('Point-to-point');
  });
});
