import { eventTitle } from '../../../services/forms/event-title.js';

describe('the agenda title of an event (step 3.1.1.1)', () => {
  it('prefixes the program name with the siglas and an en dash', () => {
    expect(eventTitle('FI', 'Seminario de redes')).toBe('FI – Seminario de redes');
  });

  it('puts the siglas in capitals and tidies the spaces', () => {
    expect(eventTitle(' dgtic ', '  Jornada   de   cómputo ')).toBe('DGTIC – Jornada de cómputo');
  });

  it('does not prefix twice a name that already carries the siglas', () => {
    expect(eventTitle('FI', 'FI – Seminario de redes')).toBe('FI – Seminario de redes');
    expect(eventTitle('FI', 'fi - Seminario de redes')).toBe('FI – Seminario de redes');
    expect(eventTitle('FI', 'FIDEICOMISO – informe')).toBe('FI – FIDEICOMISO – informe');
  });

  it('refuses empty parts', () => {
    expect(() => eventTitle('  ', 'Seminario')).toThrow('eventTitle: the siglas are empty');
    expect(() => eventTitle('FI', '  ')).toThrow('eventTitle: the program name is empty');
    expect(() => eventTitle('FI', 'FI – ')).toThrow('eventTitle: the program name is empty');
  });
});
