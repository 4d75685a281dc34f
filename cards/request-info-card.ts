import { commandTextLimits } from '../services/requests/command-input.js';
import type { ServiceRequest } from '../services/requests/request-types.js';
import { serviceName, statusName, t, type Locale } from './messages.js';
import { escapeMarkdown, plainFacts } from './plain-text.js';
import { formatDeadline, renderTemplate, truncate, type AdaptiveCard } from './render-card.js';
import template from './request-info-card.json' with { type: 'json' };

/** The requester's 1:1 card while the ASV waits for information. */
export interface RequestInfoCardView {
  request: ServiceRequest;
  locale: Locale;
  /** The business time zone the deadline is shown in. */
  timeZone: string;
  /** A line at the top, e.g. "thank you, we received your answer" (plain text, shown as written). */
  note?: string;
  /** The reminder's card: said to be a reminder, so that it does not look like the first request. */
  reminder?: boolean;
}

/**
 * The card the requester gets in the bot's 1:1 chat when the ASV asks for information: what is
 * missing, the deadline (after which the request becomes No Procede) and a reply form (`reply`,
 * input `text`). When the request no longer waits, it says so and has no form. It refreshes itself
 * when shown (`refresh`, view `info`: a 1:1 chat has one user), so an old card whose wait has
 * closed (answered, No Procede) no longer offers the reply.
 */
export function renderRequestInfoCard(view: RequestInfoCardView): AdaptiveCard {
  const { request, locale, timeZone } = view;
  const wait = request.status === 'Pendiente por el usuario' ? request.wait : null;
  return renderTemplate(template, {
    lang: locale,
    note: escapeMarkdown(view.note ?? ''),
    title: wait
      ? t(locale, view.reminder ? 'info.reminderTitle' : 'info.title', { folio: request.folio })
      : t(locale, 'request.title', { folio: request.folio }),
    facts: plainFacts([
      [t(locale, 'label.folio'), request.folio],
      [t(locale, 'label.service'), serviceName(locale, request.service)],
      [t(locale, 'label.assignee'), request.assignee.name],
    ]),
    waiting: wait !== null,
    intro: t(locale, 'info.intro'),
    message: wait ? escapeMarkdown(truncate(wait.message, commandTextLimits.message)) : '',
    deadline: wait ? t(locale, 'info.deadline', { deadline: formatDeadline(wait.deadline, locale, timeZone) }) : '',
    noWait: t(locale, 'info.noWait', { folio: request.folio, status: statusName(locale, request.status) }),
    labels: {
      text: t(locale, 'input.text'),
      placeholder: t(locale, 'input.text.placeholder'),
      error: t(locale, 'input.text.error'),
      reply: t(locale, 'action.reply'),
    },
    actionData: { requestId: request.id, version: request.version },
    refreshData: { requestId: request.id, version: request.version, view: 'info', ...(view.reminder ? { reminder: true } : {}) },
    refreshTitle: t(locale, 'actionPhrase.refresh'),
    limits: { text: commandTextLimits.text },
  });
}
