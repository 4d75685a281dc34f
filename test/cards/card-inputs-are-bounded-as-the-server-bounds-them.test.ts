import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readRegistrationForm } from '../../bot/handlers/registration-form.js';
import { renderAvailabilityCard } from '../../cards/availability-card.js';
import { renderRegisterFormCard } from '../../cards/register-form-card.js';
import type { AdaptiveCard } from '../../cards/render-card.js';
import { renderRequestCard, type RequestAction } from '../../cards/request-card.js';
import { renderRequestInfoCard } from '../../cards/request-info-card.js';
import { renderServiceFormCard } from '../../cards/service-form-card.js';
import { bookingNotesMaxLength } from '../../services/agenda/booking-body.js';
import { fieldCatalogue, flattenCatalogue, type FieldDescriptor } from '../../services/forms/field-catalogue.js';
import { validateServiceForm } from '../../services/forms/validate-form.js';
import { parseExecutableCommand } from '../../services/requests/command-input.js';
import { registrationLimits } from '../../services/requests/registration-limits.js';
import { serviceTypes, type ServiceType } from '../../services/requests/request-types.js';
import { requestReadyToBook, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';
import { freeAnswer, MEXICO_CITY, sampleRequest, sampleResources } from './card-fixtures.js';

type Node = Record<string, unknown>;

/**
 * Every `Input.Text` of a card, with the verb of the `Action.Execute` that sends it: the first one
 * of the same (show-)card, whose inputs are the ones it sends.
 */
function textInputs(card: AdaptiveCard): Array<{ id: string; maxLength: unknown; verb: string | undefined }> {
  const found: Array<{ id: string; maxLength: unknown; verb: string | undefined }> = [];
  const walk = (adaptiveCard: Node) => {
    const inputs: Node[] = [];
    const verbs: string[] = [];
    const visit = (value: unknown, inData: boolean): void => {
      if (Array.isArray(value)) return value.forEach((item) => visit(item, inData));
      if (typeof value !== 'object' || value === null || inData) return;
      const node = value as Node;
      if (node.type === 'AdaptiveCard' && node !== adaptiveCard) return walk(node);
      if (node.type === 'Input.Text') inputs.push(node);
      if (node.type === 'Action.Execute') verbs.push(String(node.verb));
      // A card's `refresh` sends no input: the inputs go with the card's own actions.
      for (const [key, item] of Object.entries(node)) if (key !== 'refresh') visit(item, key === 'data');
    };
    visit(adaptiveCard, false);
    for (const input of inputs) found.push({ id: String(input.id), maxLength: input.maxLength, verb: verbs[0] });
  };
  walk(card as Node);
  return found;
}

/** The longest text the server takes for input `id` of the command a card `verb` sends: the length it accepts and refuses one more. */
function commandLimit(verb: string, id: string, max: number): { accepts: boolean; refusesMore: unknown } {
  const accepts = parseExecutableCommand({ type: verb, [id]: 'a'.repeat(max) }).ok;
  const more = parseExecutableCommand({ type: verb, [id]: 'a'.repeat(max + 1) });
  return { accepts, refusesMore: more.ok ? 'accepted' : more.problem };
}

const allActions: RequestAction[] = ['take', 'request-info', 'hold', 'resume', 'set-service', 'open-form', 'check-availability', 'finish', 'reject', 'reassign', 'cancel'];

describe('every text input of every card is bounded as the server bounds it', () => {
  it('no card template writes a limit of its own: each maxLength is bound from the server’s', () => {
    const folder = fileURLToPath(new URL('../../cards/', import.meta.url));
    const literal: string[] = [];
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      for (const match of readFileSync(`${folder}${file}`, 'utf8').matchAll(/"maxLength"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)/g)) {
        if (!/^"\$\{[\w.]+\}"$/.test(match[1]!)) literal.push(`${file}: ${match[1]}`);
      }
    }
    expect(literal).toEqual([]);
  });

  it('the request card: each input as its command takes it', () => {
    const card = renderRequestCard({
      request: sampleRequest({ status: 'En Proceso' }),
      locale: 'es',
      timeZone: MEXICO_CITY,
      actions: allActions,
      viewer: 'actor',
      refreshUserIds: [],
      asvChoices: [{ id: 'asv-2', name: 'Jorge Ruiz' }],
      resources: sampleResources(),
    });
    const inputs = textInputs(card);
    expect(inputs.map((input) => `${input.verb}.${input.id}`).sort()).toEqual(['finish.note', 'hold.reason', 'reject.reasons', 'request-info.message']);
    for (const { id, maxLength, verb } of inputs) {
      expect({ input: `${verb}.${id}`, maxLength: typeof maxLength }).toEqual({ input: `${verb}.${id}`, maxLength: 'number' });
      expect({ input: `${verb}.${id}`, ...commandLimit(verb!, id, maxLength as number) }).toEqual({
        input: `${verb}.${id}`,
        accepts: true,
        refusesMore: { command: verb, field: id, problem: 'too-long', max: maxLength },
      });
    }
  });

  it('the requester’s information card: the answer as a reply and as added information take it', () => {
    const card = renderRequestInfoCard({ request: sampleRequest({ status: 'Pendiente por el usuario' }), locale: 'es', timeZone: MEXICO_CITY });
    const [answer, ...others] = textInputs(card);
    expect(others).toEqual([]);
    expect(answer).toMatchObject({ id: 'text', verb: 'reply' });
    for (const command of ['reply', 'add-information']) {
      expect(commandLimit(command, 'text', answer!.maxLength as number)).toEqual({ accepts: true, refusesMore: { command, field: 'text', problem: 'too-long', max: answer!.maxLength } });
    }
  });

  it('the registration form: each input as the registration takes it', () => {
    const card = renderRegisterFormCard({ locale: 'es', values: {}, errors: {}, asvChoices: [{ id: 'asv-1', name: 'Ana' }] });
    const inputs = textInputs(card);
    expect(inputs.map((input) => input.id).sort()).toEqual(['dependenciaName', 'description', 'requesterEmail', 'requesterName', 'siglas']);
    const valid = { requesterName: 'Rosa Quintero', requesterEmail: 'rosa@uni.example', dependenciaName: 'Facultad de Ingeniería', siglas: 'FI', description: 'Videoconferencia', assigneeId: 'asv-1' };
    for (const { id, maxLength } of inputs) {
      expect({ id, maxLength }).toEqual({ id, maxLength: registrationLimits[id as keyof typeof registrationLimits] });
      if (id === 'siglas' || id === 'requesterEmail') continue; // formats of their own: their limit is the form field's (checked with the service form)
      const read = (length: number) => readRegistrationForm({ ...valid, [id]: 'a'.repeat(length) }, { mode: 'help-desk', locale: 'es', assignable: ['asv-1'] });
      expect({ id, atMax: read(maxLength as number).ok, overMax: read((maxLength as number) + 1).ok }).toEqual({ id, atMax: true, overMax: false });
    }
  });

  it.each([...serviceTypes])('the %s service form: each input as its field takes it', (service: ServiceType) => {
    const card = renderServiceFormCard({ request: sampleRequest({ service }), service, locale: 'es', timeZone: MEXICO_CITY, values: {}, errors: [], resources: sampleResources() });
    const fields = new Map(flattenCatalogue(fieldCatalogue(service)).map((field) => [field.path, field] as const));
    const inputs = textInputs(card);
    expect(inputs.length).toBeGreaterThan(5);
    for (const { id, maxLength } of inputs) {
      const path = id.replace(/\.\d+\./, '[].');
      const field = fields.get(path) as FieldDescriptor | undefined;
      expect({ id, maxLength }).toEqual({ id, maxLength: field?.maxLength });
      if (field?.kind !== 'text') continue;
      const value = (text: string): Record<string, unknown> => {
        const [list, index, name] = id.split('.');
        return name === undefined ? { [id]: text } : { [list!]: Array.from({ length: Number(index) + 1 }, (_, at) => (at === Number(index) ? { [name]: text } : {})) };
      };
      const errorsAt = (length: number) =>
        (validateServiceForm(service, value('a'.repeat(length)), { locale: 'es', timeZone: MEXICO_CITY, mode: 'draft' }) as { ok: boolean; errors?: Array<{ path: string }> }).errors?.filter(
          (error) => error.path === id,
        ) ?? [];
      // At the limit nothing says it is too long (a field with a format of its own may still refuse the filler text); one more is refused.
      const tooLong = `como máximo ${String(maxLength)} caracteres`;
      expect({ id, atMax: errorsAt(maxLength as number).filter((error) => (error as { message?: string }).message?.includes(tooLong)) }).toEqual({ id, atMax: [] });
      expect({ id, overMax: errorsAt((maxLength as number) + 1).length }).toEqual({ id, overMax: 1 });
    }
  });
});

