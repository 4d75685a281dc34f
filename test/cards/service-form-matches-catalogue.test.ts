import { LIST_ROWS, renderServiceFormCard, serviceFormInputIds, type ServiceFormCardView } from '../../cards/service-form-card.js';
import { fieldCatalogue, flattenCatalogue } from '../../services/forms/field-catalogue.js';
import { fieldLabel } from '../../services/forms/form-labels.js';
import { serviceTypes, type ServiceType } from '../../services/requests/request-types.js';
import { executeAction, expectWellFormedCard, inputById, inputIdsOf, inputsOf, verbsOf } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest, sampleResources } from './card-fixtures.js';

function emptyForm(service: ServiceType, locale: 'es' | 'en' = 'es'): ServiceFormCardView {
  return { request: sampleRequest({ service }), service, locale, timeZone: MEXICO_CITY, values: {}, errors: [], resources: sampleResources() };
}

/** The input ids the catalogue calls for, computed here independently of the card module. */
function catalogueIds(service: ServiceType): string[] {
  const ids: string[] = [];
  for (const field of fieldCatalogue(service)) {
    if (field.kind !== 'list') {
      ids.push(field.path);
      continue;
    }
    for (let row = 0; row < LIST_ROWS; row += 1) for (const item of field.items ?? []) ids.push(`${field.name}.${row}.${item.name}`);
  }
  return ids.sort();
}

const expectedType = { text: 'Input.Text', email: 'Input.Text', phone: 'Input.Text', url: 'Input.Text', date: 'Input.Date', time: 'Input.Time', number: 'Input.Number', choice: 'Input.ChoiceSet' } as const;

describe.each(serviceTypes)('the %s service form card', (service) => {
  it('has exactly one input per catalogue field path, lists expanded to 4 rows', () => {
    for (const locale of ['es', 'en'] as const) {
      const card = renderServiceFormCard(emptyForm(service, locale));
      expectWellFormedCard(card);
      expect([...inputIdsOf(card)].sort()).toEqual(catalogueIds(service));
    }
    expect([...serviceFormInputIds(service)].sort()).toEqual(catalogueIds(service));
  });

  it('gives every catalogue field an input of its kind, labelled from the form labels', () => {
    const card = renderServiceFormCard(emptyForm(service));
    const lists = new Set(fieldCatalogue(service).filter((field) => field.kind === 'list').map((field) => field.path));
    for (const field of flattenCatalogue(fieldCatalogue(service))) {
      if (field.kind === 'list') continue;
      const list = [...lists].find((path) => field.path.startsWith(`${path}[].`));
      const id = list ? `${list}.0.${field.name}` : field.path;
      const input = inputById(card, id);
      const label = fieldLabel(service, field.path, 'es');
      if (field.kind === 'boolean' && !field.derived) {
        expect(input).toMatchObject({ type: 'Input.Toggle', valueOn: 'true', valueOff: 'false' });
        expect(String(input.title)).toContain(label);
      } else if (field.kind === 'boolean') {
        expect(input).toMatchObject({ type: 'Input.ChoiceSet', choices: [{ value: 'true' }, { value: 'false' }] });
      } else {
        expect(input.type).toBe(expectedType[field.kind as keyof typeof expectedType]);
        expect(input.label).toBe(field.required ? `${label} *` : label);
      }
      if (field.kind === 'choice' && field.multiple) expect(input.isMultiSelect).toBe(true);
      if (field.choices) expect((input.choices as Array<{ value: string }>).map((choice) => choice.value)).toEqual([...field.choices]);
    }
  });

  it('saves with save-form carrying the request, its version and the service', () => {
    const card = renderServiceFormCard(emptyForm(service));
    expect(verbsOf(card)).toEqual(['save-form', 'refresh']);
    expect(executeAction(card, 'save-form').data).toEqual({ requestId: 'req-42', version: 4, service });
  });
});

describe('resource choices of the service form', () => {
  it('offers the rooms and equipment that serve the service, and keeps an unknown current value', () => {
    const card = renderServiceFormCard({ ...emptyForm('VC'), values: { localRoom: 'sala-antigua', extraEquipment: ['camara-ptz-2'] } });
    expect(inputById(card, 'localRoom')).toMatchObject({
      value: 'sala-antigua',
      choices: [
        { title: 'Sala de Juntas 2 (12)', value: 'sala-juntas-2' },
        { title: 'Sala de Videoconferencia 1 (30)', value: 'sala-vc-1' },
        { title: 'sala-antigua', value: 'sala-antigua' },
      ],
    });
    expect(inputById(card, 'extraEquipment')).toMatchObject({
      isMultiSelect: true,
      value: 'camara-ptz-2',
      choices: [
        { title: 'Cámara PTZ 2', value: 'camara-ptz-2' },
        { title: 'MCU', value: 'mcu-1' },
      ],
    });
    const nc = renderServiceFormCard(emptyForm('NC'));
    expect(inputsOf(nc).filter((input) => input.id === 'localRoom')).toEqual([]);
  });
});
