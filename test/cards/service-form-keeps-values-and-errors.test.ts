import { inputIdsToValues, MAX_LIST_ROWS, renderServiceFormCard } from '../../cards/service-form-card.js';
import { validateServiceForm } from '../../services/forms/validate-form.js';
import { netconferenceData, teleconferenceData, videoconferenceData } from '../services/forms/form-fixtures.js';
import { cardBytes, expectWellFormedCard, inputById, inputsOf, typedNodes, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest, sampleResources } from './card-fixtures.js';

const complete = { mode: 'complete', timeZone: MEXICO_CITY } as const;

/** The invoke's `action.data` as Teams sends it: every input's value as text, plus the action's data. */
function submit(card: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = { requestId: 'req-42', version: 4, service: 'VC' };
  for (const input of inputsOf(card)) {
    if (input.type === 'Input.Toggle') data[String(input.id)] = input.value ?? input.valueOff;
    else data[String(input.id)] = input.value === undefined ? '' : String(input.value);
  }
  return data;
}

const forms = { VC: videoconferenceData, TC: teleconferenceData, NC: netconferenceData } as const;

describe('the service form card round trip', () => {
  it.each(Object.entries(forms) as Array<['VC' | 'TC' | 'NC', () => Record<string, unknown>]>)(
    'turns the %s form into inputs and the submitted inputs back into the same form',
    (service, data) => {
      const original = data();
      const card = renderServiceFormCard({ request: sampleRequest({ service }), service, locale: 'es', timeZone: MEXICO_CITY, values: original, errors: [], resources: sampleResources() });
      expectWellFormedCard(card);
      const values = inputIdsToValues(service, submit(card));
      const again = validateServiceForm(service, values, complete);
      const before = validateServiceForm(service, original, complete);
      expect(before.ok).toBe(true);
      expect(again.ok ? [] : again.errors).toEqual([]);
      expect(again.ok && again.value).toEqual(before.ok && before.value);
    },
  );

  it('rebuilds lists from their rows, drops empty rows and splits multi-selects', () => {
    expect(
      inputIdsToValues('VC', {
        verb: 'save-form',
        requestId: 'req-42',
        siglas: 'fi',
        'remoteSites.0.institution': 'UdeG',
        'remoteSites.0.protocol': 'SIP',
        'remoteSites.1.institution': '',
        'remoteSites.1.protocol': '',
        'remoteSites.3.contactName': 'Rosa Díaz',
        'remoteSites.9.unknown': 'x',
        extraEquipment: 'camara-ptz-2,mcu-1',
        recording: 'false',
        streaming: 'true',
        needsBridge: '',
        bandwidthKbps: '2048',
        observations: '   ',
      }),
    ).toEqual({
      siglas: 'fi',
      remoteSites: [{ institution: 'UdeG', protocol: 'SIP' }, { contactName: 'Rosa Díaz' }],
      bandwidthKbps: '2048',
      recording: false,
      streaming: true,
      extraEquipment: ['camara-ptz-2', 'mcu-1'],
    });
  });
});

