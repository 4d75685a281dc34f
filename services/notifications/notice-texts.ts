import type { AssigneeNotice, RequesterNotice, ServiceRequest } from '../requests/request-types.js';
import type { Locale } from './notification-ports.js';

/** What the texts need beyond the request: the wait period and how to show instants. */
export interface NoticeSettings {
  waitBusinessHours: number;
  timeZone: string;
  /**
   * Answers by e-mail, when an inbound mailbox is configured: the reply token of a request's open
   * wait. The information request and its reminder then carry it (subject, headers) and invite a
   * reply to the e-mail; without it they invite an answer in Teams only.
   */
  replyByMail?: { tokenFor(request: ServiceRequest, waitId: string): string } | undefined;
  /** When the rating of an event that ended at `eventEnd` stops being accepted (the survey's e-mail says it). */
  ratingWindow?: ((eventEnd: Date) => { closesAt: Date }) | undefined;
}

/**
 * The wait id the satisfaction survey's reply token carries: no wait has it (a wait's id is the
 * history place of its request, 2 or more), so a reply with it is a rating (issue 12 §1).
 */
export const ratingReplyWaitId = '0';

const ratingNotices: ReadonlySet<Notice> = new Set(['requester.rating-request', 'requester.rating-reminder']);

/** The satisfaction survey by e-mail: the event, how to answer, until when. */
const ratingMail = (locale: Locale, reminder: boolean) => (r: ServiceRequest, s: NoticeSettings, say: Wording): Text => {
  const event = r.booking?.title ?? r.folio;
  const closes = r.booking && s.ratingWindow ? say.deadline(s.ratingWindow(r.booking.end).closesAt) : undefined;
  if (locale === 'es') {
    return {
      subject: `${reminder ? 'Recordatorio: ' : ''}¿Cómo calificaría el servicio ${r.folio}?`,
      body:
        `Su evento «${event}» ya terminó. Nos ayuda mucho saber cómo calificaría el servicio, del 1 (muy malo) al 5 (excelente).\n\n` +
        (s.replyByMail
          ? 'Responda a este correo (sin quitar la referencia del asunto) empezando con un número del 1 al 5 y, si quiere, un comentario; por ejemplo: «5 todo excelente».'
          : 'Puede calificarlo en el chat del bot en Microsoft Teams.') +
        (closes ? ` Se reciben calificaciones hasta el ${closes}.` : ''),
    };
  }
  return {
    subject: `${reminder ? 'Reminder: ' : ''}How would you rate the service ${r.folio}?`,
    body:
      `Your event "${event}" has ended. It helps us a lot to know how you would rate the service, from 1 (very poor) to 5 (excellent).\n\n` +
      (s.replyByMail
        ? 'Reply to this e-mail (keeping the reference in the subject) starting with a number from 1 to 5 and, if you like, a comment; for example: "5 all excellent".'
        : "You can rate it in the bot's chat in Microsoft Teams.") +
      (closes ? ` Ratings are accepted until ${closes}.` : ''),
  };
};

type Notice = `requester.${RequesterNotice}` | `assignee.${AssigneeNotice}` | 'dau.not-viable';
type Text = { subject: string; body: string; /** The reply token the mail carries (answers by e-mail). */ replyToken?: string };

/** Where a booked event takes place and who runs it, by name (the booking notice names them). */
export interface BookingPlace {
  room?: string | undefined;
  technicians: string[];
}

/** How a notice says instants, in its language and the business time zone (24-hour times). */
interface Wording {
  /** An event's interval, the date said once when both ends share it. */
  range(start: Date, end: Date): string;
  /** A deadline as people say it: midnight is the end of the day before. */
  deadline(at: Date): string;
  place?: BookingPlace | undefined;
}
type Catalogue = Record<Notice, (request: ServiceRequest, settings: NoticeSettings, say: Wording) => Text>;

const placeWords = (place: BookingPlace | undefined, locale: Locale): string => {
  if (!place) return '';
  const room = place.room ? (locale === 'es' ? `, en ${place.room}` : `, in ${place.room}`) : '';
  const names = place.technicians.join(locale === 'es' ? ' y ' : ' and ');
  const staff = names
    ? locale === 'es'
      ? `, con ${place.technicians.length > 1 ? 'los técnicos' : 'el técnico'} ${names}`
      : `, with ${place.technicians.length > 1 ? 'technicians' : 'technician'} ${names}`
    : '';
  return `${room}${staff}`;
};

const latestNote = (request: ServiceRequest) => request.history.at(-1)?.note ?? '';

/** The reason of the latest change; the timeout's coded reason in words. */
const reason = (request: ServiceRequest, settings: NoticeSettings, locale: Locale) =>
  latestNote(request) === 'no-reply-within-deadline'
    ? locale === 'es'
      ? `sin respuesta del usuario en ${settings.waitBusinessHours} horas hábiles`
      : `no answer from the requester within ${settings.waitBusinessHours} business hours`
    : latestNote(request);

