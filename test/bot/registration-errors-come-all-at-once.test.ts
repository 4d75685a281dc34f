import { describe, expect, it } from '@jest/globals';
import { readRegistrationForm } from '../../bot/handlers/registration-form.js';

/**
 * Issue 10 §4: registration errors came in rounds (the assignee's only after the others were
 * fixed), and "Write the requester's e-mail" was shown for a malformed address. Every problem is
 * named at once, each under its field; a malformed address is said to be malformed.
 */
describe('the registration form read with several problems', () => {
  it('names every field at once, the assignee included, and a malformed e-mail as malformed', () => {
    const read = readRegistrationForm(
      { requesterName: '', requesterEmail: 'rosa@', dependenciaName: 'Facultad de Ingeniería', siglas: 'f', description: '', assigneeId: 'someone-else' },
      { mode: 'help-desk', locale: 'en', assignable: ['asv-1'] },
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.keys(read.errors).sort()).toEqual(['assigneeId', 'description', 'requesterEmail', 'requesterName', 'siglas']);
    expect(read.errors.requesterEmail).toBe('That e-mail address is not valid (e.g. name@unam.mx).');
    expect(read.errors.requesterEmail).not.toContain('Write');
    expect(read.errors.assigneeId).toBe("Choose the ASV who will handle the request.");
  });

  it('asks for a missing e-mail', () => {
    const read = readRegistrationForm({ requesterName: 'Rosa', dependenciaName: 'FI', siglas: 'FI', description: 'x', assigneeId: 'asv-1' }, { mode: 'help-desk', locale: 'es', assignable: ['asv-1'] });
    expect(read).toEqual({ ok: false, errors: { requesterEmail: 'Escriba el correo electrónico del solicitante.' } });
  });
});
