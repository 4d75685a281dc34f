import { describeFields, fieldCatalogue, flattenCatalogue } from '../../../services/forms/field-catalogue.js';
import { completeShape, draftShape } from '../../../services/forms/field-spec.js';
import { serviceForms, SERVICE_TYPES } from '../../../services/forms/service-forms.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { completeData, MEXICO_CITY } from './form-fixtures.js';

describe('the field catalogue', () => {
  it.each(SERVICE_TYPES)('%s lists exactly the keys of the complete and the draft schema', (service) => {
    const { fields } = serviceForms[service];
    const names = fieldCatalogue(service).map((field) => field.name);
    expect(names).toEqual(Object.keys(completeShape(fields)));
    expect(names).toEqual(Object.keys(draftShape(fields)));
  });

  it.each(SERVICE_TYPES)('%s lists every key a parsed complete form can have', (service) => {
    const result = validateServiceForm(service, { ...completeData[service](), notAField: 'x' }, { mode: 'complete', timeZone: MEXICO_CITY });
    const names = fieldCatalogue(service).map((field) => field.name);
    expect(result.ok && Object.keys(result.value).every((key) => names.includes(key))).toBe(true);
    expect(result.ok && 'notAField' in result.value).toBe(false);
  });

  it.each(SERVICE_TYPES)('%s lists the keys of each list item', (service) => {
    for (const list of fieldCatalogue(service).filter((field) => field.kind === 'list')) {
      const item = serviceForms[service].fields[list.name]?.item ?? {};
      expect(list.items?.map((field) => field.name)).toEqual(Object.keys(item));
      expect(list.items?.every((field) => field.path === `${list.path}[].${field.name}`)).toBe(true);
    }
  });

  it.each(SERVICE_TYPES)('%s says "required" exactly where the complete schema refuses an empty form', (service) => {
    const result = validateServiceForm(service, {}, { mode: 'complete', timeZone: MEXICO_CITY });
    const refused = result.ok ? [] : result.errors.map((error) => error.path);
    expect(fieldCatalogue(service).filter((field) => field.required).map((field) => field.path)).toEqual(refused);
  });

  it('describes the videoconference form for a card generator', () => {
    const byName = Object.fromEntries(fieldCatalogue('VC').map((field) => [field.name, field]));
    expect(byName.siglas).toEqual({ name: 'siglas', path: 'siglas', kind: 'text', required: true, maxLength: 12 });
    expect(byName.requesterEmail?.kind).toBe('email');
    expect(byName.requesterPhone?.kind).toBe('phone');
    expect(byName.date?.kind).toBe('date');
    expect(byName.startTime?.kind).toBe('time');
    expect(byName.purpose).toMatchObject({ kind: 'text', multiline: true });
    expect(byName.expectedParticipants).toMatchObject({ kind: 'number', min: 1, required: true });
    expect(byName.observations).toMatchObject({ kind: 'text', required: false });
    expect(byName.mode).toMatchObject({ kind: 'choice', choices: ['point-to-point', 'multipoint'], required: true });
    expect(byName.localRoom).toMatchObject({ kind: 'choice', choiceSource: 'rooms', required: true });
    expect(byName.needsBridge).toMatchObject({ kind: 'boolean', required: false, derived: true });
    expect(byName.extraEquipment).toMatchObject({ kind: 'choice', choiceSource: 'equipment', multiple: true, required: false });
    expect(byName.bandwidthKbps).toMatchObject({ kind: 'number', min: 64, max: 100_000 });
    expect(byName.remoteSites).toMatchObject({ kind: 'list', required: true, minItems: 1 });
    expect(byName.remoteSites?.items).toEqual([
      { name: 'institution', path: 'remoteSites[].institution', kind: 'text', required: true, maxLength: 200 },
      { name: 'contactName', path: 'remoteSites[].contactName', kind: 'text', required: true, maxLength: 200 },
      { name: 'contactEmail', path: 'remoteSites[].contactEmail', kind: 'email', required: false, maxLength: 254 },
      { name: 'contactPhone', path: 'remoteSites[].contactPhone', kind: 'phone', required: false, maxLength: 40 },
      { name: 'dialAddress', path: 'remoteSites[].dialAddress', kind: 'text', required: true, maxLength: 255 },
      { name: 'protocol', path: 'remoteSites[].protocol', kind: 'choice', required: true, choices: ['H.323', 'SIP'] },
    ]);
  });

  it('puts the common fields first and the observations last, in every form', () => {
    for (const service of SERVICE_TYPES) {
      const names = fieldCatalogue(service).map((field) => field.name);
      expect(names.slice(0, 16)).toEqual([
        'dependenciaName', 'siglas', 'requesterName', 'requesterEmail', 'requesterPhone', 'programName',
        'date', 'startTime', 'endTime',
        'repeatWeekdays', 'repeatInterval', 'repeatUntil', 'repeatCount', 'repeatExceptions',
        'purpose', 'expectedParticipants',
      ]);
      expect(names.at(-1)).toBe('observations');
    }
  });

  it('flattens list items after their list', () => {
    const paths = flattenCatalogue(describeFields(serviceForms.TC.fields)).map((field) => field.path);
    expect(paths.slice(paths.indexOf('externalParticipants'), paths.indexOf('externalParticipants') + 3)).toEqual([
      'externalParticipants',
      'externalParticipants[].name',
      'externalParticipants[].phone',
    ]);
  });
});
