import type { ServiceType } from '../../../services/requests/request-types.js';

/**
 * When every labelled text was written: Thursday 3 December 2026, 11:00 in Mexico City. Relative
 * dates ("mañana", "el próximo jueves") are labelled from it.
 */
export const LABELLED_WRITTEN_AT = new Date('2026-12-03T17:00:00Z');

/** What a careful reader takes from a text; a field left out is one the text does not say plainly. */
export interface ExpectedFields {
  date?: string;
  startTime?: string;
  endTime?: string;
  siglas?: string;
  service?: ServiceType;
  /** Dialling addresses of remote sites, as written. */
  addresses?: string[];
  participants?: number;
  /** The room of the seed catalogue the text names. */
  room?: string;
  platform?: 'Teams' | 'Zoom' | 'Webex';
  recording?: boolean;
}

/** One request text as people write them, with what it says. */
export interface LabelledText {
  text: string;
  expected: ExpectedFields;
}

/**
 * Request texts in the ways people write them to the service desk — Spanish with and without
 * accents, abbreviations, relative dates, time ranges in every style, English ones, texts with no
 * date or two, and distractors (phone numbers, extensions, room numbers, durations, links) —
 * each labelled by hand with the value of each field a reader would fill in.
 */
export const labelledTexts: readonly LabelledText[] = [
  {
    text: 'Solicito videoconferencia el martes 8 de diciembre de 10 a 12 en la sala 2, enlace con la UNAM por SIP sip:sala@unam.mx, unas 40 personas',
    expected: { date: '2026-12-08', startTime: '10:00', endTime: '12:00', service: 'VC', addresses: ['sip:sala@unam.mx'], participants: 40, room: 'sala-vc-2' },
  },
  {
    text: 'Buen dia, la FI requiere una videoconferencia el proximo jueves de 10 a 12 hrs con la Universidad de Salamanca. IP del equipo remoto 193.146.141.20 (H.323). Asistentes: 25',
    expected: { date: '2026-12-10', startTime: '10:00', endTime: '12:00', siglas: 'FI', service: 'VC', addresses: ['193.146.141.20'], participants: 25 },
  },
  {
    text: 'Teleconferencia mañana 10:00-12:00, 5 lineas, puente de audio. Contacto ext. 4521',
    expected: { date: '2026-12-04', startTime: '10:00', endTime: '12:00', service: 'TC' },
  },
  {
    text: 'Necesitamos una reunión por Zoom el 15/12 de 16 a 18 h para 120 participantes, se debe grabar',
    expected: { date: '2026-12-15', startTime: '16:00', endTime: '18:00', service: 'NC', participants: 120, platform: 'Zoom', recording: true },
  },
  {
    text: 'Favor de agendar netconferencia por Teams el viernes 11 de diciembre 9:00 a 11:00. Ponente: Dra. Ruiz',
    expected: { date: '2026-12-11', startTime: '09:00', endTime: '11:00', service: 'NC', platform: 'Teams' },
  },
  {
    text: 'Hola, quisiera saber si es posible hacer una videoconferencia la próxima semana, todavía no tenemos fecha.',
    expected: { service: 'VC' },
  },
  {
    text: 'vc con ipn miercoles 9 dic 17 a 19 hrs sala de videoconferencia 1, h323 alias: salaIPN1',
    expected: { date: '2026-12-09', startTime: '17:00', endTime: '19:00', service: 'VC', addresses: ['salaIPN1'], room: 'sala-vc-1' },
  },
  {
    text: 'La DGTIC solicita teleconferencia el 14 de diciembre a las 13:00 con 3 participantes externos. Tel. 55 5622 8888',
    expected: { date: '2026-12-14', startTime: '13:00', siglas: 'DGTIC', service: 'TC', participants: 3 },
  },
  {
    text: 'Examen de grado por videoconferencia con la Universidad de Barcelona, el lunes 7 de diciembre, de 9:30 a 11:30. Dirección SIP: sip:aula5@ub.edu. Se requiere grabación.',
    expected: { date: '2026-12-07', startTime: '09:30', endTime: '11:30', service: 'VC', addresses: ['sip:aula5@ub.edu'], recording: true },
  },
  {
    text: "Webinar 'Ciberseguridad 2026' el 10 de diciembre de 2026, 11am-1pm, estimamos 300 asistentes, transmisión en vivo por YouTube",
    expected: { date: '2026-12-10', startTime: '11:00', endTime: '13:00', service: 'NC', participants: 300 },
  },
  {
    text: 'Se solicita enlace multipunto con UAM y UdeG el 16 de diciembre de 10 a 14 hrs. Sitios: 148.206.45.10 y sip:sala@udg.mx',
    expected: { date: '2026-12-16', startTime: '10:00', endTime: '14:00', service: 'VC', addresses: ['148.206.45.10', 'sip:sala@udg.mx'] },
  },
  {
    text: 'Reunion virtual con el comite el 2 de diciembre',
    expected: { service: 'NC' },
  },
  {
    text: 'Por favor reservar la sala 2 para el 8 o el 9 de diciembre de 10 a 12, aun no sabemos',
    expected: { startTime: '10:00', endTime: '12:00', room: 'sala-vc-2' },
  },
  {
    text: 'Videoconferencia del 14 al 18 de diciembre, de 9 a 13 h diario, curso intensivo',
    expected: { startTime: '09:00', endTime: '13:00', service: 'VC' },
  },
  {
    text: 'Teleconference tomorrow 3pm to 4pm with our partners in Madrid, about 8 people',
    expected: { date: '2026-12-04', startTime: '15:00', endTime: '16:00', service: 'TC', participants: 8 },
  },
  {
    text: 'Could you set up a videoconference on Tuesday December 8 from 10 to 12? The remote site dials sip:room1@mit.edu. Around 30 attendees.',
    expected: { date: '2026-12-08', startTime: '10:00', endTime: '12:00', service: 'VC', addresses: ['sip:room1@mit.edu'], participants: 30 },
  },
  {
    text: 'We need a Zoom webinar next Thursday 10am-12pm for 150 participants, recording please',
    expected: { date: '2026-12-10', startTime: '10:00', endTime: '12:00', service: 'NC', participants: 150, platform: 'Zoom', recording: true },
  },
  {
    text: 'Netconference on 12/15 at 17:00, Webex, 20 guests',
    expected: { date: '2026-12-15', startTime: '17:00', service: 'NC', participants: 20, platform: 'Webex' },
  },
  {
    text: 'Please book the auditorium for a videoconference with UCLA on Friday, December 11, 2026, 9:00-11:00. H.323: 164.67.1.10',
    expected: { date: '2026-12-11', startTime: '09:00', endTime: '11:00', service: 'VC', addresses: ['164.67.1.10'], room: 'auditorio' },
  },
  {
    text: "Hi, we'd like a teleconference sometime next week, no date yet. Call me at ext. 2231.",
    expected: { service: 'TC' },
  },
  {
    text: 'SOLICITUD URGENTE: la FCA requiere videoconferencia hoy a las 16:00 hrs, sala 1',
    expected: { date: '2026-12-03', startTime: '16:00', siglas: 'FCA', service: 'VC', room: 'sala-vc-1' },
  },
  {
    text: 'Se requiere conferencia telefónica con 4 líneas el jueves 10/12 de 12 a 13 hrs',
    expected: { date: '2026-12-10', startTime: '12:00', endTime: '13:00', service: 'TC' },
  },
  {
    text: 'Videoconferencia para el Posgrado en Ciencias (PCIC) el 17 de diciembre, 10:00–12:30, con la Universidad de Chile, SIP 200.9.97.3, aprox. 35 personas',
    expected: { date: '2026-12-17', startTime: '10:00', endTime: '12:30', siglas: 'PCIC', service: 'VC', addresses: ['200.9.97.3'], participants: 35 },
  },
  {
    text: 'Clase a distancia por Teams todos los martes, a partir del 12 de enero, de 8 a 10',
    expected: { date: '2027-01-12', startTime: '08:00', endTime: '10:00', service: 'NC', platform: 'Teams' },
  },
  {
    text: 'Les escribo del Instituto de Física (IF). Necesitamos enlazar con el CERN el 9 de diciembre de 8 a 9 de la mañana, vía H.323 al 137.138.1.1. Somos 12 personas en la sala de videoconferencia 2.',
    expected: { date: '2026-12-09', startTime: '08:00', endTime: '09:00', siglas: 'IF', service: 'VC', addresses: ['137.138.1.1'], participants: 12, room: 'sala-vc-2' },
  },
  {
    text: 'Reunión de consejo técnico, sala 3, ext 5566, 15 asistentes, el lunes de 17 a 19',
    expected: { date: '2026-12-07', startTime: '17:00', endTime: '19:00', participants: 15 },
  },
  {
    text: 'teleconf mñn 11 a 12',
    expected: { date: '2026-12-04', startTime: '11:00', endTime: '12:00', service: 'TC' },
  },
  {
    text: 'Evento: Coloquio de Matemáticas. Fecha: 2026-12-18. Horario: 10:00 a 13:00. Modalidad: videoconferencia con la UNAM Juriquilla, dirección sip:coloquio@matem.unam.mx',
    expected: { date: '2026-12-18', startTime: '10:00', endTime: '13:00', service: 'VC', addresses: ['sip:coloquio@matem.unam.mx'] },
  },
  {
    text: 'Favor de programar VC el 21/12 de 10 a 11hrs. Marcar al +525556223344 (H.323).',
    expected: { date: '2026-12-21', startTime: '10:00', endTime: '11:00', service: 'VC', addresses: ['+525556223344'] },
  },
  {
    text: 'Para el martes 15 de diciembre de 10 a 12',
    expected: { date: '2026-12-15', startTime: '10:00', endTime: '12:00' },
  },
  {
    text: 'El lunes 8 de diciembre videoconferencia de 10 a 12',
    expected: { startTime: '10:00', endTime: '12:00', service: 'VC' },
  },
  {
    text: 'Llamar al 55 1234 5678 para confirmar la videoconferencia del 10 de diciembre de 2 a 4 de la tarde',
    expected: { date: '2026-12-10', startTime: '14:00', endTime: '16:00', service: 'VC' },
  },
  {
    text: 'Necesitamos teleconferencia el 11 de diciembre de 9 a 10 y otra el 18 de diciembre de 12 a 13',
    expected: { service: 'TC' },
  },
  {
    text: 'zoom el viernes a las 6 pm, 45 personas aprox',
    expected: { date: '2026-12-04', startTime: '18:00', service: 'NC', participants: 45, platform: 'Zoom' },
  },
  {
    text: 'Prueba de conexión el lunes 14 a las 10 y videoconferencia el martes 15 de diciembre de 11 a 13 hrs con sip:auditorio@uv.mx',
    expected: { date: '2026-12-15', startTime: '11:00', endTime: '13:00', service: 'VC', addresses: ['sip:auditorio@uv.mx'] },
  },
  {
    text: 'La ENP solicita webinar el 16 de diciembre de 18 a 20 hrs, 500 personas conectadas',
    expected: { date: '2026-12-16', startTime: '18:00', endTime: '20:00', siglas: 'ENP', service: 'NC', participants: 500 },
  },
  {
    text: 'Videoconferencia punto a punto con la Universidad de Texas, el 11 de enero de 2027 a las 9:00 am, IP 129.116.1.20',
    expected: { date: '2027-01-11', startTime: '09:00', service: 'VC', addresses: ['129.116.1.20'] },
  },
  {
    text: 'Reserva de sala de videoconferencia 1 el 22 de diciembre 12:00 - 14:00, 20 alumnos, grabar la sesión',
    expected: { date: '2026-12-22', startTime: '12:00', endTime: '14:00', service: 'VC', participants: 20, room: 'sala-vc-1', recording: true },
  },
  {
    text: 'Hola! Me pueden ayudar con la transmisión del evento? Gracias',
    expected: {},
  },
  {
    text: 'Conferencia por Webex el 9/12/2026, 13 a 15 h. Ponentes externos. Sin grabación.',
    expected: { date: '2026-12-09', startTime: '13:00', endTime: '15:00', service: 'NC', platform: 'Webex', recording: false },
  },
  {
    text: 'Seminario en línea el próximo martes a las 17 hrs',
    expected: { date: '2026-12-08', startTime: '17:00', service: 'NC' },
  },
  {
    text: 'teleconferencia 3 lineas dia 10 de 4 a 5',
    expected: { date: '2026-12-10', startTime: '16:00', endTime: '17:00', service: 'TC' },
  },
  {
    text: 'Sesión de la Comisión Dictaminadora por videoconferencia, sala 2, miércoles 16 de diciembre de 11 a 14 hrs, 9 participantes y 3 sedes remotas: sip:sede1@unam.mx, sip:sede2@unam.mx, 132.248.60.5',
    expected: {
      date: '2026-12-16',
      startTime: '11:00',
      endTime: '14:00',
      service: 'VC',
      addresses: ['sip:sede1@unam.mx', 'sip:sede2@unam.mx', '132.248.60.5'],
      participants: 9,
      room: 'sala-vc-2',
    },
  },
  {
    text: 'Adjunto oficio. Ver detalles en el documento.',
    expected: {},
  },
  {
    text: 'Necesito una videollamada con Oxford el 11/12 a las 8, 6 personas, su alias H.323 es oxford-vc@vc.ox.ac.uk',
    expected: { date: '2026-12-11', startTime: '08:00', service: 'VC', addresses: ['oxford-vc@vc.ox.ac.uk'], participants: 6 },
  },
  {
    text: 'Teams meeting with the steering committee on Monday 14 December, 16:00-17:30, 25 participants',
    expected: { date: '2026-12-14', startTime: '16:00', endTime: '17:30', service: 'NC', participants: 25, platform: 'Teams' },
  },
  {
    text: 'Audio conference on 18 December at 11:00; dial-in for 10 lines. Contact: +52 55 5622 1111',
    expected: { date: '2026-12-18', startTime: '11:00', service: 'TC' },
  },
  {
    text: 'Videoconference with São Paulo on January 20, 2027 between 9 and 11 am. Their endpoint: 143.107.1.1 (SIP).',
    expected: { date: '2027-01-20', startTime: '09:00', endTime: '11:00', service: 'VC', addresses: ['143.107.1.1'] },
  },
  {
    text: 'Please record the Zoom session on Dec 9th, 2 to 3:30 pm, 60 attendees',
    expected: { date: '2026-12-09', startTime: '14:00', endTime: '15:30', service: 'NC', participants: 60, platform: 'Zoom', recording: true },
  },
  {
    text: 'FQ videoconferencia 10 dic 10-12 sip:lab@fq.unam.mx',
    expected: { date: '2026-12-10', startTime: '10:00', endTime: '12:00', siglas: 'FQ', service: 'VC', addresses: ['sip:lab@fq.unam.mx'] },
  },
  {
    text: 'Solicito el auditorio para videoconferencia con 80 personas el jueves 17 de diciembre de 10 a 13 hrs',
    expected: { date: '2026-12-17', startTime: '10:00', endTime: '13:00', service: 'VC', participants: 80, room: 'auditorio' },
  },
  {
    text: 'Nuestro número de extensión es 2345 y la sala 101. Requerimos teleconferencia',
    expected: { service: 'TC' },
  },
  {
    text: 'La videoconferencia será el 23 de diciembre, a partir de las 10:00',
    expected: { date: '2026-12-23', startTime: '10:00', service: 'VC' },
  },
  {
    text: 'Reunión con Webex o Zoom, por definir, el 12 de enero de 9 a 10 hrs',
    expected: { date: '2027-01-12', startTime: '09:00', endTime: '10:00', service: 'NC' },
  },
  {
    text: 'Cancelaron la del 4, ahora queremos el 11 de diciembre de 10 a 12 videoconferencia',
    expected: { date: '2026-12-11', startTime: '10:00', endTime: '12:00', service: 'VC' },
  },
  {
    text: 'Necesitamos enlace SIP con sip:sala.consejo@uaem.mx y con sips:aula@itesm.mx:5061;transport=tls el 10 de diciembre a las 12 hrs',
    expected: { date: '2026-12-10', startTime: '12:00', service: 'VC', addresses: ['sip:sala.consejo@uaem.mx', 'sips:aula@itesm.mx:5061;transport=tls'] },
  },
  {
    text: 'Videoconferencia con 3 sedes: UNAM, UAM e IPN, 150 asistentes, 2 horas de duración, el lunes 7 de diciembre a las 10',
    expected: { date: '2026-12-07', startTime: '10:00', service: 'VC', participants: 150 },
  },
  {
    text: 'Teleconferencia urgente hoy de 5 a 6 pm',
    expected: { date: '2026-12-03', startTime: '17:00', endTime: '18:00', service: 'TC' },
  },
  {
    text: 'Por este medio la Coordinación de Humanidades (CoHu) solicita una videoconferencia para el 14 de diciembre de 12 a 14 hrs.',
    expected: { date: '2026-12-14', startTime: '12:00', endTime: '14:00', siglas: 'COHU', service: 'VC' },
  },
  {
    text: 'The event is on 15/12 from 10:00 to 11:30 via Microsoft Teams, 40 people',
    expected: { date: '2026-12-15', startTime: '10:00', endTime: '11:30', service: 'NC', participants: 40, platform: 'Teams' },
  },
  {
    text: 'Solicitamos netconferencia. Fecha tentativa: 10 u 11 de diciembre. Horario por confirmar.',
    expected: { service: 'NC' },
  },
  {
    text: 'Buenas tardes, para la sesión del día 18 de 10:00 a 12:00 hrs necesitamos la sala de videoconferencia 2 y conexión con sip:sala2@cinvestav.mx, somos 18 personas',
    expected: { date: '2026-12-18', startTime: '10:00', endTime: '12:00', service: 'VC', addresses: ['sip:sala2@cinvestav.mx'], participants: 18, room: 'sala-vc-2' },
  },
  {
    text: 'Hello, the Faculty of Engineering (FI) requests a videoconference for December 10th, 4-6pm, point to point with sip:lab@ethz.ch',
    expected: { date: '2026-12-10', startTime: '16:00', endTime: '18:00', siglas: 'FI', service: 'VC', addresses: ['sip:lab@ethz.ch'] },
  },
  {
    text: 'Quiero agendar algo para el lunes',
    expected: { date: '2026-12-07' },
  },
  {
    text: 'Reunión por Zoom: https://zoom.us/j/123456789 el martes 8 de diciembre 13:00-14:00 hrs',
    expected: { date: '2026-12-08', startTime: '13:00', endTime: '14:00', service: 'NC', platform: 'Zoom' },
  },
  {
    text: 'VC urgente!!! 9/12 10 hrs, sala 1, 192.168.1.300',
    expected: { date: '2026-12-09', startTime: '10:00', service: 'VC', room: 'sala-vc-1' },
  },
];

