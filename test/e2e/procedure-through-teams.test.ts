import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cardText, objectIdOf, showsStatus, startProduct, type RunningProduct } from '../support/bot-fixture.js';
import type { BotMessage } from '../support/playground.js';
import { videoconferenceData } from '../services/forms/form-fixtures.js';
import { formAsCardInputs } from '../support/card-inputs.js';

let product: RunningProduct;
beforeAll(async () => {
  product = await startProduct(import.meta.url);
}, 120_000);
afterAll(async () => product?.stop(), 60_000);

type CardBody = { type: string; value: unknown };
const requestIdIn = (json: string) => /"requestId":"([0-9a-f]{24})"/.exec(json)?.[1];
const folioIn = (json: string) => /(VC|TC|NC|SOL)-\d{4}-\d{4}/.exec(json)?.[0];

async function click(card: BotMessage, fromUserId: string, verb: string, data: Record<string, unknown>) {
  return product.playground.invoke<CardBody>({
    name: 'adaptiveCard/action',
    fromUserId,
    conversationId: card.messageConversationId,
    replyToId: card.activityId,
    value: { action: { type: 'Action.Execute', verb, data } },
  });
}

describe('the whole procedure inside Teams (Agents Playground)', () => {
  let channelCard: BotMessage;
  let requestId: string;
  let folio: string;

  it('lets Help Desk register from the message extension: errors in the same dialog, then the card in the ASV channel', async () => {
    const { playground } = product;
    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'ayuda' });
    await playground.waitForMessage((message) => message.conversationId === playground.ids.personalChatId, 30_000);

    const opened = await playground.invoke<{ task: { type: string; value: { card: { content: unknown } } } }>({
      name: 'composeExtension/fetchTask',
      fromUserId: 'user-id-1',
      conversationId: playground.ids.generalChannelId,
      value: { commandId: 'registrarSolicitud', commandContext: 'compose' },
    });
    expect(opened.status).toBe(200);
    expect(opened.body.task.type).toBe('continue');

    const alex = playground.config.currentUser;
    const form = {
      verb: 'register',
      requesterName: alex.name,
      requesterEmail: alex.email,
      dependenciaName: 'Facultad de Ingeniería',
      siglas: 'f!',
      service: '',
      description: 'Videoconferencia con la Universidad de Salamanca para un examen de grado',
      assigneeId: objectIdOf('user-id-2'),
    };
    const refused = await playground.invoke<{ task: { type: string; value: { card: { content: unknown } } } }>({
      name: 'composeExtension/submitAction',
      fromUserId: 'user-id-1',
      conversationId: playground.ids.generalChannelId,
      value: { commandId: 'registrarSolicitud', data: form },
    });
    expect(refused.body.task.type).toBe('continue');
    const refusedCard = JSON.stringify(refused.body.task.value.card.content);
    expect(refusedCard).toMatch(/Escriba las siglas|Write the acronym/);
    expect(refusedCard).toContain('Universidad de Salamanca');

    const registered = await playground.invoke<{ composeExtension: { type: string; attachments: Array<{ content: unknown }> } }>({
      name: 'composeExtension/submitAction',
      fromUserId: 'user-id-1',
      conversationId: playground.ids.generalChannelId,
      value: { commandId: 'registrarSolicitud', data: { ...form, siglas: 'fi' } },
    });
    expect(registered.body.composeExtension.type).toBe('result');
    const summary = JSON.stringify(registered.body.composeExtension.attachments[0]!.content);
    folio = folioIn(summary)!;
    requestId = requestIdIn(summary)!;
    expect(folio).toMatch(/^SOL-\d{4}-\d{4}$/);

    channelCard = await playground.waitForMessage((message) => message.conversationId === 'team-id' && message.kind === 'create' && cardText(message).includes(folio), 30_000);
    expect(cardText(channelCard)).toContain('Registro');
  }, 90_000);

  it('refuses a requester who tries an ASV action, and nothing changes', async () => {
    const answer = await click(channelCard, 'user-id-0', 'take', { requestId, version: 1 });
    expect(JSON.stringify(answer.body.value)).toMatch(/No tiene permiso|not allowed|permiso/i);
    expect((await product.composed.desk.requests.get(requestId))?.status).toBe('Registro');
  }, 30_000);

  it('lets the ASV take it and ask for information; the requester gets the card in the 1:1 chat and answers', async () => {
    const { playground } = product;
    const taken = await click(channelCard, 'user-id-2', 'take', { requestId, version: 1 });
    expect(JSON.stringify(taken.body.value)).toContain('En Proceso');

    const asked = await click(channelCard, 'user-id-2', 'request-info', { requestId, version: 2, message: 'Falta la dirección IP de la sala remota' });
    expect(JSON.stringify(asked.body.value)).toContain('Pendiente por el usuario');

    const infoCard = await playground.waitForMessage(
      (message) => message.conversationId === playground.ids.personalChatId && cardText(message).includes('Falta la dirección IP'),
      30_000,
    );
    const replied = await click(infoCard, 'user-id-0', 'reply', { requestId, version: 3, text: 'La IP es 192.0.2.10, protocolo H.323' });
    expect(replied.status).toBe(200);

    await playground.waitForMessage((message) => message.conversationId.startsWith('team-id;messageid=') && (message.text ?? '').includes('192.0.2.10'), 30_000);
    // The card was already En Proceso after the take: wait for the update that carries the answer.
    await playground.waitForUpdate(channelCard.activityId, (message) => showsStatus(message, 'En Proceso') && cardText(message).includes('192.0.2.10'), 30_000);
    expect((await product.composed.desk.requests.get(requestId))?.status).toBe('En Proceso');
  }, 90_000);

  it('lets the ASV determine the service, fill the form (an invalid value first), check availability, book and finish; the requester gets the booking', async () => {
    const { playground, composed } = product;
    const version = () => composed.desk.requests.get(requestId).then((request) => request!.version);
    const form = { ...videoconferenceData(), date: '2027-06-07', connectionTestDate: '2027-06-07', localRoom: 'sala-vc-1', extraEquipment: ['camara-ptz-1'], expectedParticipants: 25 };

    const determined = await click(channelCard, 'user-id-2', 'set-service', { requestId, version: await version(), service: 'VC' });
    expect(JSON.stringify(determined.body.value)).toMatch(/Videoconferencia|Videoconference/);
    expect((await composed.desk.requests.get(requestId))?.service).toBe('VC');

    const invalid = await click(channelCard, 'user-id-2', 'save-form', { requestId, version: await version(), ...formAsCardInputs({ ...form, siglas: 'f!' }) });
    const invalidCard = JSON.stringify(invalid.body.value);
    expect(invalidCard).toMatch(/[Ss]iglas/);
    expect(invalidCard).toContain('Universidad de Guadalajara');
    expect((await composed.desk.requests.get(requestId))?.form).toBeNull();

    const saved = await click(channelCard, 'user-id-2', 'save-form', { requestId, version: await version(), ...formAsCardInputs(form) });
    expect(saved.status).toBe(200);
    expect((await composed.desk.requests.get(requestId))?.form?.complete).toBe(true);

    const availability = await click(channelCard, 'user-id-2', 'check-availability', { requestId, version: await version() });
    const availabilityJson = JSON.stringify(availability.body.value);
    expect(availabilityJson).toContain('"verb":"book"');
    const bookAction = /"verb":"book","[^{]*?"data":(\{[^]*?"option":\{[^}]*\}[^}]*\})/.exec(availabilityJson);
    expect(bookAction).not.toBeNull();
    const bookData = JSON.parse(bookAction![1]!) as Record<string, unknown>;
    const booked = await click(channelCard, 'user-id-2', 'book', { ...bookData, version: await version(), staffId: 'tec-ana', notes: 'Conectar 30 min antes' });
    expect(booked.status).toBe(200);
    const request = await composed.desk.requests.get(requestId);
    expect(request?.booking?.title).toBe('FI – Seminario de redes');

    const finished = await click(channelCard, 'user-id-2', 'finish', { requestId, version: request!.version, note: 'Le esperamos en la Sala 1' });
    expect(JSON.stringify(finished.body.value)).toContain('Terminada');
    const notice = await playground.waitForMessage(
      (message) => message.conversationId === playground.ids.personalChatId && cardText(message).includes('FI – Seminario de redes'),
      30_000,
    );

    // The requester's calendar link opens their own booking, not the department's feed.
    const noticeJson = cardText(notice);
    expect(noticeJson).not.toContain('e2e-calendar-feed-token-000');
    const link = /"url":"(http[^"]*\/calendario\/reserva\.ics\?[^"]*)"/.exec(noticeJson)?.[1];
    expect(link).toBeDefined();
    const calendar = await fetch(link!);
    expect(calendar.status).toBe(200);
    const ics = await calendar.text();
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain('SUMMARY:FI – Seminario de redes');
    const forged = new URL(link!);
    forged.searchParams.set('token', 'e2e-calendar-feed-token-000');
    expect((await fetch(forged)).status).toBe(404);
  }, 120_000);

  it('lets only one of two ASVs who take a request at the same moment win; the other sees the current card', async () => {
    const { playground, composed } = product;
    const hd = composed.desk.roles.actorFor({ id: objectIdOf('user-id-1'), name: 'HD' });
    const registered = await composed.desk.requests.register(
      {
        requester: { id: 'x@uni.example', name: 'X', email: 'x@uni.example' },
        dependencia: { name: 'Facultad de Química', siglas: 'FQ' },
        description: 'Teleconferencia con Madrid',
        service: 'TC',
        assignee: { id: objectIdOf('user-id-2'), name: 'Adele Vance' },
      },
      hd,
      'e2e-race-register',
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const card = await playground.waitForMessage((message) => message.conversationId === 'team-id' && cardText(message).includes(registered.request.folio), 30_000);
    const answers = await Promise.all(['user-id-2', 'user-id-4'].map((user) => click(card, user, 'take', { requestId: registered.request.id, version: 1 })));
    const texts = answers.map((answer) => JSON.stringify(answer.body.value));
    expect(texts.every((text) => text.includes('En Proceso'))).toBe(true);
    expect(texts.filter((text) => /cambió mientras tanto|changed meanwhile/.test(text))).toHaveLength(1);
    const stored = await composed.desk.requests.get(registered.request.id);
    expect(stored?.history.filter((entry) => entry.kind === 'take')).toHaveLength(1);
  }, 60_000);
});
