import type { Locale } from './locale.js';
import { serviceForms, type ServiceType } from './service-forms.js';

/** The words of one form in one language. */
export interface FormLabels {
  /** The form's name, without its code. */
  readonly title: string;
  /**
   * A label per catalogue path: `siglas`; a list `remoteSites`, one of its items
   * `remoteSites[]` (singular, numbered when shown) and an item's field `remoteSites[].protocol`.
   */
  readonly fields: Readonly<Record<string, string>>;
  /** Display titles of fixed choices, per catalogue path and value. */
  readonly choices: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** What to know before filling a field in (a rule it is checked by), per catalogue path; most fields have none. */
  readonly hints?: Readonly<Record<string, string>>;
}

const commonEs = {
  dependenciaName: 'Dependencia',
  siglas: 'Siglas',
  requesterName: 'Nombre del solicitante',
  requesterEmail: 'Correo electrónico del solicitante',
  requesterPhone: 'Teléfono o extensión del solicitante',
  programName: 'Nombre del programa o evento',
  date: 'Fecha del evento',
  startTime: 'Hora de inicio',
  endTime: 'Hora de término',
  repeatWeekdays: 'Se repite los días',
  repeatInterval: 'Cada cuántas semanas',
  repeatUntil: 'Se repite hasta (fecha)',
  repeatCount: 'Número de repeticiones',
  repeatExceptions: 'Fechas en que no hay evento (AAAA-MM-DD, separadas por comas)',
  purpose: 'Propósito o descripción',
  expectedParticipants: 'Participantes esperados',
  observations: 'Observaciones',
};

const commonEn: Record<keyof typeof commonEs, string> = {
  dependenciaName: 'Requesting faculty or office',
  siglas: 'Acronym of the faculty or office',
  requesterName: "Requester's name",
  requesterEmail: "Requester's e-mail",
  requesterPhone: "Requester's phone or extension",
  programName: 'Program or event name',
  date: 'Event date',
  startTime: 'Start time',
  endTime: 'End time',
  repeatWeekdays: 'Repeats on',
  repeatInterval: 'Every how many weeks',
  repeatUntil: 'Repeats until (date)',
  repeatCount: 'Number of occurrences',
  repeatExceptions: 'Dates without the event (YYYY-MM-DD, separated by commas)',
  purpose: 'Purpose or description',
  expectedParticipants: 'Expected participants',
  observations: 'Observations',
};

const recurrenceChoicesEs = {
  repeatWeekdays: { MO: 'Lunes', TU: 'Martes', WE: 'Miércoles', TH: 'Jueves', FR: 'Viernes', SA: 'Sábado', SU: 'Domingo' },
};

