import type { Locale } from './notification-ports.js';

/** A notice's text, as `noticeText` gives it. */
export interface MailText {
  subject: string;
  body: string;
  /** The reply token of an information request (answers by e-mail); passed on to the transport. */
  replyToken?: string | undefined;
}

/** What the layout shows besides the text. */
export interface MailLayoutOptions {
  locale: Locale;
  folio: string;
  /** An http(s) address shown as a button (e.g. the request in Teams); other schemes are left out. */
  link?: string | undefined;
}

/** An e-mail's subject with its plain-text and HTML bodies. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The text's reply token, when it has one: the transport puts it in the mail's headers. */
  replyToken?: string | undefined;
}

/** The sender's name in each language. */
export const departmentName: Record<Locale, string> = {
  es: 'Departamento de Redes y Telecomunicaciones — Servicios de Videoconferencia',
  en: 'Networks and Telecommunications Department — Videoconference Services',
};

const words: Record<Locale, { folio: string; open: string; automatic: string }> = {
  es: {
    folio: 'Folio',
    open: 'Ver la solicitud',
    automatic: 'Este es un mensaje automático de la mesa de servicios de videoconferencia.',
  },
  en: {
    folio: 'Folio',
    open: 'View the request',
    automatic: 'This is an automatic message from the videoconference service desk.',
  },
};

const colours = { brand: '#1f4e79', text: '#1f2328', muted: '#57606a', page: '#f3f4f6', card: '#ffffff', rule: '#d0d7de' };
const font = "font-family:'Segoe UI',Arial,Helvetica,sans-serif";

/**
 * The e-mail for a notice: the subject on one line, a plain-text body (the text, the folio, the
 * link and the automatic-message footer) and an HTML body with the same content in a small
 * inline-styled layout. Every piece of the text, folio and link is HTML-escaped; blank-line
 * separated blocks become paragraphs and single line breaks become `<br>`.
 */
export function renderMail(text: MailText, options: MailLayoutOptions): RenderedMail {
  const subject = text.subject.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const link = safeLink(options.link);
  const labels = words[options.locale];
  const body = normaliseLineBreaks(text.body).trim();
  const plain = [
    body,
    '',
    `${labels.folio}: ${options.folio}`,
    ...(link ? [`${labels.open}: ${link}`] : []),
    '',
    '-- ',
    departmentName[options.locale],
    labels.automatic,
    '',
  ].join('\n');
  return { subject, text: plain, html: htmlDocument(subject, body, options, link), ...(text.replyToken ? { replyToken: text.replyToken } : {}) };
}

/** `&`, `<`, `>`, `"` and `'` as HTML character references. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Plain text as HTML: blank lines separate paragraphs, single line breaks stay as `<br>`. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

function htmlDocument(subject: string, body: string, options: MailLayoutOptions, link: string | undefined): string {
  const labels = words[options.locale];
  const paragraphs = body
    .split(/\n[ \t]*\n+/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map(
      (block) =>
        `<p style="margin:0 0 16px;${font};font-size:15px;line-height:1.5;color:${colours.text}">${escapeHtml(block).replace(/\n/g, '<br>\n')}</p>`,
    );
  const button = link
    ? `<p style="margin:8px 0 0"><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;border-radius:4px;background:${colours.brand};color:#ffffff;${font};font-size:14px;font-weight:600;text-decoration:none">${escapeHtml(labels.open)}</a></p>`
    : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${options.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:${colours.page}">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${colours.page}"><tr><td align="center" style="padding:24px 12px">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:${colours.card};border:1px solid ${colours.rule};border-radius:6px">`,
    `<tr><td style="padding:16px 24px;background:${colours.brand};border-radius:6px 6px 0 0;${font};font-size:14px;font-weight:600;color:#ffffff">${escapeHtml(departmentName[options.locale])}</td></tr>`,
    `<tr><td style="padding:24px">`,
    ...paragraphs,
    `<p style="margin:0;${font};font-size:13px;color:${colours.muted}">${escapeHtml(labels.folio)}: <strong style="color:${colours.text}">${escapeHtml(options.folio)}</strong></p>`,
    button,
    '</td></tr>',
    `<tr><td style="padding:16px 24px;border-top:1px solid ${colours.rule};${font};font-size:12px;line-height:1.4;color:${colours.muted}">${escapeHtml(labels.automatic)}</td></tr>`,
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

function normaliseLineBreaks(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

function safeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
