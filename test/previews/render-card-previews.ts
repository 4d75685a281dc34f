/**
 * Renders the main cards to PNG pictures for the README (`cards/previews/`), with the official
 * Adaptive Cards renderer (npm `adaptivecards`) in headless Chromium from Debian's packages:
 * `npm run build && node dist/test/previews/render-card-previews.js`. Sample data are the card
 * tests' fixtures; nothing here runs in CI.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderAgendaCard } from '../../cards/agenda-card.js';
import { renderAvailabilityCard } from '../../cards/availability-card.js';
import { renderRegisterFormCard } from '../../cards/register-form-card.js';
import { renderRequestCard } from '../../cards/request-card.js';
import { renderRequestInfoCard } from '../../cards/request-info-card.js';
import { renderSeriesAvailabilityCard } from '../../cards/series-availability-card.js';
import { renderServiceFormCard } from '../../cards/service-form-card.js';
import { renderRecordCard } from '../../cards/record-card.js';
import { renderReportCard } from '../../cards/report-card.js';
import { renderRecordHtml } from '../../services/records/record-html.js';
import { recordView } from '../../services/records/record-view.js';
import { marchFigures, sampleRecordSources } from '../cards/report-card-fixtures.js';
import { withChartStandIns } from './chart-stand-ins.js';
import { blockedAnswer, MEXICO_CITY, sampleBooking, sampleRequest, sampleResources, sampleSeriesAvailability, videoconferenceFormData } from '../cards/card-fixtures.js';
import { renderDeliveryFormCard } from '../../cards/delivery-form-card.js';
import { renderRatingCard } from '../../cards/rating-card.js';
import { renderAssigneeNoticeCard } from '../../cards/assignee-notice-card.js';
import { dayAfterTheEvent, ratingClosesAt, requestAfterTheEvent } from '../cards/after-event-card-fixtures.js';
import { prefilledFormView } from '../cards/prefill-fixtures.js';

const root = resolve(process.cwd());
const renderer = readFileSync(join(root, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.js'), 'utf8');
const out = join(root, 'cards', 'previews');
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'card-previews-'));

const request = sampleRequest();
const waiting = sampleRequest({
  status: 'Pendiente por el usuario',
  wait: { waitId: '3', message: 'Falta la dirección de marcación de la sala remota (IP o alias H.323).', startedAt: new Date('2026-05-04T16:00:00Z'), deadline: new Date('2026-05-06T16:00:00Z'), remindAt: new Date('2026-05-05T16:00:00Z') },
});
const cards: Record<string, object> = {
  'request-card': renderRequestCard({
    request,
    locale: 'es',
    timeZone: MEXICO_CITY,
    actions: ['request-info', 'hold', 'set-service', 'open-form', 'check-availability', 'finish', 'reject', 'reassign'],
    viewer: 'actor',
    refreshUserIds: [],
    asvChoices: [{ id: 'asv-2', name: 'Beatriz Valdés' }],
    booking: sampleBooking(),
    resources: sampleResources(),
  }),
  'request-info-card': renderRequestInfoCard({ request: waiting, locale: 'es', timeZone: MEXICO_CITY }),
  'assignee-notice-card': renderAssigneeNoticeCard({
    request: sampleRequest({ status: 'Registro' }),
    notice: 'new-request',
    locale: 'es',
    waitBusinessHours: 48,
    cardLink: 'https://teams.microsoft.com/l/message/19%3Aasv%40thread.tacv2/1700000000000?parentMessageId=1700000000000',
  }),
  'register-form-card': renderRegisterFormCard({
    locale: 'es',
    values: { requesterName: 'Rosa Quintero', requesterEmail: 'rosa@unam.mx', dependenciaName: 'Facultad de Ingeniería', siglas: 'f!', description: 'Examen de grado con la Universidad de Salamanca' },
    errors: { siglas: 'Escriba las siglas (2 a 12 letras mayúsculas o dígitos).' },
    asvChoices: [{ id: 'asv-1', name: 'Arturo Sánchez' }, { id: 'asv-2', name: 'Beatriz Valdés' }],
  }),
  'service-form-card': renderServiceFormCard({
    request,
    service: 'VC',
    locale: 'es',
    timeZone: MEXICO_CITY,
    values: { ...videoconferenceFormData(), requesterEmail: 'ana.lopez@' },
    errors: [{ path: 'requesterEmail', field: 'Correo electrónico del solicitante', message: 'Correo electrónico del solicitante: escriba un correo válido (nombre@dominio).' }],
    missing: [],
    resources: sampleResources(),
    note: 'Se muestran los datos que escribió y que aún no se han guardado.',
  }),
  'service-form-prefilled-card': renderServiceFormCard(prefilledFormView('es')),
  'availability-card': renderAvailabilityCard({ request, locale: 'es', timeZone: MEXICO_CITY, answer: blockedAnswer(), resources: sampleResources() }),
  'series-availability-card': renderSeriesAvailabilityCard({ request, locale: 'es', timeZone: MEXICO_CITY, series: sampleSeriesAvailability(), resources: sampleResources() }),
  'agenda-card': renderAgendaCard({ locale: 'es', timeZone: MEXICO_CITY, title: 'Agenda de la semana', bookings: [sampleBooking()], resources: sampleResources() }),
  'report-card': withChartStandIns(renderReportCard({ figures: marchFigures(), locale: 'es', timeZone: MEXICO_CITY, waitBusinessHours: 48 })) as object,
  'record-card': renderRecordCard({
    request: sampleRecordSources().request,
    locale: 'es',
    timeZone: MEXICO_CITY,
    back: true,
    links: { html: 'https://vc.example.edu/documentos/x', pdf: 'https://vc.example.edu/documentos/y', expiresAt: new Date('2026-05-04T16:10:00Z'), minutes: 10, name: 'Carla Gómez' },
  }),
  // After the event (issue 12 §1): the ASV's card with the record and the rating, the delivery form, the requester's rating card.
  'request-card-after-event': renderRequestCard({
    request: requestAfterTheEvent(true),
    locale: 'es',
    timeZone: MEXICO_CITY,
    actions: ['record-delivery'],
    viewer: 'actor',
    refreshUserIds: [],
    asvChoices: [],
    resources: sampleResources(),
  }),
  'delivery-form-card': renderDeliveryFormCard({
    request: requestAfterTheEvent(),
    locale: 'es',
    timeZone: MEXICO_CITY,
    values: { outcome: 'held-with-incidents', actualDate: '2026-05-04', actualStartTime: '10:05', actualEndTime: '12:00', incidents: [{ kind: 'audio', text: 'Eco en la sede de Morelia durante 10 minutos' }] },
  }),
  'rating-card': renderRatingCard({ request: requestAfterTheEvent(), locale: 'es', timeZone: MEXICO_CITY, closesAt: ratingClosesAt, now: dayAfterTheEvent }),
};
/** Pictures taller than the default window. */
const heights: Record<string, number> = { 'report-card': 1300, 'record-card': 220 };

