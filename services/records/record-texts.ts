import type { Locale } from '../forms/locale.js';
import type { ActingRole, CommandType, DeliveryOutcome, IncidentKind, RequestStatus, ServiceType } from '../requests/request-types.js';

/**
 * The words of the printed record (*expediente*), in Spanish and English. The record keeps its
 * own words (not the cards'): a quality record must print the same years later, whatever the
 * cards come to say.
 */
export interface RecordWords {
  title: (folio: string) => string;
  organisation: string;
  sections: { request: string; form: string; booking: string; history: string; notices: string; replies: string };
  labels: {
    folio: string;
    status: string;
    requester: string;
    dependencia: string;
    service: string;
    assignee: string;
    registered: string;
    description: string;
    formState: string;
    event: string;
    when: string;
    resources: string;
    bookingStatus: string;
  };
  formState: { complete: string; draft: string; none: string; noService: string };
  bookingStatus: Record<'holding' | 'confirmed' | 'released' | 'failed', string>;
  noBooking: string;
  historyColumns: [string, string, string, string, string, string, string];
  noticeColumns: [string, string, string, string, string, string];
  replyColumns: [string, string, string, string, string];
  none: string;
  empty: string;
  yes: string;
  no: string;
  services: Record<ServiceType | 'none', string>;
  roles: Record<ActingRole, string>;
  kinds: Record<CommandType, string>;
  notes: { 'no-reply-within-deadline': string; 'reminder-sent': string; draft: string; complete: string };
  /** After the event (issue 12 §1): the survey's coded notes, the delivery outcomes and incident kinds. */
  afterEvent: {
    notes: Record<'rating-requested' | 'rating-reminder-sent', string>;
    outcomes: Record<DeliveryOutcome, string>;
    incidentKinds: Record<IncidentKind, string>;
  };
  notices: Record<string, string>;
  audiences: { requester: string; assignee: string; dau: string; channel: string };
  channels: { email: string; teams: string; both: string; thread: string; card: string };
  results: {
    delivered: string;
    failed: (attempts: number) => string;
    retrying: (attempts: number) => string;
    skipped: (reason: string) => string;
    teamsUndelivered: (reason: string) => string;
  };
  skipReasons: Record<string, string>;
  unreached: Record<string, string>;
  replyKinds: { reply: string; added: string; shown: (reason: string) => string };
  replyChannels: { teams: string; email: string };
  shownReasons: Record<string, string>;
  footer: (folio: string, seq: number, at: string) => string;
  item: (label: string, number: number) => string;
}

