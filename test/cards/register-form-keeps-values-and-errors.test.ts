import { registerFields, renderRegisterFormCard } from '../../cards/register-form-card.js';
import { actionsOf, expectWellFormedCard, inputById, inputIdsOf, visibleText } from './card-assertions.js';

const asvChoices = [
  { id: 'asv-1', name: 'Carla Gómez' },
  { id: 'asv-2', name: 'Jorge Ruiz' },
];

describe("the Help Desk's registration form", () => {
  it('has one input per field and submits with Action.Submit (task module), verb register', () => {
    const card = renderRegisterFormCard({ locale: 'es', values: {}, errors: {}, asvChoices });
    expectWellFormedCard(card, { allowSubmit: true });
    expect(inputIdsOf(card)).toEqual([...registerFields]);
    expect(actionsOf(card)).toEqual([{ type: 'Action.Submit', title: 'Registrar', style: 'positive', data: { verb: 'register' } }]);
    expect(inputById(card, 'assigneeId')).toMatchObject({ choices: [{ title: 'Carla Gómez', value: 'asv-1' }, { title: 'Jorge Ruiz', value: 'asv-2' }] });
    expect(inputById(card, 'service')).toMatchObject({ placeholder: 'Por determinar', choices: [{ value: 'VC' }, { value: 'TC' }, { value: 'NC' }] });
  });

  it('keeps every value and shows each error under its field', () => {
    const values = {
      requesterName: 'María Fernanda Ortiz',
      requesterEmail: 'mf.ortiz@',
      dependenciaName: 'Facultad de Ingeniería',
      siglas: 'F',
      service: 'VC',
      description: 'Videoconferencia con Guadalajara (pegado del mensaje).',
      assigneeId: 'asv-2',
    };
    const errors = { requesterEmail: 'Escriba un correo electrónico válido.', siglas: 'Use de 2 a 12 letras mayúsculas o dígitos.' };
    const card = renderRegisterFormCard({ locale: 'es', values, errors, asvChoices, note: 'Revise los datos.' });
    expectWellFormedCard(card, { allowSubmit: true });
    for (const [id, value] of Object.entries(values)) expect(inputById(card, id).value).toBe(value);
    const body = card.body as Array<Record<string, unknown>>;
    for (const [id, message] of Object.entries(errors)) {
      const at = body.findIndex((element) => element.id === id);
      expect(body[at + 1]).toMatchObject({ type: 'TextBlock', text: message, color: 'attention' });
    }
    const nameAt = body.findIndex((element) => element.id === 'requesterName');
    expect(body[nameAt + 1]?.type).not.toBe('TextBlock');
    expect(visibleText(card)).toContain('Revise los datos marcados.');
  });

  it('speaks English', () => {
    const card = renderRegisterFormCard({ locale: 'en', values: { description: 'From a message' }, errors: {}, asvChoices });
    expectWellFormedCard(card, { allowSubmit: true });
    expect(visibleText(card)).toContain('Register a request');
    expect(inputById(card, 'requesterEmail')).toMatchObject({ label: "Requester's e-mail", style: 'email' });
    expect(inputById(card, 'description').value).toBe('From a message');
    expect(visibleText(card)).not.toContain('Check the marked fields.');
  });
});