/** The netconference's meeting link from the form (filled by the ASV when booking), as a line of the completed notice; '' without one. */
const meetingLinkLine = (request: ServiceRequest, label: string): string => {
  const link = request.service === 'NC' && request.form?.service === 'NC' ? request.form.data.meetingLink : undefined;
  return typeof link === 'string' && link.trim() ? `\n\n${label}: ${link.trim()}` : '';
};

const es: Catalogue = {
  'requester.in-progress': (r) => ({
    subject: `Su solicitud ${r.folio} está En Proceso`,
    body: `Su solicitud ${r.folio} fue tomada por ${r.assignee.name}, administrador de servicios de videoconferencia, y está En Proceso.`,
  }),
  'requester.info-request': (r, s, say) => ({
    subject: `Su solicitud ${r.folio} necesita información`,
    body:
      `Para continuar con su solicitud ${r.folio} necesitamos lo siguiente:\n\n${r.wait?.message ?? latestNote(r)}\n\n` +
      `${s.replyByMail ? 'Responda desde el chat del bot en Microsoft Teams o respondiendo a este correo (sin quitar la referencia del asunto)' : 'Responda desde el chat del bot en Microsoft Teams'} antes del ${r.wait ? say.deadline(r.wait.deadline) : ''}. ` +
      `Sin respuesta en ese plazo la solicitud pasará a No Procede.`,
  }),
  'requester.reminder': (r, s, say) => ({
    subject: `Recordatorio: su solicitud ${r.folio} espera su respuesta`,
    body: `Seguimos esperando la información solicitada para ${r.folio}:\n\n${r.wait?.message ?? ''}\n\nResponda antes del ${r.wait ? say.deadline(r.wait.deadline) : ''}.${s.replyByMail ? ' Puede responder en Microsoft Teams o a este correo.' : ''}`,
  }),
  'requester.completed': (r, _s, say) => ({
    subject: `Su servicio ${r.folio} está agendado`,
    body: r.booking
      ? `Su servicio quedó agendado: ${r.booking.title}, el ${say.range(r.booking.start, r.booking.end)}${placeWords(say.place, 'es')}.${meetingLinkLine(r, 'Enlace de la reunión')}${latestNote(r) ? `\n\n${latestNote(r)}` : ''}`
      : `Su solicitud ${r.folio} está Terminada.`,
  }),
  'requester.rescheduled': (r, _s, say) => ({
    subject: `Su solicitud ${r.folio}: cambió la fecha u hora del evento`,
    body: r.booking
      ? `El evento de su solicitud ${r.folio} se reprogramó: ${r.booking.title}, el ${say.range(r.booking.start, r.booking.end)}${placeWords(say.place, 'es')}.`
      : `El evento de su solicitud ${r.folio} se reprogramó.`,
  }),
  'requester.not-viable': (r) => ({
    subject: `Su solicitud ${r.folio}: No Procede`,
    body: `Su solicitud ${r.folio} no procede. Motivos: ${latestNote(r)}\n\nEl Departamento de Atención a Usuarios le dará seguimiento.`,
  }),
  'requester.timed-out': (r, s) => ({
    subject: `Su solicitud ${r.folio}: No Procede`,
    body: `No recibimos la información solicitada en ${s.waitBusinessHours} horas hábiles, por lo que la solicitud ${r.folio} no procede. El Departamento de Atención a Usuarios le dará seguimiento.`,
  }),
  'requester.cancelled': (r) => ({
    subject: `Su solicitud ${r.folio} fue cancelada`,
    body: `El Departamento de Atención a Usuarios canceló la solicitud ${r.folio}.${latestNote(r) ? ` ${latestNote(r)}` : ''}`,
  }),
  'requester.rating-request': ratingMail('es', false),
  'requester.rating-reminder': ratingMail('es', true),
  'assignee.new-request': (r) => ({
    subject: `Nueva solicitud ${r.folio} – ${r.dependencia.siglas}`,
    body: `Se le asignó la solicitud ${r.folio} de ${r.requester.name} (${r.dependencia.name}, ${r.dependencia.siglas}):\n\n${r.description}`,
  }),
  'assignee.reassigned': (r) => ({
    subject: `Se le reasignó la solicitud ${r.folio}`,
    body: `Ahora usted atiende la solicitud ${r.folio} de ${r.requester.name} (${r.dependencia.siglas}). Estado: ${r.status}.`,
  }),
  'assignee.timed-out': (r, s) => ({
    subject: `${r.folio}: No Procede por falta de respuesta`,
    body: `${r.requester.name} no respondió en ${s.waitBusinessHours} horas hábiles; la solicitud ${r.folio} pasó a No Procede.`,
  }),
  'dau.not-viable': (r, s) => ({
    subject: `${r.folio}: No Procede – seguimiento DAU (PRO 7.2 DAU 01)`,
    body: `La solicitud ${r.folio} de ${r.requester.name} (${r.dependencia.siglas}) no procede. Motivo: ${reason(r, s, 'es')}\nCancélela según PRO 7.2 DAU 01.`,
  }),
};

