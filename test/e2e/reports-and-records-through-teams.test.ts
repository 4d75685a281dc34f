import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cardText, objectIdOf, startProduct, type RunningProduct } from '../support/bot-fixture.js';
import { send } from '../support/http-request.js';
import type { BotMessage } from '../support/playground.js';

let product: RunningProduct;
// The Playground lets only its current user (user-id-0) click in the personal chat, so here the
// head of department is that user (the requester of the request below as well); who else may see
// a report or a record is the authorization matrix's and test/bot's business.
beforeAll(async () => {
  product = await startProduct(import.meta.url, { ROLE_HEAD: objectIdOf('user-id-0') });
}, 120_000);
afterAll(async () => product?.stop(), 60_000);

type CardBody = { type: string; value: unknown };

/** The URL of an Action.OpenUrl titled `title` anywhere in `card`. */
function openUrl(card: unknown, title: string): string {
  const match = new RegExp(`"type":"Action\\.OpenUrl","title":"${title.replace(/[()]/g, '\\$&')}","url":"([^"]+)"`).exec(JSON.stringify(card));
  if (!match) throw new Error(`no link "${title}" in ${JSON.stringify(card).slice(0, 300)}`);
  return match[1]!;
}

describe('reports and records through Teams (Agents Playground)', () => {
  let folio: string;
  let requestId: string;
  let channelCard: BotMessage;

  it('has a request on the ASV channel to report on', async () => {
    const { composed, playground } = product;
    const alex = playground.config.currentUser;
    const registered = await composed.desk.requests.register(
      {
        requester: { id: objectIdOf('user-id-0'), name: alex.name, email: alex.email },
        dependencia: { name: 'Facultad de Ingeniería', siglas: 'FI' },
        description: 'Examen de grado con la Universidad de Salamanca',
        service: 'VC',
        assignee: { id: objectIdOf('user-id-2'), name: 'ASV' },
      },
      composed.desk.roles.actorFor({ id: objectIdOf('user-id-1'), name: 'Help Desk' }),
      'e2e-register-report',
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    folio = registered.request.folio;
    requestId = registered.request.id;
    channelCard = await playground.waitForMessage((message) => message.conversationId === 'team-id' && message.kind === 'create' && cardText(message).includes(folio), 30_000);
  }, 60_000);

  it('gives the head of department the report card with charts in the 1:1 chat, and Download answers with links the bot serves', async () => {
    const { playground } = product;
    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'report' });
    const reportCard = await playground.waitForMessage((message) => message.conversationId === playground.ids.personalChatId && cardText(message).includes('Chart.VerticalBar'), 30_000);
    const text = cardText(reportCard);
    expect(text).toContain('Service report');
    expect(text).toContain('"verb":"report-download"');
    expect(text).toContain('"fallback":{"type":"Container"');

    const data = JSON.parse(/"verb":"report-download","data":(\{[^}]+\})/.exec(text)![1]!) as Record<string, unknown>;
    const answer = await playground.invoke<CardBody>({
      name: 'adaptiveCard/action',
      fromUserId: 'user-id-0',
      conversationId: playground.ids.personalChatId,
      replyToId: reportCard.activityId,
      value: { action: { type: 'Action.Execute', verb: 'report-download', data } },
    });
    expect(answer.status).toBe(200);
    const xlsx = openUrl(answer.body.value, 'Spreadsheet (XLSX)');
    expect(new URL(xlsx).searchParams.get('p')).toBe(objectIdOf('user-id-0'));
    const spreadsheet = await send(xlsx);
    expect(spreadsheet.status).toBe(200);
    expect(spreadsheet.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const csv = await send(openUrl(answer.body.value, 'CSV'));
    expect(csv.body).toContain(folio);
  }, 60_000);

  it('refuses the report to whoever is neither the head nor an ASV', async () => {
    const { playground } = product;
    await playground.sendMessageAs({ conversationId: playground.ids.personalChatId, fromUserId: 'user-id-3', text: 'report month' });
    await playground.waitForMessage((message) => message.conversationId === playground.ids.personalChatId && (message.text ?? '').includes('Only the head of department and the ASVs'), 30_000);
  }, 60_000);

  it("gives the requester their request's record in their chat, as a page and a PDF", async () => {
    const { playground } = product;
    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: `expediente ${folio}` });
    const recordCard = await playground.waitForMessage((message) => message.conversationId === playground.ids.personalChatId && cardText(message).includes(folio) && cardText(message).includes('Action.OpenUrl'), 30_000);
    const page = await send(openUrl(recordCard.attachments[0]!.content, /"title":"View record"/.test(cardText(recordCard)) ? 'View record' : 'Ver expediente'));
    expect(page.status).toBe(200);
    expect(page.body).toContain(folio);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    const pdf = await send(openUrl(recordCard.attachments[0]!.content, /"title":"Download PDF"/.test(cardText(recordCard)) ? 'Download PDF' : 'Descargar PDF'));
    expect(pdf.status).toBe(200);
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
  }, 60_000);

  it('answers Expediente on the channel card with the record card for the ASV who clicked', async () => {
    const { playground } = product;
    const answer = await playground.invoke<CardBody>({
      name: 'adaptiveCard/action',
      fromUserId: 'user-id-2',
      conversationId: channelCard.messageConversationId,
      replyToId: channelCard.activityId,
      value: { action: { type: 'Action.Execute', verb: 'record', data: { requestId, version: 1 } } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(answer.body.value);
    expect(card).toContain(folio);
    expect(card).toContain('"verb":"refresh"');
    const link = /"url":"([^"]+expediente[^"]*|[^"]+documentos[^"]+)"/.exec(card)![1]!;
    expect(new URL(link).searchParams.get('p')).toBe(objectIdOf('user-id-2'));
    expect((await send(link)).status).toBe(200);
  }, 60_000);
});
