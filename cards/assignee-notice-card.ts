import type { AssigneeNotice, ServiceRequest } from '../services/requests/request-types.js';
import { serviceName, statusName, t, type Locale } from './messages.js';
import { escapeMarkdown, plainFacts, tPlain, type Fact } from './plain-text.js';
import { renderTemplate, truncate, type AdaptiveCard } from './render-card.js';
import template from './assignee-notice-card.json' with { type: 'json' };

/** What the ASV is told in their 1:1 chat, about which request, and where its card is. */
export interface AssigneeNoticeCardView {
  request: ServiceRequest;
  notice: AssigneeNotice;
  locale: Locale;
  /** The wait for the requester's answer, in business hours (the timeout notice says it). */
  waitBusinessHours: number;
  /** A link that opens the request's card in the ASV channel, when the card is posted. */
  cardLink?: string | undefined;
}

/** The data the template binds. */
interface AssigneeNoticeCardData {
  lang: Locale;
  title: string;
  text: string;
  description: string;
  facts: Fact[];
  link: { show: boolean; title: string; url: string };
}

/** How much of the description a new-request notice shows. */
const descriptionShown = 500;

/**
 * The ASV's 1:1 notice: a request assigned or re-assigned to them, or one of theirs that timed out
 * (No Procede without the requester's answer). It names the folio, the requester, the dependencia,
 * the service and the status, shows the description of a new request, and links to the request's
 * card in the ASV channel (Action.OpenUrl: it submits nothing), where the work is done.
 */
export function renderAssigneeNoticeCard(view: AssigneeNoticeCardView): AdaptiveCard {
  const { request, notice, locale } = view;
  const data: AssigneeNoticeCardData = {
    lang: locale,
    title: tPlain(locale, `assigneeNotice.title.${notice}`, { folio: request.folio }),
    text: tPlain(locale, `assigneeNotice.text.${notice}`, { requester: request.requester.name, hours: view.waitBusinessHours }),
    description: notice === 'new-request' ? escapeMarkdown(truncate(request.description, descriptionShown)) : '',
    facts: plainFacts([
      [t(locale, 'label.folio'), request.folio],
      [t(locale, 'label.requester'), request.requester.name],
      [t(locale, 'label.dependencia'), `${request.dependencia.name} (${request.dependencia.siglas})`],
      [t(locale, 'label.service'), serviceName(locale, request.service)],
      [t(locale, 'label.status'), statusName(locale, request.status)],
    ]),
    link: view.cardLink ? { show: true, title: t(locale, 'assigneeNotice.openCard'), url: view.cardLink } : { show: false, title: '', url: '' },
  };
  return renderTemplate(template, data);
}
