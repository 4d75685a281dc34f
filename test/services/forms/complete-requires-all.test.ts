import { fieldCatalogue, flattenCatalogue } from '../../../services/forms/field-catalogue.js';
import { SERVICE_TYPES, type ServiceType } from '../../../services/forms/service-forms.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { completeData, MEXICO_CITY, netconferenceData, teleconferenceData, videoconferenceData } from './form-fixtures.js';

const complete = { mode: 'complete', timeZone: MEXICO_CITY } as const;

function without(data: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...data };
  delete copy[field];
  return copy;
}

const topLevelFields = (service: ServiceType, required: boolean) =>
  fieldCatalogue(service)
    .filter((field) => field.required === required && !field.derived)
    .map((field) => [service, field.name] as const);

describe('a complete form', () => {
  it.each(SERVICE_TYPES)('%s with every field valid is accepted', (service) => {
    expect(validateServiceForm(service, completeData[service](), complete).ok).toBe(true);
  });

  it('returns the parsed videoconference form', () => {
    const result = validateServiceForm('VC', videoconferenceData(), complete);
    expect(result.ok && result.value).toEqual({ ...videoconferenceData() });
  });

  it.each(SERVICE_TYPES.flatMap((service) => topLevelFields(service, true)))('%s without %s is refused as missing it', (service, field) => {
    const result = validateServiceForm(service, without(completeData[service](), field), complete);
    expect(result.ok).toBe(false);
    expect(result.ok || result.errors.find((error) => error.path === field)?.message).toMatch(/: este dato es obligatorio\.$/);
  });

  it.each(SERVICE_TYPES.flatMap((service) => topLevelFields(service, false)))('%s without %s is accepted', (service, field) => {
    expect(validateServiceForm(service, without(completeData[service](), field), complete).ok).toBe(true);
  });

  it('requires every required field of each list item', () => {
    const result = validateServiceForm('NC', { ...netconferenceData(), presenters: [{}] }, { ...complete, locale: 'en' });
    expect(result.ok || result.errors).toEqual([
      { path: 'presenters.0.name', field: 'Presenter 1 › Name', message: 'Presenter 1 › Name: this field is required.' },
      { path: 'presenters.0.email', field: 'Presenter 1 › E-mail', message: 'Presenter 1 › E-mail: this field is required.' },
    ]);
    const required = flattenCatalogue(fieldCatalogue('NC')).filter((field) => field.path.startsWith('presenters[].') && field.required);
    expect(required.map((field) => field.name)).toEqual(['name', 'email']);
  });

  it('asks for at least one remote site and one presenter', () => {
    const vc = validateServiceForm('VC', { ...videoconferenceData(), mode: 'point-to-point', remoteSites: [] }, complete);
    const nc = validateServiceForm('NC', { ...netconferenceData(), presenters: [] }, { ...complete, locale: 'en' });
    expect(vc.ok || vc.errors.map((error) => error.message)).toEqual(['Sitios remotos: agrega al menos 1.']);
    expect(nc.ok || nc.errors.map((error) => error.message)).toEqual(['Presenters: add at least 1.']);
  });

  it("asks for a remote site's contact e-mail or phone", () => {
    const [site] = videoconferenceData().remoteSites as Record<string, unknown>[];
    const result = validateServiceForm(
      'VC',
      { ...videoconferenceData(), mode: 'point-to-point', remoteSites: [without(site ?? {}, 'contactEmail')] },
      complete,
    );
    expect(result.ok || result.errors).toEqual([
      {
        path: 'remoteSites.0.contactEmail',
        field: 'Sitio remoto 1 › Correo de contacto',
        message: 'Sitio remoto 1 › Correo de contacto: indica un correo electrónico o un teléfono de contacto del sitio remoto.',
      },
    ]);
  });

  it('asks for the platform name when the platform is Other, and only then', () => {
    const missing = validateServiceForm('NC', { ...netconferenceData(), platform: 'Other' }, complete);
    expect(missing.ok || missing.errors.map((error) => error.message)).toEqual([
      'Nombre de la plataforma: indícalo cuando la plataforma es «Otra».',
    ]);
    expect(validateServiceForm('NC', { ...netconferenceData(), platform: 'Other', platformName: 'Jitsi' }, complete).ok).toBe(true);
    const extra = validateServiceForm('NC', { ...netconferenceData(), platformName: 'Jitsi' }, { ...complete, locale: 'en' });
    expect(extra.ok || extra.errors.map((error) => error.message)).toEqual(['Platform name: give it only when the platform is "Other".']);
  });

  it('leaves the meeting link to the booking', () => {
    const result = validateServiceForm('NC', without(netconferenceData(), 'meetingLink'), complete);
    expect(result.ok && result.value.meetingLink).toBeUndefined();
    const wrong = validateServiceForm('NC', { ...netconferenceData(), meetingLink: 'unam.zoom.us/j/1' }, complete);
    expect(wrong.ok || wrong.errors.map((error) => error.message)).toEqual([
      'Enlace de la reunión: escribe un enlace completo que empiece con https:// (o http://).',
    ]);
  });

  it('asks a direct call for at least one external participant; a bridge call needs none', () => {
    const direct = validateServiceForm('TC', { ...teleconferenceData(), mode: 'direct', externalParticipants: [] }, complete);
    expect(direct.ok || direct.errors.map((error) => error.message)).toEqual([
      'Participantes externos: en una llamada directa agrega al menos un participante externo.',
    ]);
    expect(validateServiceForm('TC', { ...teleconferenceData(), mode: 'direct' }, complete).ok).toBe(true);
    expect(validateServiceForm('TC', without(teleconferenceData(), 'externalParticipants'), complete).ok).toBe(true);
  });

  it('reports everything missing at once', () => {
    const result = validateServiceForm('TC', {}, complete);
    expect(result.ok || result.errors.map((error) => error.path)).toEqual([
      'dependenciaName',
      'siglas',
      'requesterName',
      'requesterEmail',
      'requesterPhone',
      'programName',
      'date',
      'startTime',
      'endTime',
      'purpose',
      'expectedParticipants',
      'mode',
      'lines',
      'moderator',
      'recording',
    ]);
  });
});
