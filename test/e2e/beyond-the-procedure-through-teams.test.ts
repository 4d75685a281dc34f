// Issue 12 ("Beyond the procedure") through the Agents Playground: the service form opened
// pre-filled from the request's text, a weekly series checked and booked in one click, and after
// an event the ASV's delivery record on the channel card and the requester's rating in their chat.
// Languages: the Playground sends every user's turn as en-US (its locale is fixed), so what a click
// answers is English; the cards the bot posts and updates in the ASV channel are the department's,
// in Spanish. Both are asserted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { actionsOf, inputById, visibleText } from '../cards/card-assertions.js';
import { videoconferenceData } from '../services/forms/form-fixtures.js';
import { formAskingFor, slot } from '../support/agenda-fixture.js';
import { cardText, objectIdOf, startProduct, type RunningProduct } from '../support/bot-fixture.js';
import { formAsCardInputs } from '../support/card-inputs.js';
import type { BotMessage } from '../support/playground.js';

const zone = 'America/Mexico_City';

let product: RunningProduct;
beforeAll(async () => {
  product = await startProduct(import.meta.url);
}, 120_000);
afterAll(async () => product?.stop(), 60_000);

type CardBody = { type: string; value: unknown };

async function click(card: BotMessage, fromUserId: string, verb: string, data: Record<string, unknown>) {
  return product.playground.invoke<CardBody>({
    name: 'adaptiveCard/action',
    fromUserId,
    conversationId: card.messageConversationId,
    replyToId: card.activityId,
    value: { action: { type: 'Action.Execute', verb, data } },
  });
}