const es: RecordWords = {
  title: (folio) => `Expediente de la solicitud ${folio}`,
  organisation: 'Mesa de servicios de videoconferencia — Departamento de Redes y Telecomunicaciones',
  sections: {
    request: 'Solicitud',
    form: 'Formulario del servicio',
    booking: 'Reservación',
    history: 'Historial',
    notices: 'Avisos enviados',
    replies: 'Respuestas recibidas',
  },
  labels: {
    folio: 'Folio',
    status: 'Estado',
    requester: 'Solicitante',
    dependencia: 'Dependencia',
    service: 'Servicio',
    assignee: 'ASV asignado',
    registered: 'Registrada',
    description: 'Descripción',
    formState: 'Estado del formulario',
    event: 'Evento',
    when: 'Fecha y hora',
    resources: 'Recursos',
    bookingStatus: 'Estado de la reservación',
  },
  formState: { complete: 'Completo', draft: 'Borrador (incompleto)', none: 'Sin formulario', noService: 'Servicio por determinar: sin formulario' },
  bookingStatus: { holding: 'En proceso de reservar', confirmed: 'Confirmada', released: 'Liberada', failed: 'Fallida' },
  noBooking: 'Sin reservación.',
  historyColumns: ['N.º', 'Fecha y hora', 'Quién', 'Rol', 'De → a', 'Acción', 'Nota'],
  noticeColumns: ['Fecha y hora', 'Cambio', 'Aviso', 'Para', 'Medio', 'Resultado'],
  replyColumns: ['Fecha y hora', 'De', 'Medio', 'Qué se hizo', 'Texto'],
  none: '—',
  empty: 'Ninguno.',
  yes: 'Sí',
  no: 'No',
  services: { VC: 'Videoconferencia', TC: 'Teleconferencia', NC: 'Netconferencia', none: 'Por determinar' },
  roles: {
    HD: 'Mesa de Ayuda (HD)',
    ASV: 'ASV',
    DAU: 'DAU',
    HEAD: 'Jefatura',
    REQUESTER: 'Solicitante',
    SYSTEM: 'Sistema',
  },
  kinds: {
    register: 'Registró la solicitud',
    take: 'Tomó la solicitud',
    'request-info': 'Pidió información al solicitante',
    reply: 'Respuesta a la petición de información',
    'add-information': 'Información añadida a la solicitud',
    'wait-timeout': 'Venció el plazo de respuesta',
    remind: 'Recordatorio al solicitante',
    hold: 'Puso la solicitud en Espera',
    resume: 'Reanudó la solicitud',
    finish: 'Terminó la solicitud',
    reject: 'Marcó la solicitud como No Procede',
    cancel: 'Canceló la solicitud',
    reassign: 'Reasignó la solicitud',
    'set-service': 'Fijó el tipo de servicio',
    'save-form': 'Guardó el formulario del servicio',
    'record-booking': 'Agendó el evento',
    'release-booking': 'Liberó la reservación',
    'cancel-occurrence': 'Canceló una fecha de la serie',
    'record-delivery': 'Registró cómo fue el evento',
    rate: 'Calificó el servicio',
    'ask-rating': 'Se pidió al solicitante calificar el servicio',
    'remind-rating': 'Recordatorio de calificación al solicitante',
  },
  afterEvent: {
    notes: {
      'rating-requested': 'Se envió la encuesta de satisfacción al solicitante.',
      'rating-reminder-sent': 'Se recordó la encuesta de satisfacción al solicitante.',
    },
    outcomes: { 'held-as-planned': 'Se realizó según lo previsto', 'held-with-incidents': 'Se realizó con incidentes', 'not-held': 'No se realizó' },
    incidentKinds: { connection: 'Conexión', audio: 'Audio', video: 'Video', room: 'Sala', other: 'Otro' },
  },
  notes: {
    'no-reply-within-deadline': 'Sin respuesta del solicitante dentro del plazo en horas hábiles.',
    'reminder-sent': 'Se envió un recordatorio al solicitante.',
    draft: 'Borrador',
    complete: 'Completo',
  },
  notices: {
    'requester.in-progress': 'Su solicitud está en proceso',
    'requester.info-request': 'Petición de información',
    'requester.reminder': 'Recordatorio de la petición de información',
    'requester.completed': 'Solicitud terminada (datos de la reservación)',
    'requester.not-viable': 'Solicitud No Procede (motivos)',
    'requester.timed-out': 'Solicitud No Procede por falta de respuesta',
    'requester.cancelled': 'Solicitud cancelada',
    'assignee.new-request': 'Nueva solicitud asignada',
    'assignee.reassigned': 'Solicitud reasignada',
    'assignee.timed-out': 'Venció el plazo de respuesta',
    'dau.not-viable': 'Solicitud No Procede para seguimiento',
    'channel.card': 'Tarjeta de la solicitud en el canal ASV',
    'channel.thread': 'Mensaje en el hilo de la solicitud',
  },
  audiences: { requester: 'Solicitante', assignee: 'ASV asignado', dau: 'DAU', channel: 'Canal ASV' },
  channels: { email: 'Correo electrónico', teams: 'Teams', both: 'Correo electrónico y Teams', thread: 'Teams (hilo)', card: 'Teams (canal)' },
  results: {
    delivered: 'Entregado',
    failed: (attempts) => `No entregado tras ${attempts} intentos`,
    retrying: (attempts) => `En reintento (${attempts} intentos)`,
    skipped: (reason) => `No enviado: ${reason}`,
    teamsUndelivered: (reason) => `No llegó por Teams (${reason}); el correo llevó el aviso completo`,
  },
  skipReasons: {
    'Teams not configured': 'Teams no está configurado',
    'no e-mail address': 'sin dirección de correo',
    wait: 'la petición de información ya no estaba abierta',
  },
  unreached: {
    'no-graph': 'Microsoft Graph no está configurado',
    'no-app-id': 'falta el identificador de la aplicación en el catálogo',
    'not-in-directory': 'no está en el directorio',
    'not-found': 'Graph no conoce al usuario o la aplicación',
    'install-refused': 'la organización no permitió instalar la aplicación',
    'chat-refused': 'Teams rechazó el chat',
  },
  replyKinds: {
    reply: 'Respondió la petición de información',
    added: 'Se añadió como información',
    shown: (reason) => `Se mostró al ASV sin cambiar la solicitud (${reason})`,
  },
  replyChannels: { teams: 'Teams', email: 'Correo electrónico' },
  shownReasons: {
    'not-requester': 'el remitente no es el solicitante',
    'wait-closed': 'la petición de información ya no estaba abierta',
    empty: 'el mensaje no tiene texto de respuesta',
    'too-large': 'demasiado grande para leerse; está en el buzón de la mesa',
  },
  footer: (folio, seq, at) => `Expediente de ${folio}: historial completo hasta el cambio n.º ${seq} (${at}).`,
  item: (label, number) => `${label} ${number}`,
};

