import PDFDocument from 'pdfkit';
import type { RecordTable, RecordView } from './record-view.js';

/** The characters of Windows-1252 beyond Latin-1 that the PDF's standard fonts (WinAnsi) print. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['→', '->'],
  ['←', '<-'],
  ['›', '>'],
  ['\u00A0', ' '],
  ['\t', '    '],
  ['Ł', 'L'],
  ['ł', 'l'],
  ['Đ', 'D'],
  ['đ', 'd'],
  ['ı', 'i'],
]);

/**
 * `text` in the characters the PDF's standard fonts print (Windows-1252: every Spanish and
 * Western European letter): an arrow becomes `->`, another letter loses its accent (`Ł` → `L`),
 * anything else is `?`. The HTML record shows every character as written.
 */
export function pdfText(text: string): string {
  let out = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (character === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) || WIN_ANSI_EXTRA.has(character)) {
      out += character;
      continue;
    }
    const replaced = REPLACEMENTS.get(character);
    if (replaced !== undefined) {
      out += replaced;
      continue;
    }
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    const plain = character.normalize('NFKD').replace(/\p{M}/gu, '');
    out += plain !== '' && [...plain].every((part) => part.codePointAt(0)! >= 0x20 && part.codePointAt(0)! <= 0xff) ? plain : '?';
  }
  return out;
}

const BRAND = '#464775';
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/**
 * The record as a PDF for the file (pdfkit, Letter, the standard Helvetica fonts, nothing
 * embedded): the same text as the HTML page, in the same order. Deterministic: the document's
 * dates are the last change's (never the moment of printing), pdfkit's file id is derived from
 * that information, and nothing random is written — the same history gives the same bytes.
 */
export async function renderRecordPdf(view: RecordView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 54, bottom: 60, left: 50, right: 50 },
    bufferPages: true,
    lang: view.locale === 'es' ? 'es-MX' : 'en-US',
    displayTitle: true,
    font: REGULAR,
    info: {
      Title: pdfText(view.title),
      Author: pdfText(view.organisation),
      Subject: pdfText(view.footer),
      Creator: 'vc-service-desk',
      Producer: 'vc-service-desk (pdfkit)',
      CreationDate: view.lastChangeAt,
      ModDate: view.lastChangeAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  const heading = (text: string) => {
    doc.moveDown(0.9);
    if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
    doc.x = left;
    doc.font(BOLD).fontSize(12).fillColor(BRAND).text(pdfText(text), { width });
    doc.moveTo(left, doc.y + 1).lineTo(left + width, doc.y + 1).lineWidth(0.5).strokeColor('#c8c8d0').stroke();
    doc.moveDown(0.4).fillColor('black');
  };
  const pair = (label: string, value: string, indent = 0) => {
    doc.x = left + indent;
    doc.font(BOLD).fontSize(9.5).text(`${pdfText(label)}: `, { continued: true, width: width - indent }).font(REGULAR).text(pdfText(value));
  };
  const table = (rows: RecordTable, columns: Array<number | string>) => {
    doc.x = left;
    if (rows.rows.length === 0) {
      doc.font(REGULAR).fontSize(9.5).text(pdfText(view.empty), { width });
      return;
    }
    doc.font(REGULAR).fontSize(7.5);
    doc.table({
      position: { x: left },
      maxWidth: width,
      columnStyles: columns,
      defaultStyle: { padding: 3, border: 0.4, borderColor: '#9a9aa8' },
      data: [
        rows.columns.map((column) => ({ text: pdfText(column), type: 'TH' as const, font: { src: BOLD, size: 7.5 }, backgroundColor: '#ececf3' })),
        ...rows.rows.map((row) => row.map((cell) => pdfText(cell))),
      ],
    });
    doc.x = left;
  };

  doc.font(BOLD).fontSize(16).fillColor(BRAND).text(pdfText(view.title), { width });
  doc.font(REGULAR).fontSize(9).fillColor('#444444').text(pdfText(view.organisation), { width }).text(pdfText(view.timeZoneNote), { width });
  doc.fillColor('black');

  heading(view.sections.request);
  for (const [label, value] of view.summary) pair(label, value);
  pair(view.descriptionLabel, view.description);

  heading(view.form.title);
  doc.font(REGULAR).fontSize(9.5).text(pdfText(view.form.state), { width });
  doc.moveDown(0.3);
  for (const line of view.form.lines) {
    const indent = line.depth * 12;
    if (line.heading) {
      doc.x = left + indent;
      doc.font(BOLD).fontSize(9.5).text(pdfText(line.label), { width: width - indent });
    } else pair(line.label, line.value, indent);
  }

  heading(view.sections.booking);
  if (view.bookings.length === 0) doc.font(REGULAR).fontSize(9.5).text(pdfText(view.noBooking), { width });
  for (const booking of view.bookings) {
    for (const [label, value] of booking) pair(label, value);
    doc.moveDown(0.4);
  }

  heading(view.sections.history);
  table(view.history, [22, 62, 70, 52, 78, 90, '*']);
  heading(view.sections.notices);
  table(view.notices, [62, 34, 110, 64, 64, '*']);
  heading(view.sections.replies);
  table(view.replies, [62, 90, 50, 100, '*']);

  doc.moveDown(1);
  doc.x = left;
  doc.font(REGULAR).fontSize(8.5).fillColor('#444444').text(pdfText(view.footer), { width });

  const pages = doc.bufferedPageRange();
  for (let index = pages.start; index < pages.start + pages.count; index += 1) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#666666')
      .text(pdfText(`${view.folio} — ${index + 1} / ${pages.count}`), left, doc.page.height - 36, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
