import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inputFieldName, rejectionText } from '../../cards/messages.js';
import { renderRegisterFormCard } from '../../cards/register-form-card.js';
import { renderRequestCard } from '../../cards/request-card.js';
import { renderServiceFormCard } from '../../cards/service-form-card.js';
import { executableCommandSchema } from '../../services/requests/command-input.js';
import { serviceTypes } from '../../services/requests/request-types.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';
import { visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest, sampleResources } from './card-fixtures.js';

/** Spanish words an English view must not use for its own labels (people's text may still say them). */
const spanishLabels = /\b(Dependencia|dependencia|siglas|Siglas)\b/;

/** The labels a card gives its facts and inputs (not the values people typed). */
function labelsOf(card: unknown): string[] {
  const labels: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    if (typeof node.label === 'string') labels.push(node.label);
    if (Array.isArray(node.facts)) for (const fact of node.facts as Array<{ title: unknown }>) labels.push(String(fact.title));
    Object.values(node).forEach(walk);
  };
  walk(card);
  return labels;
}

/** Bugs: English views showed Spanish labels ("Dependencia", "Acronym (siglas)"), internal field names in errors, and ids in the history. */
describe('English views', () => {
  it('label the faculty or office and its acronym in English: the request card, the registration form and every service form', () => {
    const request = sampleRequest({ status: 'En Proceso' });
    const cards = [
      renderRequestCard({ request, locale: 'en', timeZone: MEXICO_CITY, actions: [], viewer: 'readonly', refreshUserIds: [], asvChoices: [], resources: sampleResources() }),
      renderRegisterFormCard({ locale: 'en', values: {}, errors: {}, asvChoices: [] }),
      ...serviceTypes.map((service) => renderServiceFormCard({ request, service, locale: 'en', timeZone: MEXICO_CITY, values: {}, errors: [], resources: sampleResources() })),
    ];
    for (const card of cards) expect(labelsOf(card).filter((label) => spanishLabels.test(label))).toEqual([]);
    expect(labelsOf(cards[0])).toContain('Faculty or office');
  });

  it('name every input a command takes in words, and never show an internal field name', () => {
    const fields = new Set(executableCommandSchema.options.flatMap((option) => Object.keys(option.shape)));
    for (const field of ['requester', 'dependencia', 'siglas', 'description', 'assignee', 'service', 'notes']) fields.add(field);
    for (const locale of ['es', 'en'] as const) {
      for (const field of fields) expect({ field, words: inputFieldName(locale, field) === field }).toEqual({ field, words: false });
    }
    const unknown = rejectionText('en', { code: 'missing-input', command: 'reject', field: 'reasonsX' });
    expect(unknown).toBe('Required information is missing: a value of the action.');
  });
});

describe('the history of a reassignment', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('names the ASVs, not their ids', async () => {
    // Both ASVs have acted in Teams before (their names came with their clicks).
    for (const person of [people.asv, people.asv2]) {
      const other = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
      if (other.outcome !== 'applied') throw new Error(other.outcome);
      await fixture.desk.requests.execute(other.request.id, { type: 'reassign', assignee: { id: person.id, name: person.id } }, fixture.actor(people.hd), commandId('reassign'));
      await fixture.desk.requests.execute(other.request.id, { type: 'take' }, fixture.actor(person), commandId('take'));
    }
    // Help Desk assigns the request by the ASV's configured id, as the registration form does.
    const registered = await fixture.desk.requests.register(registration({ assignee: { id: people.asv.id, name: people.asv.id } }), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    expect(registered.request.assignee.name).toBe(people.asv.name);

    const bot = botOnDesk(fixture, config);
    const answer = await clickCard(bot, people.hd, 'reassign', { requestId: registered.request.id, version: registered.request.version, assigneeId: people.asv2.id }, 'en-US');
    const request = await fixture.desk.requests.get(registered.request.id);
    expect(request?.assignee).toMatchObject({ id: people.asv2.id, name: people.asv2.name });
    expect(request?.history.at(-1)?.note).toBe(`${people.asv.name} → ${people.asv2.name}`);
    expect(visibleText(answer.value)).toContain(`${people.asv.name} → ${people.asv2.name}`);
    expect(visibleText(answer.value)).not.toContain(`${people.asv.id} → ${people.asv2.id}`);
  });
});
