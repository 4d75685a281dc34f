import type { AddressInfo } from 'node:net';
import restify from 'restify';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { answerStatus } from '../../bot/http/http-answers.js';
import { readJsonBody } from '../../bot/http/json-body.js';
import { MAX_ACTIVITY_BYTES } from '../../bot/http/message-route.js';

/**
 * A minimal bot for driving the Agents Playground (and the benchmark's baseline bot). It understands:
 * - `card <title>`: sends an Adaptive Card (1.5) with an `Action.Execute` button (verb `done`) and
 *   remembers its activity id as the conversation's last card;
 * - `update <text>`: replaces the conversation's last card in place (`context.updateActivity`) with
 *   a card saying `<text>`; answers `no card to update` when there is none;
 * - anything else: answers `echo: <text>` (the bot's @mention removed first).
 * An `adaptiveCard/action` invoke is answered with `{ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive',
 * value: <card "<verb> by <user name>"> }`.
 */
export interface EchoBot {
  /** `http://127.0.0.1:<port>/api/messages` */
  endpoint: string;
  port: number;
  /** Every activity the bot received, in order (its type, name, text and sender). */
  received: ReceivedActivity[];
  /** Errors the turns threw (the adapter answers them with 500). */
  errors: Error[];
  stop(): Promise<void>;
}

export interface ReceivedActivity {
  type: string;
  name?: string;
  text?: string;
  conversationId: string;
  fromId: string;
  fromName?: string;
  fromAadObjectId?: string;
  value?: unknown;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The card the echo bot sends and answers with: a title, and (unless `final`) an `Action.Execute` button. */
export function echoCard(title: string, options: { final?: boolean } = {}): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: title, wrap: true }],
    actions: options.final ? [] : [{ type: 'Action.Execute', title: 'Done', verb: 'done', data: { title } }],
  };
}

class EchoHandler extends ActivityHandler {
  /** Last card sent per conversation id: activity id. */
  private readonly lastCard = new Map<string, string>();

  constructor(private readonly received: ReceivedActivity[]) {
    super();
    this.onTurn(async (context, next) => {
      const activity = context.activity;
      this.received.push({
        type: activity.type,
        name: activity.name,
        text: activity.text,
        conversationId: activity.conversation.id,
        fromId: activity.from.id,
        fromName: activity.from.name,
        fromAadObjectId: activity.from.aadObjectId,
        value: activity.value,
      });
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
      const conversationId = context.activity.conversation.id;
      if (/^card\b/i.test(text)) {
        const title = text.slice(4).trim() || 'Card';
        const sent = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(echoCard(title))] });
        if (sent?.id) this.lastCard.set(conversationId, sent.id);
      } else if (/^update\b/i.test(text)) {
        const id = this.lastCard.get(conversationId);
        if (!id) {
          await context.sendActivity('no card to update');
        } else {
          await context.updateActivity({
            id,
            type: 'message',
            conversation: context.activity.conversation,
            attachments: [CardFactory.adaptiveCard(echoCard(text.slice(6).trim() || 'Updated', { final: true }))],
          });
        }
      } else {
        await context.sendActivity(`echo: ${text}`);
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const who = context.activity.from.name ?? context.activity.from.id;
    return {
      statusCode: 200,
      type: ADAPTIVE_CARD_CONTENT_TYPE,
      value: echoCard(`${invokeValue.action.verb} by ${who}`, { final: true }),
    };
  }
}

/** Starts the echo bot on 127.0.0.1 (`port` 0 or absent: a free port). No authentication. */
export async function startEchoBot(port = 0): Promise<EchoBot> {
  const received: ReceivedActivity[] = [];
  const errors: Error[] = [];
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => {
    errors.push(error);
    throw error;
  };
  const bot = new EchoHandler(received);
  const server = restify.createServer({ name: 'echo-bot' });
  server.post('/api/messages', async (request, response) => {
    const body = await readJsonBody(request, MAX_ACTIVITY_BYTES);
    if (!body.ok) return answerStatus(response, body.status);
    request.body = body.value;
    await adapter.process(request, response, (context) => bot.run(context));
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${actualPort}/api/messages`,
    port: actualPort,
    received,
    errors,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      });
      return stopped;
    },
  };
}