describe('the service form card after a failed save', () => {
  const typed = {
    ...videoconferenceData(),
    siglas: 'F!',
    expectedParticipants: '',
    remoteSites: [
      { institution: 'Universidad de Guadalajara', contactName: 'Luis Pérez', contactEmail: 'luis.perez@udg.mx', dialAddress: 'sip:sala3@vc.udg.mx', protocol: 'SIP' },
      { institution: 'UNAM Campus Morelia', contactName: 'Rosa Díaz', contactPhone: '+52 443 322 3800', dialAddress: 'no es una dirección', protocol: 'H.323' },
    ],
  };

  it.each(['es', 'en'] as const)('keeps what was typed, shows each error under its input and names the fields at the top (%s)', (locale) => {
    const result = validateServiceForm('VC', typed, { ...complete, locale });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const card = renderServiceFormCard({ request: sampleRequest(), service: 'VC', locale, timeZone: MEXICO_CITY, values: typed, errors, missing: errors, resources: sampleResources() });
    expectWellFormedCard(card);
    expect(inputById(card, 'siglas').value).toBe('F!');
    expect(inputById(card, 'remoteSites.1.dialAddress').value).toBe('no es una dirección');
    expect(inputById(card, 'remoteSites.1.protocol').value).toBe('H.323');
    expect(inputById(card, 'recording').value).toBe('true');
    expect(inputById(card, 'bandwidthKbps').value).toBe(2048);
    expect(inputById(card, 'expectedParticipants')).not.toHaveProperty('value');
    const paths = errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['siglas', 'expectedParticipants', 'remoteSites.1.dialAddress']));
    const containers = typedNodes(card).filter((node) => node.type === 'Container' && Array.isArray(node.items));
    for (const error of errors) {
      const holder = containers.find((container) => (container.items as Array<Record<string, unknown>>).some((item) => item.id === error.path));
      expect(holder).toBeDefined();
      expect((holder!.items as Array<Record<string, unknown>>).at(-1)).toMatchObject({ type: 'TextBlock', text: error.message, color: 'attention' });
    }
    const summary = card.body.find((element) => element.style === 'attention') as { items: Array<{ text: string }> };
    expect(summary.items[1]!.text.split(', ')).toEqual(errors.map((error) => error.field));
  });

  it('lists what the complete form still needs without marking the inputs', () => {
    const draft = { siglas: 'FI', programName: 'Seminario' };
    const result = validateServiceForm('TC', draft, complete);
    const missing = result.ok ? [] : result.errors;
    const card = renderServiceFormCard({ request: sampleRequest({ service: 'TC' }), service: 'TC', locale: 'es', timeZone: MEXICO_CITY, values: draft, errors: [], missing, resources: sampleResources() });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('Para completar el formulario falta:');
    expect(text).toContain('Nombre del solicitante');
    expect(typedNodes(card).filter((node) => node.color === 'attention')).toEqual([]);
    expect(inputById(card, 'programName').value).toBe('Seminario');
  });

  it('offers one more row than filled, up to six, and stays far under the size limit', () => {
    const site = (n: number) => ({ institution: `Sede ${n}`, contactName: `Contacto ${n}`, contactEmail: `sede${n}@example.edu`, contactPhone: '55 1234 5678', dialAddress: `sip:sala${n}@vc.example.edu`, protocol: 'SIP' });
    const values = { ...videoconferenceData(), purpose: 'Propósito. '.repeat(180), observations: 'Observación. '.repeat(150), remoteSites: [1, 2, 3, 4, 5, 6, 7].map(site) };
    const errors = Array.from({ length: 20 }, (_, index) => ({ path: `remoteSites.${index % 6}.dialAddress`, field: 'Sitio remoto', message: 'Sitio remoto › Dirección de marcación: escribe una dirección IP, un alias H.323, un URI SIP o un número E.164 (p. ej. +525556223333).' }));
    const card = renderServiceFormCard({ request: sampleRequest(), service: 'VC', locale: 'es', timeZone: MEXICO_CITY, values, errors, missing: errors, resources: sampleResources() });
    expectWellFormedCard(card);
    expect(cardBytes(card)).toBeLessThan(20 * 1024);
    expect(inputById(card, `remoteSites.${MAX_LIST_ROWS - 1}.institution`).value).toBe('Sede 6');
    expect(() => inputById(card, `remoteSites.${MAX_LIST_ROWS}.institution`)).toThrow();
    const partial = renderServiceFormCard({ request: sampleRequest(), service: 'VC', locale: 'es', timeZone: MEXICO_CITY, values: { remoteSites: [1, 2, 3, 4].map(site) }, errors: [], resources: sampleResources() });
    expect(inputById(partial, 'remoteSites.4.institution')).not.toHaveProperty('value');
  });
});