const recurrenceChoicesEn: typeof recurrenceChoicesEs = {
  repeatWeekdays: { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' },
};

/** The labels of every form field, choice and form, in Spanish and English. */
export const formLabels: Readonly<Record<Locale, Readonly<Record<ServiceType, FormLabels>>>> = {
  es: {
    VC: {
      title: 'Videoconferencia',
      fields: {
        ...commonEs,
        localRoom: 'Sala local',
        mode: 'Modalidad',
        needsBridge: 'Requiere puente (MCU)',
        remoteSites: 'Sitios remotos',
        'remoteSites[]': 'Sitio remoto',
        'remoteSites[].institution': 'Institución',
        'remoteSites[].contactName': 'Persona de contacto',
        'remoteSites[].contactEmail': 'Correo de contacto',
        'remoteSites[].contactPhone': 'Teléfono de contacto',
        'remoteSites[].dialAddress': 'Dirección de marcación',
        'remoteSites[].protocol': 'Protocolo',
        bandwidthKbps: 'Ancho de banda (kbps)',
        connectionTestDate: 'Fecha de la prueba de conexión',
        connectionTestTime: 'Hora de la prueba de conexión',
        recording: 'Grabación',
        streaming: 'Transmisión (streaming)',
        extraEquipment: 'Equipo adicional',
      },
      choices: { ...recurrenceChoicesEs,
        mode: { 'point-to-point': 'Punto a punto', multipoint: 'Multipunto' },
        'remoteSites[].protocol': { 'H.323': 'H.323', SIP: 'SIP' },
      },
      hints: {
        remoteSites: 'Punto a punto: exactamente 1 sitio remoto. Multipunto: al menos 2 sitios remotos (y el puente MCU).',
      },
    },
    TC: {
      title: 'Teleconferencia',
      fields: {
        ...commonEs,
        mode: 'Modalidad',
        lines: 'Número de líneas',
        externalParticipants: 'Participantes externos',
        'externalParticipants[]': 'Participante externo',
        'externalParticipants[].name': 'Nombre',
        'externalParticipants[].phone': 'Teléfono',
        moderator: 'Moderador',
        recording: 'Grabación',
        room: 'Sala',
      },
      choices: { ...recurrenceChoicesEs, mode: { bridge: 'Puente de audio', direct: 'Llamada directa' } },
    },
    NC: {
      title: 'Netconferencia',
      fields: {
        ...commonEs,
        platform: 'Plataforma',
        platformName: 'Nombre de la plataforma',
        onlineParticipants: 'Participantes en línea',
        presenters: 'Ponentes',
        'presenters[]': 'Ponente',
        'presenters[].name': 'Nombre',
        'presenters[].email': 'Correo electrónico',
        registrationRequired: 'Requiere registro previo',
        recording: 'Grabación',
        liveStreaming: 'Transmisión en vivo',
        hostAccount: 'Licencia anfitriona o sala virtual',
        meetingLink: 'Enlace de la reunión',
      },
      choices: { ...recurrenceChoicesEs, platform: { Teams: 'Microsoft Teams', Zoom: 'Zoom', Webex: 'Webex', Other: 'Otra' } },
    },
  },
  en: {
    VC: {
      title: 'Videoconference',
      fields: {
        ...commonEn,
        localRoom: 'Local room',
        mode: 'Mode',
        needsBridge: 'Needs the bridge (MCU)',
        remoteSites: 'Remote sites',
        'remoteSites[]': 'Remote site',
        'remoteSites[].institution': 'Institution',
        'remoteSites[].contactName': 'Contact person',
        'remoteSites[].contactEmail': 'Contact e-mail',
        'remoteSites[].contactPhone': 'Contact phone',
        'remoteSites[].dialAddress': 'Dialling address',
        'remoteSites[].protocol': 'Protocol',
        bandwidthKbps: 'Bandwidth (kbps)',
        connectionTestDate: 'Connection test date',
        connectionTestTime: 'Connection test time',
        recording: 'Recording',
        streaming: 'Streaming',
        extraEquipment: 'Extra equipment',
      },
      choices: { ...recurrenceChoicesEn,
        mode: { 'point-to-point': 'Point-to-point', multipoint: 'Multipoint' },
        'remoteSites[].protocol': { 'H.323': 'H.323', SIP: 'SIP' },
      },
      hints: {
        remoteSites: 'Point-to-point: exactly 1 remote site. Multipoint: at least 2 remote sites (and the MCU bridge).',
      },
    },
    TC: {
      title: 'Teleconference',
      fields: {
        ...commonEn,
        mode: 'Mode',
        lines: 'Number of lines',
        externalParticipants: 'External participants',
        'externalParticipants[]': 'External participant',
        'externalParticipants[].name': 'Name',
        'externalParticipants[].phone': 'Phone',
        moderator: 'Moderator',
        recording: 'Recording',
        room: 'Room',
      },
      choices: { ...recurrenceChoicesEn, mode: { bridge: 'Audio bridge', direct: 'Direct call' } },
    },
    NC: {
      title: 'Netconference',
      fields: {
        ...commonEn,
        platform: 'Platform',
        platformName: 'Platform name',
        onlineParticipants: 'Online participants',
        presenters: 'Presenters',
        'presenters[]': 'Presenter',
        'presenters[].name': 'Name',
        'presenters[].email': 'E-mail',
        registrationRequired: 'Registration needed',
        recording: 'Recording',
        liveStreaming: 'Live streaming',
        hostAccount: 'Host licence or virtual room',
        meetingLink: 'Meeting link',
      },
      choices: { ...recurrenceChoicesEn, platform: { Teams: 'Microsoft Teams', Zoom: 'Zoom', Webex: 'Webex', Other: 'Other' } },
    },
  },
};

/** The form's title with its quality-record code, e.g. `Videoconferencia (FOR 7.5 DRT 09)`. */
export function formTitle(service: ServiceType, locale: Locale): string {
  return `${formLabels[locale][service].title} (${serviceForms[service].formCode})`;
}

/** The label of a catalogue path (`siglas`, `remoteSites[].protocol`); the path itself when none. */
export function fieldLabel(service: ServiceType, path: string, locale: Locale): string {
  return formLabels[locale][service].fields[path] ?? path;
}

/** The hint of a catalogue path (e.g. how many remote sites each mode needs); '' when it has none. */
export function fieldHint(service: ServiceType, path: string, locale: Locale): string {
  return formLabels[locale][service].hints?.[path] ?? '';
}

/** The display title of a fixed choice; the value itself when none. */
export function choiceLabel(service: ServiceType, path: string, value: string, locale: Locale): string {
  return formLabels[locale][service].choices[path]?.[value] ?? value;
}

/** The catalogue path of a value's path: list indexes dropped (`remoteSites.0.protocol` → `remoteSites[].protocol`). */
export function cataloguePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((joined, segment) => {
    if (typeof segment === 'number') return `${joined}[]`;
    return joined === '' ? String(segment) : `${joined}.${String(segment)}`;
  }, '');
}

/**
 * The label naming the field at a value's path, list items numbered from 1:
 * `siglas` → `Siglas`, `remoteSites.0.dialAddress` → `Sitio remoto 1 › Dirección de marcación`;
 * the empty path names the form.
 */
export function labelAtPath(service: ServiceType, path: readonly PropertyKey[], locale: Locale): string {
  if (path.length === 0) return formTitle(service, locale);
  const labels = formLabels[locale][service].fields;
  const parts: string[] = [];
  let prefix = '';
  for (const [position, segment] of path.entries()) {
    if (typeof segment === 'number') {
      const itemLabel = labels[`${prefix}[]`];
      if (itemLabel === undefined) break;
      parts.pop();
      parts.push(`${itemLabel} ${segment + 1}`);
      prefix = `${prefix}[]`;
      continue;
    }
    prefix = position === 0 ? String(segment) : `${prefix}.${String(segment)}`;
    parts.push(labels[prefix] ?? String(segment));
  }
  return parts.join(' › ');
}