const en: RecordWords = {
  title: (folio) => `Record of request ${folio}`,
  organisation: 'Videoconference service desk — Networks and Telecommunications Department',
  sections: {
    request: 'Request',
    form: 'Service form',
    booking: 'Booking',
    history: 'History',
    notices: 'Notices sent',
    replies: 'Replies received',
  },
  labels: {
    folio: 'Folio',
    status: 'Status',
    requester: 'Requester',
    dependencia: 'Faculty or office',
    service: 'Service',
    assignee: 'Assigned ASV',
    registered: 'Registered',
    description: 'Description',
    formState: 'Form status',
    event: 'Event',
    when: 'Date and time',
    resources: 'Resources',
    bookingStatus: 'Booking status',
  },
  formState: { complete: 'Complete', draft: 'Draft (incomplete)', none: 'No form', noService: 'Service to be determined: no form' },
  bookingStatus: { holding: 'Being booked', confirmed: 'Confirmed', released: 'Released', failed: 'Failed' },
  noBooking: 'No booking.',
  historyColumns: ['No.', 'Date and time', 'Who', 'Role', 'From → to', 'Action', 'Note'],
  noticeColumns: ['Date and time', 'Change', 'Notice', 'To', 'Channel', 'Result'],
  replyColumns: ['Date and time', 'From', 'Channel', 'What was done', 'Text'],
  none: '—',
  empty: 'None.',
  yes: 'Yes',
  no: 'No',
  services: { VC: 'Videoconference', TC: 'Teleconference', NC: 'Netconference', none: 'To be determined' },
  roles: {
    HD: 'Help Desk (HD)',
    ASV: 'ASV',
    DAU: 'DAU',
    HEAD: 'Head of department',
    REQUESTER: 'Requester',
    SYSTEM: 'System',
  },
  kinds: {
    register: 'Registered the request',
    take: 'Took the request',
    'request-info': 'Asked the requester for information',
    reply: 'Answer to the request for information',
    'add-information': 'Information added to the request',
    'wait-timeout': 'The answer deadline passed',
    remind: 'Reminder to the requester',
    hold: 'Put the request on hold (Espera)',
    resume: 'Resumed the request',
    finish: 'Finished the request',
    reject: 'Marked the request No Procede',
    cancel: 'Cancelled the request',
    reassign: 'Reassigned the request',
    'set-service': 'Set the service',
    'save-form': 'Saved the service form',
    'record-booking': 'Booked the event',
    'release-booking': 'Released the booking',
    'cancel-occurrence': 'Cancelled one date of the series',
    'record-delivery': 'Recorded how the event went',
    rate: 'Rated the service',
    'ask-rating': 'The requester was asked to rate the service',
    'remind-rating': 'Rating reminder to the requester',
  },
  afterEvent: {
    notes: {
      'rating-requested': 'The satisfaction survey was sent to the requester.',
      'rating-reminder-sent': 'The requester was reminded of the satisfaction survey.',
    },
    outcomes: { 'held-as-planned': 'Held as planned', 'held-with-incidents': 'Held with incidents', 'not-held': 'Not held' },
    incidentKinds: { connection: 'Connection', audio: 'Audio', video: 'Video', room: 'Room', other: 'Other' },
  },
  notes: {
    'no-reply-within-deadline': 'No answer from the requester within the business-hour deadline.',
    'reminder-sent': 'A reminder was sent to the requester.',
    draft: 'Draft',
    complete: 'Complete',
  },
  notices: {
    'requester.in-progress': 'Your request is being worked on',
    'requester.info-request': 'Request for information',
    'requester.reminder': 'Reminder of the request for information',
    'requester.completed': 'Request finished (booking details)',
    'requester.not-viable': 'Request No Procede (reasons)',
    'requester.timed-out': 'Request No Procede for want of an answer',
    'requester.cancelled': 'Request cancelled',
    'assignee.new-request': 'New request assigned',
    'assignee.reassigned': 'Request reassigned',
    'assignee.timed-out': 'The answer deadline passed',
    'dau.not-viable': 'Request No Procede, for follow-up',
    'channel.card': "The request's card in the ASV channel",
    'channel.thread': "Message in the request's thread",
  },
  audiences: { requester: 'Requester', assignee: 'Assigned ASV', dau: 'DAU', channel: 'ASV channel' },
  channels: { email: 'E-mail', teams: 'Teams', both: 'E-mail and Teams', thread: 'Teams (thread)', card: 'Teams (channel)' },
  results: {
    delivered: 'Delivered',
    failed: (attempts) => `Not delivered after ${attempts} attempts`,
    retrying: (attempts) => `Being retried (${attempts} attempts)`,
    skipped: (reason) => `Not sent: ${reason}`,
    teamsUndelivered: (reason) => `Did not reach them in Teams (${reason}); the e-mail carried the whole notice`,
  },
  skipReasons: {
    'Teams not configured': 'Teams is not configured',
    'no e-mail address': 'no e-mail address',
    wait: 'the request for information was no longer open',
  },
  unreached: {
    'no-graph': 'Microsoft Graph is not configured',
    'no-app-id': "the app's catalogue id is missing",
    'not-in-directory': 'not in the directory',
    'not-found': 'Graph does not know the user or the app',
    'install-refused': 'the organisation did not allow the app to be installed',
    'chat-refused': 'Teams refused the chat',
  },
  replyKinds: {
    reply: 'Answered the request for information',
    added: 'Added as information',
    shown: (reason) => `Shown to the ASV without changing the request (${reason})`,
  },
  replyChannels: { teams: 'Teams', email: 'E-mail' },
  shownReasons: {
    'not-requester': 'the sender is not the requester',
    'wait-closed': 'the request for information was no longer open',
    empty: 'the message has no answer text',
    'too-large': "too large to read; it is in the desk's mailbox",
  },
  footer: (folio, seq, at) => `Record of ${folio}: the whole history up to change no. ${seq} (${at}).`,
  item: (label, number) => `${label} ${number}`,
};

/** The record's words in each language. */
export const recordWords: Readonly<Record<Locale, RecordWords>> = { es, en };

/** A status's procedure name (the same in both languages, SPEC §6). */
export function recordStatusName(status: RequestStatus): string {
  return status;
}
