import { renderAgendaCard } from '../../cards/agenda-card.js';
import { renderAvailabilityCard } from '../../cards/availability-card.js';
import { t } from '../../cards/messages.js';
import { renderNoticeCard } from '../../cards/notice-card.js';
import type { AdaptiveCard } from '../../cards/render-card.js';
import { renderRequestCard } from '../../cards/request-card.js';
import { renderRequestInfoCard } from '../../cards/request-info-card.js';
import { renderServiceFormCard } from '../../cards/service-form-card.js';
import type { Resource } from '../../services/agenda/agenda-types.js';
import { expectWellFormedCard, typedNodes } from './card-assertions.js';
import { blockedAnswer, MEXICO_CITY, sampleBooking, sampleRequest, sampleResources, videoconferenceFormData } from './card-fixtures.js';

/**
 * Teams renders Markdown in a TextBlock's text and a fact's value. What people typed (requester,
 * dependencia, description, the ASV's message, history notes, form values, names from the
 * configuration and the catalogue) must appear as written, never as the bot's own formatting, a
 * link, a mention or a template expression; the product's own words stay as written in the catalogue.
 */

/** Typed by a person: a disguised link, bold, italics, a mention, a backslash and two template expressions. */
const HOSTILE = '[click](https://evil.example) **urgent** _x_ <at>Boss</at> C:\\temp ${request.id} ${$root.title}';
/** {@link HOSTILE} as Markdown that shows it literally. */
const HOSTILE_SHOWN = String.raw`\[click\](https://evil.example) \*\*urgent\*\* \_x\_ \<at\>Boss\</at\> C:\\temp $\{request.id\} $\{$root.title\}`;
/** Block Markdown at the start of lines: a heading, a bullet, a numbered item, a quote. */
const BLOCKS = '# big\n- item\n1. item\n> quote\n  + indented';
const BLOCKS_SHOWN = String.raw`\# big
\- item
1\. item
\> quote
  \+ indented`;

/** Every text Teams reads as Markdown: TextBlock texts and FactSet values. */
function markdownTexts(card: AdaptiveCard): string[] {
  const texts: string[] = [];
  for (const node of typedNodes(card)) {
    if (node.type === 'TextBlock' && typeof node.text === 'string') texts.push(node.text);
    if (node.type === 'FactSet' && Array.isArray(node.facts)) for (const fact of node.facts as Array<{ value: string }>) texts.push(fact.value);
  }
  return texts;
}

function expectNoRawMarkdown(card: AdaptiveCard): void {
  const all = markdownTexts(card).join('\n');
  expect(all).not.toContain('[click](');
  expect(all).not.toContain('**urgent**');
  expect(all).not.toContain('<at>');
  expect(all).not.toContain('${');
  expect(all).not.toContain('req-42 ');
}

function hostileResources(): Resource[] {
  return sampleResources().map((resource) => ({ ...resource, name: `${resource.name} ${HOSTILE}` }));
}