/**
 * Texts written after the readers were tuned on {@link labelledTexts} and never tuned on: their
 * figures say how the readers do on text they have not seen.
 */
export const heldOutTexts: readonly LabelledText[] = [
  {
    text: 'Buenas, el Instituto de Ingeniería (II) pide una videoconferencia el miércoles 9 de diciembre, 12:00 a 13:30 hrs, con la Universidad de Granada, sip:videoconf@ugr.es. Seremos alrededor de 15 personas.',
    expected: { date: '2026-12-09', startTime: '12:00', endTime: '13:30', siglas: 'II', service: 'VC', addresses: ['sip:videoconf@ugr.es'], participants: 15 },
  },
  { text: 'Necesitamos TC mañana a las 9 am con 6 participantes', expected: { date: '2026-12-04', startTime: '09:00', service: 'TC', participants: 6 } },
  { text: 'Reunion zoom lunes 14/12 4pm-5:30pm', expected: { date: '2026-12-14', startTime: '16:00', endTime: '17:30', service: 'NC', platform: 'Zoom' } },
  {
    text: 'videoconf. con UNISON el 2 de febrero de 2027 de 10 a 12, aula magna, h.323 148.225.1.50',
    expected: { date: '2027-02-02', startTime: '10:00', endTime: '12:00', service: 'VC', addresses: ['148.225.1.50'] },
  },
  {
    text: 'Requerimos el auditorio el viernes 18 para un webinar de 11 a 13 horas, cupo 200',
    expected: { date: '2026-12-18', startTime: '11:00', endTime: '13:00', service: 'NC', participants: 200, room: 'auditorio' },
  },
  { text: 'Sesión remota con Stanford next Tuesday at 8:30 am, endpoint 171.64.1.1', expected: { date: '2026-12-08', startTime: '08:30', addresses: ['171.64.1.1'] } },
  {
    text: 'Teleconferencia con la SEP el 10 de diciembre a las 10:30, 12 líneas. Contacto: Lic. Pérez, tel 55 3601 1000 ext 5432',
    expected: { date: '2026-12-10', startTime: '10:30', service: 'TC' },
  },
  {
    text: 'Hola, soy de la FES Acatlán, queremos una netconferencia en Teams para el 17/12 de 17:00 a 19:00',
    expected: { date: '2026-12-17', startTime: '17:00', endTime: '19:00', siglas: 'FES', service: 'NC', platform: 'Teams' },
  },
  {
    text: 'Can we have a video conference with the University of Toronto on 9 December, 3-5 pm? Their H.323 alias is uoft-room@vc.utoronto.ca',
    expected: { date: '2026-12-09', startTime: '15:00', endTime: '17:00', service: 'VC', addresses: ['uoft-room@vc.utoronto.ca'] },
  },
  {
    text: 'el evento es el sábado 12 de diciembre de 9 a 14 hrs, videoconferencia, 60 asistentes, grabación sí',
    expected: { date: '2026-12-12', startTime: '09:00', endTime: '14:00', service: 'VC', participants: 60, recording: true },
  },
  {
    text: 'Favor de apoyarnos con la transmisión en vivo del informe el 15 de diciembre a las 11:00, por Zoom',
    expected: { date: '2026-12-15', startTime: '11:00', service: 'NC', platform: 'Zoom' },
  },
  { text: 'Necesito agendar una videoconferencia, le marco después para darle los datos. Mi cel 5512345678', expected: { service: 'VC' } },
  { text: 'teleconferencia jueves 10, 13-14 hrs, puente', expected: { date: '2026-12-10', startTime: '13:00', endTime: '14:00', service: 'TC' } },
  { text: 'Webex con 3 ponentes el martes de 10:00 a 11:00', expected: { date: '2026-12-08', startTime: '10:00', endTime: '11:00', service: 'NC', platform: 'Webex' } },
  {
    text: 'Solicitamos videoconferencia multipunto con 4 sedes para el 7 de enero, de 10 a 12 horas. Direcciones: 200.23.1.1, 200.23.1.2, sip:sede3@uach.mx y sip:sede4@uaz.edu.mx',
    expected: { date: '2027-01-07', startTime: '10:00', endTime: '12:00', service: 'VC', addresses: ['200.23.1.1', '200.23.1.2', 'sip:sede3@uach.mx', 'sip:sede4@uaz.edu.mx'] },
  },
  { text: 'De parte de la DGB: netconferencia el 11 de diciembre o el 14, de 10 a 11', expected: { startTime: '10:00', endTime: '11:00', siglas: 'DGB', service: 'NC' } },
  { text: 'Reunión del comité el 2/1 a las 10 por Teams', expected: { date: '2027-01-02', startTime: '10:00', service: 'NC', platform: 'Teams' } },
  {
    text: 'Please schedule a teleconference for 20 people on Friday December 11 from 2pm to 3pm',
    expected: { date: '2026-12-11', startTime: '14:00', endTime: '15:00', service: 'TC', participants: 20 },
  },
  {
    text: 'Videoconferencia: lunes 7/12, 10 a 11 h, Sala 1, sin grabación',
    expected: { date: '2026-12-07', startTime: '10:00', endTime: '11:00', service: 'VC', room: 'sala-vc-1', recording: false },
  },
  {
    text: 'Se requiere conexión con la sala del Consejo de la UV (sip:consejo@uv.mx) el día 21, de 9 a 10 hrs; participan 8 consejeros',
    expected: { date: '2026-12-21', startTime: '09:00', endTime: '10:00', service: 'VC', addresses: ['sip:consejo@uv.mx'], participants: 8 },
  },
  { text: 'Examen profesional por Zoom mañana 17 hrs', expected: { date: '2026-12-04', startTime: '17:00', service: 'NC', platform: 'Zoom' } },
  { text: 'Requiero una sala para el 10 de diciembre', expected: { date: '2026-12-10' } },
  {
    text: 'Teleconference on Wednesday 16 December 10:00-10:45, 3 lines, recording not needed',
    expected: { date: '2026-12-16', startTime: '10:00', endTime: '10:45', service: 'TC', recording: false },
  },
  {
    text: 'videoconferencia 19 de diciembre 10hrs con sip:sala@ipn.mx, aprox 30 personas, sala 2',
    expected: { date: '2026-12-19', startTime: '10:00', service: 'VC', addresses: ['sip:sala@ipn.mx'], participants: 30, room: 'sala-vc-2' },
  },
];