describe('the availability card’s notes', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  });
  afterAll(async () => fixture.close());

  it('are bounded as the agenda bounds them: the agenda books with that many characters and refuses one more', async () => {
    const card = renderAvailabilityCard({ request: sampleRequest(), locale: 'es', timeZone: MEXICO_CITY, answer: freeAnswer(), resources: sampleResources() });
    const [notes, ...others] = textInputs(card);
    expect(others).toEqual([]);
    expect(notes).toMatchObject({ id: 'notes', verb: 'book', maxLength: bookingNotesMaxLength });

    const option = slot('2027-06-08', '10:00', '11:00');
    const tooLong = await fixture.desk.agenda.book((await requestReadyToBook(fixture, 'Notas largas', option)).id, option, fixture.actor(people.asv), commandId('book'), 'a'.repeat(bookingNotesMaxLength + 1));
    expect(tooLong).toEqual({
      ok: false,
      failure: { code: 'refused', rejection: { code: 'invalid-input', command: 'record-booking', field: 'notes', problem: 'too-long', max: bookingNotesMaxLength } },
    });
    const request = await requestReadyToBook(fixture, 'Notas justas', slot('2027-06-09', '10:00', '11:00'));
    const booked = await fixture.desk.agenda.book(request.id, slot('2027-06-09', '10:00', '11:00'), fixture.actor(people.asv), commandId('book'), 'a'.repeat(bookingNotesMaxLength));
    expect(booked.ok).toBe(true);
  });
});