function screenshot(name: string, page: string, width: number, height: number): void {
  execFileSync('/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    `--user-data-dir=${join(work, 'profile')}`, '--hide-scrollbars', `--window-size=${width},${height}`, `--screenshot=${join(out, `${name}.png`)}`, `file://${page}`,
  ], { stdio: 'ignore', timeout: 60_000 });
  process.stdout.write(`${name}.png\n`);
}

for (const [name, card] of Object.entries(cards)) {
  const page = join(work, `${name}.html`);
  writeFileSync(
    page,
    `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#f5f5f5;font-family:'Segoe UI',sans-serif}#card{width:460px;margin:12px;background:#fff;border-radius:6px;box-shadow:0 1px 3px #0003;padding:4px}</style>
<div id="card"></div><script>${renderer}</script><script>
const card = new AdaptiveCards.AdaptiveCard();
card.hostConfig = new AdaptiveCards.HostConfig({ fontFamily: "'Segoe UI', sans-serif", spacing: { small: 4, default: 8, medium: 16, large: 24 } });
card.parse(${JSON.stringify(card)});
document.getElementById('card').appendChild(card.render());
</script>`,
  );
  screenshot(name, page, 490, heights[name] ?? 1100);
}

// The record as printed: its own HTML with the print stylesheet applied, one A4 page at 96 dpi
// with the page's margins.
const printed = renderRecordHtml(recordView(sampleRecordSources(), 'es', MEXICO_CITY))
  .replace(/@media print/g, '@media all')
  .replace('</head>', '<style>body{margin:48px 56px}</style></head>');
const recordPage = join(work, 'record-first-page.html');
writeFileSync(recordPage, printed);
screenshot('record-first-page', recordPage, 794, 1123);
