import { commandTextLimits } from '../services/requests/command-input.js';
import type { ServiceRequest } from '../services/requests/request-types.js';
import { t, type Locale } from './messages.js';
import { escapeMarkdown, plainFacts, tPlain } from './plain-text.js';
import { formatDateTime, formatRange, renderTemplate, type AdaptiveCard } from './render-card.js';
import template from './rating-card.json' with { type: 'json' };

/** The requester's satisfaction card (issue 12 §1) and the state it is shown in. */
export interface RatingCardView {
  request: ServiceRequest;
  locale: Locale;
  /** The business time zone instants are shown in. */
  timeZone: string;
  /** When ratings stop being accepted. */
  closesAt: Date;
  /** `reminder` words the intro as the survey's reminder. */
  reminder?: boolean;
  /** The moment the card is rendered at (whether the period is still open). */
  now: Date;
  /** A line at the top, e.g. why an answer was refused (plain text, shown as written). */
  note?: string;
  /** What the requester chose, kept when their answer is refused. */
  typed?: { rating?: string; comment?: string };
}

/**
 * The card in the requester's 1:1 chat after their event: the event, a rating from 1 to 5 and an
 * optional comment, sent with `rate`. Once rated it thanks them with their rating; once the period
 * is over it says so; in both cases it has no form.
 */
export function renderRatingCard(view: RatingCardView): AdaptiveCard {
  const { request, locale, timeZone } = view;
  const rating = request.rating ?? null;
  const closed = view.now >= view.closesAt;
  const open = !rating && !closed && request.status === 'Terminada';
  const event = request.booking?.title ?? request.folio;
  const status = rating
    ? t(locale, 'rating.thanks', { rating: rating.rating })
    : closed
      ? t(locale, 'rating.closed', { at: formatDateTime(view.closesAt, locale, timeZone) })
      : '';
  const note = view.note ?? status;
  return renderTemplate(template, {
    lang: locale,
    note: escapeMarkdown(note),
    noteColor: rating && !view.note ? 'good' : 'attention',
    title: t(locale, 'rating.title', { folio: request.folio }),
    facts: plainFacts([
      [t(locale, 'label.event'), request.booking?.title],
      [t(locale, 'label.when'), request.booking ? formatRange(request.booking.start, request.booking.end, locale, timeZone) : undefined],
      [t(locale, 'label.assignee'), request.assignee.name],
      [t(locale, 'label.comment'), rating?.comment],
    ]),
    open,
    intro: tPlain(locale, view.reminder ? 'rating.reminderIntro' : 'rating.intro', { event }),
    value: view.typed?.rating ?? '',
    comment: view.typed?.comment ?? '',
    choices: [1, 2, 3, 4, 5].map((value) => ({ title: t(locale, `rating.choice.${value}` as 'rating.choice.1'), value: String(value) })),
    deadline: t(locale, 'rating.deadline', { at: formatDateTime(view.closesAt, locale, timeZone) }),
    labels: {
      rating: t(locale, 'rating.rating'),
      ratingError: t(locale, 'rating.rating.error'),
      comment: t(locale, 'rating.comment'),
      send: t(locale, 'rating.send'),
    },
    actionData: { requestId: request.id },
    limits: { comment: commandTextLimits.comment },
  });
}