describe("people's text on the cards", () => {
  it('the ASV channel card shows requester, dependencia, description, wait, history, form, booking and names literally', () => {
    const base = sampleRequest({ status: 'Pendiente por el usuario' });
    const request = sampleRequest({
      status: 'Pendiente por el usuario',
      requester: { id: 'ana@x.example', name: `Ana ${HOSTILE}`, email: 'ana_b@x.example' },
      dependencia: { name: `Dep ${HOSTILE}`, siglas: 'FI' },
      assignee: { id: 'asv-1', name: `Carla ${HOSTILE}` },
      description: `${BLOCKS}\n${HOSTILE}`,
      wait: { ...base.wait!, message: `Falta ${HOSTILE}` },
      history: base.history.map((entry) => ({ ...entry, actor: { ...entry.actor, name: `Actor ${HOSTILE}` }, note: entry.kind === 'request-info' ? `Nota ${HOSTILE}` : entry.note })),
      form: { service: 'VC', data: { ...videoconferenceFormData(), programName: `Programa ${HOSTILE}` }, complete: true, updatedAt: new Date('2026-04-27T17:00:00Z') },
      booking: { bookingId: 'bk-7', title: `FI – ${HOSTILE}`, start: new Date('2026-05-04T16:00:00Z'), end: new Date('2026-05-04T18:00:00Z'), resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'] },
    });
    const card = renderRequestCard({
      request,
      locale: 'es',
      timeZone: MEXICO_CITY,
      actions: [],
      viewer: 'readonly',
      refreshUserIds: [],
      asvChoices: [],
      booking: sampleBooking({ title: `FI – ${HOSTILE}`, declinedBy: ['sala-vc-1@example.edu'] }),
      resources: hostileResources(),
      note: `Nota del bot para ${HOSTILE}`,
    });
    expectWellFormedCard(card);
    expectNoRawMarkdown(card);
    const texts = markdownTexts(card);
    const all = texts.join('\n');
    expect(all).toContain(`Ana ${HOSTILE_SHOWN} (ana\\_b@x.example)`);
    expect(all).toContain(`Dep ${HOSTILE_SHOWN} (FI)`);
    expect(all).toContain(`Carla ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`${BLOCKS_SHOWN}\n${HOSTILE_SHOWN}`);
    expect(texts).toContain(`Falta ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`Nota ${HOSTILE_SHOWN}`);
    expect(all).toContain(`· Actor ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`Programa ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`FI – ${HOSTILE_SHOWN}`);
    expect(all).toContain(`Sala de Videoconferencia 1 ${HOSTILE_SHOWN}`);
    expect(all).toContain(`Ana Robles ${HOSTILE_SHOWN}`);
    expect(texts).toContain(t('es', 'request.declinedBy', { names: `Sala de Videoconferencia 1 ${HOSTILE_SHOWN}` }));
    expect(texts).toContain(`Nota del bot para ${HOSTILE_SHOWN}`);
    // The product's own words are as the catalogue writes them.
    expect(texts).toContain(t('es', 'request.title', { folio: request.folio }));
    expect(texts).toContain(t('es', 'request.section.history'));
    const factTitles = typedNodes(card).flatMap((node) => (Array.isArray(node.facts) ? (node.facts as Array<{ title: string }>).map((fact) => fact.title) : []));
    expect(factTitles).toContain(t('es', 'label.requester'));
  });

  it('a description or a message that looks like a template expression is shown as typed, not evaluated', () => {
    const base = sampleRequest({ status: 'Pendiente por el usuario' });
    const request = sampleRequest({ status: 'Pendiente por el usuario', description: '${request.id}', wait: { ...base.wait!, message: '${$root.title}' } });
    const card = renderRequestCard({ request, locale: 'es', timeZone: MEXICO_CITY, actions: [], viewer: 'readonly', refreshUserIds: [], asvChoices: [] });
    expectWellFormedCard(card);
    const texts = markdownTexts(card);
    expect(texts).toContain(String.raw`$\{request.id\}`);
    expect(texts).toContain(String.raw`$\{$root.title\}`);
    expect(texts).not.toContain('req-42');
  });

  it("the requester's information request shows the ASV's message and name literally", () => {
    const base = sampleRequest({ status: 'Pendiente por el usuario' });
    const request = sampleRequest({ status: 'Pendiente por el usuario', assignee: { id: 'asv-1', name: `Carla ${HOSTILE}` }, wait: { ...base.wait!, message: `${BLOCKS}\n${HOSTILE}` } });
    const card = renderRequestInfoCard({ request, locale: 'es', timeZone: MEXICO_CITY, note: `Gracias ${HOSTILE}` });
    expectWellFormedCard(card);
    expectNoRawMarkdown(card);
    const texts = markdownTexts(card);
    expect(texts).toContain(`${BLOCKS_SHOWN}\n${HOSTILE_SHOWN}`);
    expect(texts).toContain(`Carla ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`Gracias ${HOSTILE_SHOWN}`);
    expect(texts).toContain(t('es', 'info.intro'));
  });

  it('a notice is plain text: its paragraphs and facts are shown as written', () => {
    const card = renderNoticeCard({ locale: 'es', title: `Aviso ${HOSTILE}`, text: `Motivos:\n${BLOCKS}\n${HOSTILE}`, facts: [{ title: 'Folio', value: `VC-1 ${HOSTILE}` }] });
    expectWellFormedCard(card);
    expectNoRawMarkdown(card);
    const texts = markdownTexts(card);
    expect(texts).toEqual([`Aviso ${HOSTILE_SHOWN}`, `Motivos:\n${BLOCKS_SHOWN}\n${HOSTILE_SHOWN}`, `VC-1 ${HOSTILE_SHOWN}`]);
  });

  it('the agenda shows event titles and catalogue names literally', () => {
    const card = renderAgendaCard({ locale: 'es', timeZone: MEXICO_CITY, title: 'Agenda', bookings: [sampleBooking({ title: `FI – ${HOSTILE}`, declinedBy: ['ana.robles@example.edu'] })], resources: hostileResources() });
    expectWellFormedCard(card);
    expectNoRawMarkdown(card);
    const texts = markdownTexts(card);
    expect(texts).toContain(`FI – ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`VC-2026-0042 · Sala de Videoconferencia 1 ${HOSTILE_SHOWN} · Ana Robles ${HOSTILE_SHOWN}`);
    expect(texts).toContain(t('es', 'agenda.declined', { names: `Ana Robles ${HOSTILE_SHOWN}` }));
  });

  it('availability shows what holds a resource and the resources literally', () => {
    const answer = blockedAnswer();
    answer.blockers[0] = { ...answer.blockers[0]!, resourceName: `Sala ${HOSTILE}`, by: { ...answer.blockers[0]!.by!, label: `IIMAS – ${HOSTILE}` } };
    const card = renderAvailabilityCard({ request: sampleRequest(), locale: 'es', timeZone: MEXICO_CITY, answer, resources: hostileResources() });
    expectWellFormedCard(card);
    expectNoRawMarkdown(card);
    const all = markdownTexts(card).join('\n');
    expect(all).toContain(`Sala ${HOSTILE_SHOWN} está ocupado por «IIMAS – ${HOSTILE_SHOWN}»`);
    expect(all).toContain(`· Sala de Videoconferencia 1 ${HOSTILE_SHOWN}`);
  });

  it("the service form names the request's dependencia and requester literally and keeps the catalogue's words", () => {
    const request = sampleRequest({ requester: { id: 'a', name: `Ana ${HOSTILE}` }, dependencia: { name: `Dep ${HOSTILE}`, siglas: 'FI' } });
    const errors = [{ path: 'localRoom', field: 'Sala local', message: `Sala local: «${HOSTILE}» no está en el catálogo de la agenda.` }];
    const card = renderServiceFormCard({ request, service: 'VC', locale: 'es', timeZone: MEXICO_CITY, values: {}, errors, resources: sampleResources(), note: `Nota ${HOSTILE}` });
    expectWellFormedCard(card);
    expectNoRawMarkdown(card);
    const texts = markdownTexts(card);
    expect(texts).toContain(`Dep ${HOSTILE_SHOWN} (FI) · Ana ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`Nota ${HOSTILE_SHOWN}`);
    expect(texts).toContain(`Sala local: «${HOSTILE_SHOWN}» no está en el catálogo de la agenda.`);
    expect(texts).toContain(t('es', 'form.requiredLegend'));
  });
});
