import { createHash } from 'node:crypto';
import { escapeHtml } from '../notifications/mail-templates.js';
import type { RecordTable, RecordView } from './record-view.js';

/**
 * The record page's only style sheet: plain on screen, and on paper (Letter or A4, 18 mm margins)
 * black on white, table headers repeated on each page, rows never split, sections starting on
 * their own lines. People's text keeps its line breaks (`pre-wrap`).
 */
export const RECORD_STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 "Segoe UI", Arial, Helvetica, sans-serif; color: #1f1f1f; background: #f5f5f5; margin: 0; }
main { max-width: 980px; margin: 24px auto; background: #fff; padding: 28px 36px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
header { border-bottom: 2px solid #464775; margin-bottom: 16px; }
h1 { font-size: 22px; margin: 0 0 4px; color: #464775; }
h2 { font-size: 16px; margin: 24px 0 8px; color: #464775; border-bottom: 1px solid #d0d0d8; padding-bottom: 2px; }
.organisation, .zone { margin: 0 0 8px; color: #555; font-size: 13px; }
dl { display: grid; grid-template-columns: minmax(160px, max-content) 1fr; gap: 4px 16px; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; }
th, td { border: 1px solid #c8c8d0; padding: 4px 6px; text-align: left; vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; }
th { background: #ececf3; }
table.form td.label { width: 42%; font-weight: 600; }
table.form tr.depth-1 td.label { padding-left: 18px; }
table.form tr.depth-2 td.label { padding-left: 34px; font-weight: 400; }
.description { white-space: pre-wrap; overflow-wrap: anywhere; margin: 8px 0 0; }
.state { margin: 0 0 8px; }
.booking { margin-bottom: 10px; }
footer { margin-top: 24px; border-top: 1px solid #d0d0d8; padding-top: 6px; font-size: 12px; color: #555; }
@page { size: letter; margin: 18mm 16mm; }
@media print {
  body { background: #fff; color: #000; font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h1, h2 { color: #000; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr, dl, .booking { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`.trim();

/** The style sheet's hash, for the page's Content-Security-Policy (`style-src 'sha256-…'`; nothing else may load or run). */
export const RECORD_STYLE_HASH = `sha256-${createHash('sha256').update(RECORD_STYLE, 'utf8').digest('base64')}`;

function table(rows: RecordTable, empty: string): string {
  if (rows.rows.length === 0) return `<p>${escapeHtml(empty)}</p>`;
  const head = `<thead><tr>${rows.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`;
  const body = rows.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}

function pairs(entries: ReadonlyArray<readonly [string, string]>): string {
  return `<dl>${entries.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

/**
 * The record as one HTML page for the screen, with a print style sheet (SPEC §9). Every text is
 * HTML-escaped; no script, no outside resource, nothing that depends on the moment it is made:
 * the same history gives the same page, byte for byte.
 */
export function renderRecordHtml(view: RecordView): string {
  const form = view.form.lines.length
    ? `<table class="form"><tbody>\n${view.form.lines
        .map((line) =>
          line.heading
            ? `<tr class="depth-${line.depth}"><td class="label" colspan="2">${escapeHtml(line.label)}</td></tr>`
            : `<tr class="depth-${line.depth}"><td class="label">${escapeHtml(line.label)}</td><td>${escapeHtml(line.value)}</td></tr>`,
        )
        .join('\n')}\n</tbody></table>`
    : '';
  const bookings = view.bookings.length ? view.bookings.map((booking) => `<div class="booking">${pairs(booking)}</div>`).join('\n') : `<p>${escapeHtml(view.noBooking)}</p>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${view.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(view.title)}</title>`,
    `<style>${RECORD_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeHtml(view.title)}</h1><p class="organisation">${escapeHtml(view.organisation)}</p><p class="zone">${escapeHtml(view.timeZoneNote)}</p></header>`,
    `<section><h2>${escapeHtml(view.sections.request)}</h2>${pairs(view.summary)}<p class="description"><strong>${escapeHtml(view.descriptionLabel)}:</strong> ${escapeHtml(view.description)}</p></section>`,
    `<section><h2>${escapeHtml(view.form.title)}</h2><p class="state">${escapeHtml(view.form.state)}</p>${form}</section>`,
    `<section><h2>${escapeHtml(view.sections.booking)}</h2>${bookings}</section>`,
    `<section><h2>${escapeHtml(view.sections.history)}</h2>${table(view.history, view.empty)}</section>`,
    `<section><h2>${escapeHtml(view.sections.notices)}</h2>${table(view.notices, view.empty)}</section>`,
    `<section><h2>${escapeHtml(view.sections.replies)}</h2>${table(view.replies, view.empty)}</section>`,
    `<footer>${escapeHtml(view.footer)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