const en: Catalogue = {
  'requester.in-progress': (r) => ({
    subject: `Your request ${r.folio} is En Proceso (in progress)`,
    body: `Your request ${r.folio} was taken by ${r.assignee.name}, videoconference services administrator, and is being worked on.`,
  }),
  'requester.info-request': (r, s, say) => ({
    subject: `Your request ${r.folio} needs information`,
    body:
      `To go on with your request ${r.folio} we need the following:\n\n${r.wait?.message ?? latestNote(r)}\n\n` +
      `${s.replyByMail ? "Answer from the bot's chat in Microsoft Teams or by replying to this e-mail (keeping the reference in the subject)" : "Answer from the bot's chat in Microsoft Teams"} before ${r.wait ? say.deadline(r.wait.deadline) : ''}. ` +
      `Without an answer by then the request becomes No Procede.`,
  }),
  'requester.reminder': (r, s, say) => ({
    subject: `Reminder: your request ${r.folio} awaits your answer`,
    body: `We are still waiting for the information requested for ${r.folio}:\n\n${r.wait?.message ?? ''}\n\nPlease answer before ${r.wait ? say.deadline(r.wait.deadline) : ''}.${s.replyByMail ? ' You can answer in Microsoft Teams or to this e-mail.' : ''}`,
  }),
  'requester.completed': (r, _s, say) => ({
    subject: `Your service ${r.folio} is booked`,
    body: r.booking
      ? `Your service is booked: ${r.booking.title}, ${say.range(r.booking.start, r.booking.end)}${placeWords(say.place, 'en')}.${meetingLinkLine(r, 'Meeting link')}${latestNote(r) ? `\n\n${latestNote(r)}` : ''}`
      : `Your request ${r.folio} is Terminada (done).`,
  }),
  'requester.rescheduled': (r, _s, say) => ({
    subject: `Your request ${r.folio}: the event was rescheduled`,
    body: r.booking
      ? `The event of your request ${r.folio} was rescheduled: ${r.booking.title}, ${say.range(r.booking.start, r.booking.end)}${placeWords(say.place, 'en')}.`
      : `The event of your request ${r.folio} was rescheduled.`,
  }),
  'requester.not-viable': (r) => ({
    subject: `Your request ${r.folio}: No Procede`,
    body: `Your request ${r.folio} cannot proceed. Reasons: ${latestNote(r)}\n\nThe User Attention Department will follow up.`,
  }),
  'requester.timed-out': (r, s) => ({
    subject: `Your request ${r.folio}: No Procede`,
    body: `We did not receive the requested information within ${s.waitBusinessHours} business hours, so request ${r.folio} cannot proceed. The User Attention Department will follow up.`,
  }),
  'requester.cancelled': (r) => ({
    subject: `Your request ${r.folio} was cancelled`,
    body: `The User Attention Department cancelled request ${r.folio}.${latestNote(r) ? ` ${latestNote(r)}` : ''}`,
  }),
  'requester.rating-request': ratingMail('en', false),
  'requester.rating-reminder': ratingMail('en', true),
  'assignee.new-request': (r) => ({
    subject: `New request ${r.folio} – ${r.dependencia.siglas}`,
    body: `Request ${r.folio} from ${r.requester.name} (${r.dependencia.name}, ${r.dependencia.siglas}) was assigned to you:\n\n${r.description}`,
  }),
  'assignee.reassigned': (r) => ({
    subject: `Request ${r.folio} was reassigned to you`,
    body: `You now handle request ${r.folio} from ${r.requester.name} (${r.dependencia.siglas}). Status: ${r.status}.`,
  }),
  'assignee.timed-out': (r, s) => ({
    subject: `${r.folio}: No Procede for lack of answer`,
    body: `${r.requester.name} did not answer within ${s.waitBusinessHours} business hours; request ${r.folio} is now No Procede.`,
  }),
  'dau.not-viable': (r, s) => ({
    subject: `${r.folio}: No Procede – DAU follow-up (PRO 7.2 DAU 01)`,
    body: `Request ${r.folio} from ${r.requester.name} (${r.dependencia.siglas}) cannot proceed. Reason: ${reason(r, s, 'en')}\nCancel it following PRO 7.2 DAU 01.`,
  }),
};

