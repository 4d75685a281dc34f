import { labelAtPath } from '../../../services/forms/form-labels.js';
import { formatMessage, messageCatalogues } from '../../../services/forms/form-messages.js';
import { LOCALES } from '../../../services/forms/locale.js';
import { messagesEn } from '../../../services/forms/messages.en.js';
import { messagesEs } from '../../../services/forms/messages.es.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY, videoconferenceData } from './form-fixtures.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the message catalogues', () => {
  it('have the same keys in Spanish and English', () => {
    expect(Object.keys(messagesEn).sort()).toEqual(Object.keys(messagesEs).sort());
  });

  it('use the same placeholders in both languages, and every message names the field', () => {
    for (const [key, spanish] of Object.entries(messagesEs)) {
      const english = messagesEn[key as keyof typeof messagesEs];
      expect([key, placeholders(english)]).toEqual([key, placeholders(spanish)]);
      expect([key, spanish.startsWith('{field}: ')]).toEqual([key, true]);
      expect([key, english.startsWith('{field}: ')]).toEqual([key, true]);
    }
  });

  it('fill the placeholders they are given', () => {
    expect(formatMessage('es', 'text.tooLong', { field: 'Moderador', max: 200 })).toBe('Moderador: usa como máximo 200 caracteres.');
    expect(formatMessage('en', 'number.min', { field: 'Number of lines', min: 1 })).toBe('Number of lines: must be at least 1.');
    expect(Object.keys(messageCatalogues)).toEqual([...LOCALES]);
  });
});

describe('validation messages', () => {
  it('speak Spanish by default', () => {
    const result = validateServiceForm('NC', { requesterEmail: 'ana' }, { mode: 'draft', timeZone: MEXICO_CITY });
    expect(result.ok || result.errors).toEqual([
      {
        path: 'requesterEmail',
        field: 'Correo electrónico del solicitante',
        message: 'Correo electrónico del solicitante: escribe un correo electrónico válido (p. ej. nombre@unam.mx).',
      },
    ]);
  });

  it('start with the label of the field they are about, in each language', () => {
    const wrong = {
      ...videoconferenceData(),
      requesterPhone: 'llámame',
      expectedParticipants: 0,
      bandwidthKbps: 1_000_000,
      recording: 'quizá',
      purpose: 'x'.repeat(2001),
      extraEquipment: 7,
    };
    for (const locale of LOCALES) {
      const result = validateServiceForm('VC', wrong, { mode: 'complete', locale, timeZone: MEXICO_CITY });
      expect(result.ok).toBe(false);
      for (const error of result.ok ? [] : result.errors) {
        expect(error.field).toBe(labelAtPath('VC', error.path.split('.'), locale));
        expect(error.message.startsWith(`${error.field}: `)).toBe(true);
      }
    }
  });

  it('say what is wrong with each kind of value', () => {
    const wrong = {
      ...videoconferenceData(),
      requesterPhone: 'llámame',
      expectedParticipants: 0,
      bandwidthKbps: 1_000_000,
      recording: 'quizá',
      purpose: 'x'.repeat(2001),
      extraEquipment: 7,
    };
    const es = validateServiceForm('VC', wrong, { mode: 'complete', locale: 'es', timeZone: MEXICO_CITY });
    const en = validateServiceForm('VC', wrong, { mode: 'complete', locale: 'en', timeZone: MEXICO_CITY });
    expect(es.ok || es.errors.map((error) => error.message)).toEqual([
      'Teléfono o extensión del solicitante: escribe un teléfono o una extensión (p. ej. 55 5622 3333 ext. 123).',
      'Propósito o descripción: usa como máximo 2000 caracteres.',
      'Participantes esperados: debe ser al menos 1.',
      'Ancho de banda (kbps): debe ser como máximo 100000.',
      'Grabación: indica sí o no.',
      'Equipo adicional: debe ser una lista.',
    ]);
    expect(en.ok || en.errors.map((error) => error.message)).toEqual([
      "Requester's phone or extension: enter a phone number or an extension (e.g. 55 5622 3333 ext. 123).",
      'Purpose or description: use at most 2000 characters.',
      'Expected participants: must be at least 1.',
      'Bandwidth (kbps): must be at most 100000.',
      'Recording: answer yes or no.',
      'Extra equipment: must be a list.',
    ]);
  });

  it('name the whole form when the data is not a set of fields', () => {
    const result = validateServiceForm('VC', ['no'], { mode: 'draft', locale: 'en', timeZone: MEXICO_CITY });
    expect(result.ok || result.errors).toEqual([
      {
        path: '',
        field: 'Videoconference (FOR 7.5 DRT 09)',
        message: 'Videoconference (FOR 7.5 DRT 09): the form data must arrive as a set of fields.',
      },
    ]);
  });

  it('give the choices by their titles in the user language', () => {
    const result = validateServiceForm('TC', { mode: 'puente' }, { mode: 'draft', locale: 'es', timeZone: MEXICO_CITY });
    expect(result.ok || result.errors.map((error) => error.message)).toEqual([
      'Modalidad: elige una de estas opciones: Puente de audio, Llamada directa.',
    ]);
  });
});
