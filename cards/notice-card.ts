import type { Locale } from './messages.js';
import { escapeMarkdown, plainFacts } from './plain-text.js';
import { renderTemplate, type AdaptiveCard } from './render-card.js';
import template from './notice-card.json' with { type: 'json' };

/** A notice: a title, a paragraph, facts, and optionally a link (e.g. the event's .ics). All its texts are plain text. */
export interface NoticeCardView {
  locale: Locale;
  title: string;
  text: string;
  facts: Array<{ title: string; value: string }>;
  link?: { title: string; url: string };
}

/**
 * A generic notice to a person (in progress, completed with the booking and its .ics link, not
 * viable, timed out, reminder, DAU follow-up). The caller writes the words (`t`, notice texts),
 * as plain text: the title, the text and the fact values are shown as written (they carry
 * people's names, reasons and messages), never read as Markdown. The link opens in the browser
 * (Action.OpenUrl: it submits nothing).
 */
export function renderNoticeCard(view: NoticeCardView): AdaptiveCard {
  return renderTemplate(template, {
    lang: view.locale,
    title: escapeMarkdown(view.title),
    text: escapeMarkdown(view.text),
    facts: plainFacts(view.facts.filter((fact) => fact.title.trim() !== '').map((fact) => [fact.title, fact.value] as const)),
    link: view.link ? { show: true, title: view.link.title, url: view.link.url } : { show: false, title: '', url: '' },
  });
}