/** The message catalogues, one per language (a test checks both have every notice). */
export const noticeCatalogues: Record<Locale, Catalogue> = { es, en };

/** How notices in `locale` say instants in `timeZone`: full dates, 24-hour times (no "p.m." to end a sentence with). */
function wording(locale: Locale, timeZone: string, place: BookingPlace | undefined): Wording {
  const tag = locale === 'es' ? 'es-MX' : 'en-US';
  const dateTime = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' });
  const date = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'full' });
  const time = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return {
    range: (start, end) => dateTime.formatRange(start, end),
    deadline: (at) =>
      time.format(at) === '00:00'
        ? `${locale === 'es' ? 'final del' : 'the end of'} ${date.format(new Date(at.getTime() - 60_000))}`
        : dateTime.format(at),
    place,
  };
}

/**
 * The subject and body of a notice about `request`, in `locale`; `place` names the booked room and
 * technicians in the booking notice.
 */
export function noticeText(notice: Notice, request: ServiceRequest, locale: Locale, settings: NoticeSettings, place?: BookingPlace): Text {
  const text = noticeCatalogues[locale][notice](request, settings, wording(locale, settings.timeZone, place));
  if (settings.replyByMail && ratingNotices.has(notice)) {
    const replyToken = settings.replyByMail.tokenFor(request, ratingReplyWaitId);
    return { ...text, subject: `${text.subject} [ref ${replyToken}]`, replyToken };
  }
  const waitId = request.wait?.waitId;
  if (!settings.replyByMail || waitId === undefined || (notice !== 'requester.info-request' && notice !== 'requester.reminder')) return text;
  const replyToken = settings.replyByMail.tokenFor(request, waitId);
  return { ...text, subject: `${text.subject} [ref ${replyToken}]`, replyToken };
}

/** Why a reply by e-mail was shown to the ASV and not applied. */
export type UnappliedReplyReason = 'not-requester' | 'wait-closed' | 'empty' | 'too-large' | 'not-a-rating' | 'rating-refused';

const unappliedReasons: Record<Locale, Record<UnappliedReplyReason, (requesterEmail: string) => string>> = {
  es: {
    'not-requester': (email) => `el remitente no es el solicitante (${email || 'sin correo registrado'}); no cambia el estado`,
    'wait-closed': () => 'la petición de información a la que responde ya no está abierta; no cambia el estado',
    empty: () => 'el mensaje no tiene texto de respuesta',
    'too-large': () => 'el mensaje es demasiado grande para leerlo aquí; consúltelo en el buzón de la mesa',
    'not-a-rating': () => 'responde a la encuesta de satisfacción pero no empieza con una calificación del 1 al 5; no se registra como calificación',
    'rating-refused': () => 'responde a la encuesta de satisfacción, pero la solicitud ya fue calificada o el periodo para calificar terminó; no cambia nada',
  },
  en: {
    'not-requester': (email) => `the sender is not the requester (${email || 'no e-mail on record'}); the status does not change`,
    'wait-closed': () => 'the information request it answers is no longer open; the status does not change',
    empty: () => 'the message has no answer text',
    'too-large': () => "the message is too large to read here; see it in the desk's mailbox",
    'not-a-rating': () => 'it answers the satisfaction survey but does not start with a rating from 1 to 5; it is not recorded as a rating',
    'rating-refused': () => 'it answers the satisfaction survey, but the request was rated already or the rating period is over; nothing changes',
  },
};

/** The line naming the attachments of a reply by e-mail (they stay in the desk's mailbox). */
export function mailAttachmentsLine(locale: Locale, names: readonly string[]): string {
  if (!names.length) return '';
  return locale === 'es' ? `Adjuntos (en el buzón de la mesa): ${names.join(', ')}` : `Attachments (in the desk's mailbox): ${names.join(', ')}`;
}

/**
 * The note shown to the ASV in the request's thread for a reply by e-mail that was not applied:
 * who sent it (the address, never the display name), why it changes nothing, its text and the
 * names of its attachments. Plain text: the Teams notifier shows it as written.
 */
export function unappliedReplyNote(
  locale: Locale,
  reply: { from: string; reason: UnappliedReplyReason; requesterEmail: string; text: string; attachments: readonly string[] },
): string {
  const head =
    locale === 'es'
      ? `Respuesta por correo de ${reply.from || '(remitente desconocido)'}, no aplicada: ${unappliedReasons.es[reply.reason](reply.requesterEmail)}.`
      : `Reply by e-mail from ${reply.from || '(unknown sender)'}, not applied: ${unappliedReasons.en[reply.reason](reply.requesterEmail)}.`;
  return [head, reply.text.trim(), mailAttachmentsLine(locale, reply.attachments)].filter(Boolean).join('\n\n');
}
