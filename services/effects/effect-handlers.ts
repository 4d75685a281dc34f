import type { AfterEventTimers, WaitTimers } from '../jobs/job-scheduler.js';
import type { BookingReleaser, Locale, MailTransport, TeamsNotifier } from '../notifications/notification-ports.js';
import { renderMail } from '../notifications/mail-templates.js';
import { noticeText, type NoticeSettings } from '../notifications/notice-texts.js';
import { undeliveredReasonOf } from '../notifications/teams-reach.js';
import type { Person, ServiceRequest } from '../requests/request-types.js';
import type { RoleDirectory } from '../requests/role-directory.js';
import type { DeliveryReceipt, EffectHandlers } from './effect-dispatcher.js';

/** The transports the effects are run with. */
export interface EffectTransports {
  mail: MailTransport;
  teams: TeamsNotifier;
  timers: WaitTimers & AfterEventTimers;
  bookings: BookingReleaser;
  roles: RoleDirectory;
  notices: NoticeSettings;
}

const isEmail = (value: string | undefined): value is string => Boolean(value && /^[^@\s]+@[^@\s]+$/.test(value));
const localeOf = (person: Person): Locale => person.locale ?? 'es';

/**
 * The request as a notice about one change should tell it: its history up to that change, so that
 * a notice sent late (after retries) quotes that change's note and not a later one's.
 */
function asOfChange(request: ServiceRequest, change: { seq: number }): ServiceRequest {
  return request.history.some((entry) => entry.seq > change.seq) ? { ...request, history: request.history.filter((entry) => entry.seq <= change.seq) } : request;
}

/** Whether the wait an effect is about has been answered, timed out or dropped since it was recorded. */
const waitClosed = (waitId: string, latest: ServiceRequest): boolean => latest.wait?.waitId !== waitId;
const closedWait = (channel: string, waitId: string): DeliveryReceipt => ({ channel, skipped: true, reference: `wait ${waitId} is no longer open` });

/** The handler of every effect the status machine can name. */
export function effectHandlers(transports: EffectTransports): EffectHandlers {
  const { mail, teams, timers, bookings, roles, notices } = transports;

  /** A person's language for a notice: the one last seen from them in Teams, else the one they were registered with, else Spanish. */
  const languageOf = async (person: Person): Promise<Locale> => (await teams.localeOf?.(person).catch(() => undefined)) ?? localeOf(person);

  const email = async (
    id: string,
    request: ServiceRequest,
    to: string[],
    locale: Locale,
    notice: Parameters<typeof noticeText>[0],
  ): Promise<DeliveryReceipt> => {
    const recipients = to.filter(isEmail);
    if (!recipients.length) return { channel: 'email', skipped: true, reference: 'no e-mail address' };
    const place = (notice === 'requester.completed' || notice === 'requester.rescheduled') && request.booking ? await bookings.placeOf?.(request.booking.bookingId) : undefined;
    const rendered = renderMail(noticeText(notice, request, locale, notices, place), { locale, folio: request.folio });
    return mail.send({ id, requestId: request.id, folio: request.folio, to: recipients, ...rendered, locale });
  };

  return {
    'post-channel-card': async (_effect, request, once) => {
      const posted = await teams.postRequestCard(request);
      // The requester gets the app and their 1:1 chat now, so the first notice finds them; what
      // cannot be done now (never throws) is done again when that notice is due.
      if (teams.prepareChat) await once('requester-chat', () => teams.prepareChat!(request.requester));
      return posted;
    },
    'update-channel-card': (_effect, request) => teams.updateRequestCard(request),
    'post-thread-reply': (effect, request) => teams.postThreadReply(request, effect.text, effect.topic, effect.mention),
    'notify-assignee': async (effect, latest, once, change) => {
      // The ASV's e-mail: the one configured, else the one their directory gave for their object id.
      const request = asOfChange(latest, change);
      const assignee = request.assignee;
      const address = assignee.email ?? (isEmail(assignee.id) ? assignee.id : await teams.directoryEmailOf?.(assignee).catch(() => undefined));
      const sent = await once('email', async () => email(`${effect.id}:email`, request, address ? [address] : [], await languageOf(assignee), `assignee.${effect.notice}`));
      // And their 1:1 chat; when Teams cannot reach them the step is recorded as skipped, the e-mail stands.
      const shown = await once('teams', () => teams.notifyPerson(assignee, request, { kind: 'assignee', notice: effect.notice }));
      return { channel: 'email+teams', reference: [sent.reference, shown.reference].filter(Boolean).join(' | ') };
    },
    'notify-requester': async (effect, latest, once, change) => {
      if (effect.waitId !== undefined && waitClosed(effect.waitId, latest)) return closedWait('email+teams', effect.waitId);
      const request = asOfChange(latest, change);
      const sent = await once('email', async () =>
        email(`${effect.id}:email`, request, [request.requester.email ?? request.requester.id], await languageOf(request.requester), `requester.${effect.notice}`),
      );
      const shown = await once('teams', () => teams.notifyPerson(request.requester, request, { kind: 'requester', notice: effect.notice }));
      // Teams could not reach the requester (the e-mail carries the whole message): the thread and
      // the request card say so, once per notice.
      const unreached = undeliveredReasonOf(shown);
      if (unreached) {
        await once('teams-undelivered-thread', () => teams.postThreadReply(latest, unreached, 'teams-undelivered'));
        await once('teams-undelivered-card', () => teams.updateRequestCard(latest));
      }
      return { channel: 'email+teams', reference: [sent.reference, shown.reference].filter(Boolean).join(' | ') };
    },
    'notify-dau': async (effect, latest, once, change) => {
      const request = asOfChange(latest, change);
      await once('email', () => email(`${effect.id}:email`, request, [...roles.emailsOf('DAU')], 'es', 'dau.not-viable'));
      return once('teams', () => teams.notifyDau(request));
    },
    'schedule-wait-timers': async (effect, latest) =>
      waitClosed(effect.waitId, latest)
        ? closedWait('jobs', effect.waitId)
        : timers.schedule({ requestId: latest.id, waitId: effect.waitId }, new Date(effect.remindAt), new Date(effect.deadline)),
    'cancel-wait-timers': (effect, request) => timers.cancel({ requestId: request.id, waitId: effect.waitId }),
    'release-booking': (effect, request) => bookings.release(effect.bookingId, request.id),
    'schedule-after-event': (effect, latest) =>
      latest.booking?.bookingId !== effect.bookingId
        ? Promise.resolve({ channel: 'jobs', skipped: true, reference: `booking ${effect.bookingId} is no longer the request's` })
        : timers.scheduleAfterEvent({ requestId: latest.id, bookingId: effect.bookingId }, new Date(effect.end), new Date(effect.remindAt)),
    'ask-rating': async (effect, latest, once, change) => {
      if (latest.rating || latest.booking?.bookingId !== effect.bookingId) return { channel: 'teams|email', skipped: true, reference: 'rated meanwhile, or the booking changed' };
      const request = asOfChange(latest, change);
      const shown = await once('teams', () => teams.notifyPerson(request.requester, request, { kind: 'requester', notice: effect.notice }));
      // The survey goes to Teams; the e-mail (which takes the rating as a reply) only when Teams could not reach the requester.
      if (!shown.skipped && !undeliveredReasonOf(shown)) return shown;
      const sent = await once('email', async () =>
        email(`${effect.id}:email`, request, [request.requester.email ?? request.requester.id], await languageOf(request.requester), `requester.${effect.notice}`),
      );
      return { channel: 'teams|email', reference: [shown.reference, sent.reference].filter(Boolean).join(' | ') };
    },
  };
}