/** The data of the first action with `verb` on `card`. */
function actionData(card: unknown, verb: string): Record<string, unknown> {
  const action = actionsOf(card).find((node) => node.verb === verb);
  if (!action) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 400)}`);
  return action.data as Record<string, unknown>;
}

const versionOf = async (requestId: string) => (await product.composed.desk.requests.get(requestId))!.version;
const people = {
  helpDesk: () => product.composed.desk.roles.actorFor({ id: objectIdOf('user-id-1'), name: 'Help Desk' }),
  asv: () => product.composed.desk.roles.actorFor({ id: objectIdOf('user-id-2'), name: 'Adele Vance' }),
};

/** Registers a VC request of the Playground's current user (user-id-0), assigned to the ASV user-id-2, and waits for its card in the ASV channel. */
async function registeredOnTheChannel(description: string, key: string) {
  const { composed, playground } = product;
  const alex = playground.config.currentUser;
  const registered = await composed.desk.requests.register(
    {
      requester: { id: objectIdOf('user-id-0'), name: alex.name, email: alex.email },
      dependencia: { name: 'Facultad de Ingeniería', siglas: 'FI' },
      description,
      service: 'VC',
      assignee: { id: objectIdOf('user-id-2'), name: 'Adele Vance' },
    },
    people.helpDesk(),
    key,
  );
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  const { request } = registered;
  const channelCard = await playground.waitForMessage((message) => message.conversationId === 'team-id' && message.kind === 'create' && cardText(message).includes(request.folio), 30_000);
  return { request, channelCard };
}

describe('beyond the procedure, inside Teams (Agents Playground)', () => {
  let channelCard: BotMessage;
  let requestId: string;

  beforeAll(async () => {
    // The requester opens their 1:1 chat with the bot, so the bot can reach them there later.
    const { playground } = product;
    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'ayuda' });
    await playground.waitForMessage((message) => message.conversationId === playground.ids.personalChatId, 30_000);
  }, 60_000);

  it("opens the service form pre-filled from the request's text, each guess marked to confirm, and stores nothing until save", async () => {
    const eventDay = DateTime.now().setZone(zone).plus({ days: 10 });
    const weekday = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'][eventDay.weekday - 1];
    const month = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'][eventDay.month - 1];
    const description = `Videoconferencia el ${weekday} ${eventDay.day} de ${month} de 10 a 12 hrs con la UNAM por SIP sip:sala@unam.mx, unas 40 personas`;
    ({ request: { id: requestId }, channelCard } = await registeredOnTheChannel(description, 'e2e-register-prefill'));
    // The channel card is the department's: Spanish, whatever the clicker's language.
    expect(cardText(channelCard)).toContain('Registro');

    const taken = await click(channelCard, 'user-id-2', 'take', { requestId, version: 1 });
    expect(JSON.stringify(taken.body.value)).toContain('En Proceso');

    const opened = await click(channelCard, 'user-id-2', 'open-form', { requestId, version: await versionOf(requestId) });
    expect(opened.status).toBe(200);
    const form = opened.body.value;
    const mark = '(suggested: please confirm)';
    const guessed = { date: eventDay.toISODate(), startTime: '10:00', endTime: '12:00', expectedParticipants: '40', 'remoteSites.0.dialAddress': 'sip:sala@unam.mx' };
    for (const [id, value] of Object.entries(guessed)) {
      const input = inputById(form, id) as { value?: unknown; label?: string };
      expect({ id, value: String(input.value) }).toEqual({ id, value });
      expect(input.label).toContain(mark);
    }
    expect(visibleText(form)).toContain('Fields marked "(suggested: please confirm)" were filled from the request\'s text. Check and correct them: nothing is saved until you press "Save form".');
    // Not guessed, not marked.
    expect((inputById(form, 'programName') as { label?: string }).label).not.toContain(mark);

    const stored = await product.composed.desk.requests.get(requestId);
    expect(stored?.form).toBeNull();
    expect(stored?.history.some((entry) => entry.kind === 'save-form')).toBe(false);
  }, 60_000);

  it('saves a weekly series of three, shows its availability, books the free ones in one click, and the request card shows the booking', async () => {
    const { composed, playground } = product;
    // Three Wednesdays of next year's June, 10:00–12:00 (no rest day in a Mexican June; staff hours of the seed catalogue).
    const firstJune = DateTime.fromObject({ year: DateTime.now().setZone(zone).year + 1, month: 6, day: 1 }, { zone });
    const wednesdays = [0, 1, 2].map((week) => firstJune.plus({ days: (3 - firstJune.weekday + 7) % 7, weeks: week }));
    const dates = wednesdays.map((day) => day.toISODate()!);
    const shownDates = wednesdays.map((day) => `${day.setLocale('en-US').toLocaleString({ weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' })}, 10:00 – 12:00`).join(', ');
    const form = {
      ...videoconferenceData(),
      programName: 'Clase de redes',
      date: dates[0],
      connectionTestDate: wednesdays[0]!.minus({ days: 1 }).toISODate(),
      localRoom: 'sala-vc-1',
      extraEquipment: ['camara-ptz-1'],
      expectedParticipants: 25,
      repeatWeekdays: ['WE'],
      repeatCount: 3,
    };
    const saved = await click(channelCard, 'user-id-2', 'save-form', { requestId, version: await versionOf(requestId), ...formAsCardInputs(form) });
    expect(saved.status).toBe(200);
    const withForm = await composed.desk.requests.get(requestId);
    expect(withForm?.form?.complete).toBe(true);
    expect(withForm?.form?.data).toMatchObject({ repeatWeekdays: ['WE'], repeatCount: 3 });

    const availability = await click(channelCard, 'user-id-2', 'check-availability', { requestId, version: await versionOf(requestId) });
    const seriesCard = availability.body.value;
    expect(visibleText(seriesCard)).toContain('3 dates: 3 free, 0 in conflict, 0 on closure days, 0 booked, 0 cancelled or without the event');
    // (Intl writes narrow no-break spaces in dates and ranges.)
    expect(visibleText(seriesCard).replace(/\s/g, ' ')).toContain(shownDates.replace(/\s/g, ' '));
    expect(visibleText(seriesCard)).toContain('Book the free ones (3)');

    const booked = await click(channelCard, 'user-id-2', 'book-free-occurrences', actionData(seriesCard, 'book-free-occurrences'));
    expect(visibleText(booked.body.value)).toContain('Dates booked: 3.');
    expect(visibleText(booked.body.value)).toContain('3 dates: 0 free, 0 in conflict, 0 on closure days, 3 booked');

    const stored = await composed.desk.requests.get(requestId);
    const occurrences = stored?.booking?.occurrences ?? [];
    expect(occurrences.map((occurrence) => occurrence.date)).toEqual(dates);
    expect(new Set(occurrences.map((occurrence) => occurrence.bookingId)).size).toBe(3);
    expect(occurrences.every((occurrence) => typeof occurrence.bookingId === 'string' && occurrence.bookingId.length > 0)).toBe(true);
    expect(stored?.booking?.title).toBe('FI – Clase de redes');

    // The channel card, updated in place, shows the booking.
    // The channel card, updated in place in the department's language, shows the booking of the series…
    const updated = await playground.waitForUpdate(channelCard.activityId, (message) => cardText(message).includes('FI – Clase de redes'), 30_000);
    expect(visibleText(updated.attachments[0]!.content)).toContain(`Agendó el evento\nFI – Clase de redes (${dates.join(', ')})`);
    expect(visibleText(updated.attachments[0]!.content)).toContain('Reservación\nEvento: FI – Clase de redes');
    // …and so does the ASV's own view of it (its refresh, in their language).
    const refreshed = await click(channelCard, 'user-id-2', 'refresh', actionData(updated.attachments[0]!.content, 'refresh'));
    expect(visibleText(refreshed.body.value)).toContain('Booking\nEvent: FI – Clase de redes');
  }, 60_000);

  it('after the event: the ASV records how it went from the channel card, and the requester rates it in their 1:1 chat', async () => {
    const { composed, playground } = product;
    const { request, channelCard: card } = await registeredOnTheChannel('Examen de grado en línea con la Universidad de Salamanca', 'e2e-register-after-event');
    expect((await click(card, 'user-id-2', 'take', { requestId: request.id, version: 1 })).status).toBe(200);

    // The agenda books no past slot, so yesterday's event is recorded as its booking with the
    // agenda's own command (as an event booked before it happened would be); the rest is clicks.
    const date = DateTime.now().setZone(zone).minus({ days: 1 }).toISODate()!;
    const option = slot(date, '10:00', '11:00', { equipmentIds: ['mcu-1'] });
    const { extraEquipment: _extra, ...base } = videoconferenceData();
    const data = { ...base, ...formAskingFor(option), programName: 'Examen de grado en línea', siglas: 'FI', connectionTestDate: date, connectionTestTime: '09:00' };
    const saved = await composed.desk.requests.saveForm(request.id, 'VC', data, people.asv(), 'e2e-after-event-form', { locale: 'es' });
    if (saved.outcome !== 'applied' || !saved.request.form?.complete) throw new Error(`form: ${JSON.stringify(saved)}`);
    const booked = await composed.desk.requests.recordBooking(
      request.id,
      { bookingId: `bk-${request.id}`, title: 'FI – Examen de grado en línea', start: option.start, end: option.end, resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'], service: 'VC' },
      people.asv(),
      'e2e-after-event-booking',
    );
    if (booked.outcome !== 'applied') throw new Error(`booking: ${JSON.stringify(booked)}`);

    const finished = await click(card, 'user-id-2', 'finish', { requestId: request.id, version: await versionOf(request.id), note: 'Le esperamos en la Sala 1' });
    expect(JSON.stringify(finished.body.value)).toContain('Terminada');

    // The event has ended: the after-event job asks the requester for a rating in their 1:1 chat…
    const ratingCard = await playground.waitForMessage(
      (message) => message.conversationId === playground.ids.personalChatId && cardText(message).includes('"verb":"rate"') && cardText(message).includes(request.id),
      30_000,
    );
    expect(visibleText(ratingCard.attachments[0]!.content)).toContain('Your event "FI – Examen de grado en línea" has ended. How would you rate the service? (1 = very poor, 5 = excellent)');
    // …the channel card, updated in the department's language, says so…
    const channelNow = await playground.waitForUpdate(card.activityId, (message) => cardText(message).includes('Se pidió al solicitante calificar el servicio'), 30_000);
    expect(visibleText(channelNow.attachments[0]!.content)).toContain('Se envió la encuesta de satisfacción al solicitante.');
    // …and, refreshed for the ASV as Teams does (its refresh action), offers "Record how it went" ("Registrar cómo fue").
    const refreshed = await click(card, 'user-id-2', 'refresh', actionData(channelNow.attachments[0]!.content, 'refresh'));
    expect(visibleText(refreshed.body.value)).toContain('Record how it went');
    const offered = refreshed.body.value;

    const deliveryForm = (await click(card, 'user-id-2', 'open-delivery', actionData(offered, 'open-delivery'))).body.value;
    expect(visibleText(deliveryForm)).toContain(`How the event went — ${request.folio}`);
    expect((inputById(deliveryForm, 'actualStartTime') as { value?: unknown }).value).toBe('10:00');
    expect((inputById(deliveryForm, 'actualEndTime') as { value?: unknown }).value).toBe('11:00');

    const recorded = await click(card, 'user-id-2', 'record-delivery', {
      ...actionData(deliveryForm, 'record-delivery'),
      outcome: 'held-with-incidents',
      actualDate: date,
      actualStartTime: '10:05',
      actualEndTime: '11:00',
      incidentKind1: 'audio',
      incidentText1: 'Eco en la sede remota',
    });
    expect(visibleText(recorded.body.value)).toContain('Held with incidents');
    expect(visibleText(recorded.body.value)).toContain('Audio: Eco en la sede remota');
    const delivered = await composed.desk.requests.get(request.id);
    expect(delivered?.status).toBe('Terminada');
    expect(delivered?.delivery).toMatchObject({ outcome: 'held-with-incidents', incidents: [{ kind: 'audio', text: 'Eco en la sede remota' }] });

    const rated = await click(ratingCard, 'user-id-0', 'rate', { ...actionData(ratingCard.attachments[0]!.content, 'rate'), rating: '5', comment: 'Todo excelente' });
    expect(visibleText(rated.body.value)).toContain('Thank you: we recorded your rating of 5/5.');
    const again = await click(ratingCard, 'user-id-0', 'rate', { ...actionData(ratingCard.attachments[0]!.content, 'rate'), rating: '1' });
    expect(visibleText(again.body.value)).toContain('This request was already rated (5/5): one answer per request.');
    const ratedStored = await composed.desk.requests.get(request.id);
    expect(ratedStored?.rating).toMatchObject({ rating: 5, comment: 'Todo excelente' });
    expect(ratedStored?.history.filter((entry) => entry.kind === 'rate')).toHaveLength(1);
    expect(ratedStored?.history.filter((entry) => entry.kind === 'record-delivery')).toHaveLength(1);

    // The channel card, in Spanish, shows how it went and the rating.
    const closed = await playground.waitForUpdate(card.activityId, (message) => cardText(message).includes('Calificación del solicitante'), 30_000);
    expect(visibleText(closed.attachments[0]!.content)).toContain('Se realizó con incidentes');
    expect(visibleText(closed.attachments[0]!.content)).toContain('Todo excelente');
  }, 90_000);
});
