import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ADAPTIVE_CARD_CONTENT_TYPE, startEchoBot, type EchoBot } from '../support/echo-bot.js';
import { startPlayground, type Playground } from '../support/playground.js';

/** The driver itself, end to end: the echo bot behind the Agents Playground, no browser. */
describe('Agents Playground driver', () => {
  let bot: EchoBot;
  let playground: Playground;

  beforeAll(async () => {
    bot = await startEchoBot();
    playground = await startPlayground({ botEndpoint: bot.endpoint });
  }, 90_000);

  afterAll(async () => {
    await playground?.stop();
    await bot?.stop();
  }, 30_000);

  const cardText = (content: unknown): string | undefined =>
    (content as { body?: Array<{ text?: string }> } | undefined)?.body?.[0]?.text;

  test('the mock tenant is parsed', () => {
    expect(playground.ids.botId).toBe('00000000-0000-0000-0000-00000000000011');
    expect(playground.ids.teamId).toBe('team-id');
    expect(playground.ids.channelIds).toEqual(['team-id', 'channel-announcements-id']);
    expect(playground.ids.userIds).toEqual(['user-id-0', 'user-id-1', 'user-id-2', 'user-id-3', 'user-id-4', 'user-id-5']);
    expect(playground.ids.personalChatId).toBe(playground.config.personalChat.id);
    expect(existsSync(join(playground.workDir, 'devTools'))).toBe(true);
  });

  test('a personal-chat message gets its echo over the websocket', async () => {
    const sent = await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'hello there' });
    expect(sent.messageId).toEqual(expect.any(String));
    expect(sent.postConversationId).toBeUndefined();

    const echo = await playground.waitForMessage((m) => m.text === 'echo: hello there', 20_000);
    expect(echo.kind).toBe('create');
    expect(echo.conversationId).toBe(playground.ids.personalChatId);
    expect(echo.raw.from.id).toBe(playground.ids.botId);
  }, 30_000);

  test('a channel post with an @mention gets a reply in its thread', async () => {
    const post = await playground.sendMessage({ conversationId: playground.ids.generalChannelId, text: 'channel question' });
    expect(post.postConversationId).toBe(`${playground.ids.generalChannelId};messageid=${post.messageId}`);

    const reply = await playground.waitForMessage((m) => m.text === 'echo: channel question', 20_000);
    expect(reply.conversationId).toBe(post.postConversationId);
    expect(reply.messageConversationId).toBe(post.postConversationId);
    const seen = bot.received.find((a) => a.text?.includes('channel question'));
    expect(seen?.text).toBe('<at>Test Bot</at> channel question');
    expect(seen?.conversationId).toBe(post.postConversationId);
  }, 30_000);

  test('without the @mention the bot is not called in a channel', async () => {
    await playground.sendMessage({ conversationId: playground.ids.generalChannelId, text: 'not for the bot', mentionBot: false });
    await playground.sendMessage({ conversationId: playground.ids.generalChannelId, text: 'for the bot' });
    await playground.waitForMessage((m) => m.text === 'echo: for the bot', 20_000);
    expect(bot.received.some((a) => a.text?.includes('not for the bot'))).toBe(false);
  }, 30_000);

  test('an adaptiveCard/action invoke answers with the bot\'s card', async () => {
    const post = await playground.sendMessage({ conversationId: 'channel-announcements-id', text: 'card Approve?' });
    const card = await playground.waitForMessage((m) => cardText(m.attachments[0]?.content) === 'Approve?', 20_000);
    expect(card.messageConversationId).toBe(post.postConversationId);
    expect(card.attachments[0]?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);

    const answer = await playground.invoke<{ type: string; value: unknown }>({
      name: 'adaptiveCard/action',
      fromUserId: 'user-id-3',
      conversationId: card.messageConversationId,
      replyToId: card.activityId,
      value: { action: { type: 'Action.Execute', verb: 'done', data: { title: 'Approve?' } }, trigger: 'manual' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    // The invoke's sender is the given user (unlike messages, which always come from user-id-0).
    expect(cardText(answer.body.value)).toBe('done by Isaiah Langer');
  }, 30_000);

  test('a refused or failing invoke comes back as status and body', async () => {
    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'card Refuse' });
    const card = await playground.waitForMessage((m) => cardText(m.attachments[0]?.content) === 'Refuse', 20_000);
    const wrongMessage = await playground.invoke({
      name: 'adaptiveCard/action',
      conversationId: card.messageConversationId,
      replyToId: 'no-such-message',
      value: { action: { type: 'Action.Execute', verb: 'done' } },
    });
    expect(wrongMessage).toEqual({ status: 400, body: expect.objectContaining({ code: 'ActivityNotFoundInConversation' }) });

    const botRefuses = await playground.invoke<{ code: string; innerHttpError: { statusCode: number } }>({
      name: 'adaptiveCard/action',
      conversationId: card.messageConversationId,
      replyToId: card.activityId,
      value: { action: { type: 'Action.Submit' } },
    });
    expect(botRefuses.status).toBe(502);
    expect(botRefuses.body.code).toBe('UserBotError');
    expect(botRefuses.body.innerHttpError.statusCode).toBe(400);
  }, 30_000);

  test('updateActivity shows as an updateMessage of the same activity', async () => {
    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'card Draft' });
    const card = await playground.waitForMessage(
      (m) => m.conversationId === playground.ids.personalChatId && cardText(m.attachments[0]?.content) === 'Draft',
      20_000,
    );

    await playground.sendMessage({ conversationId: playground.ids.personalChatId, text: 'update Final' });
    const updated = await playground.waitForUpdate(card.activityId, (m) => cardText(m.attachments[0]?.content) === 'Final', 20_000);
    expect(updated.kind).toBe('update');
    expect(updated.conversationId).toBe(playground.ids.personalChatId);
    expect(updated.attachments[0]?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
  }, 30_000);

  test('sendMessageAs reaches the bot as another user, and the reply comes back', async () => {
    const post = await playground.sendMessage({ conversationId: playground.ids.generalChannelId, text: 'thread start' });
    await playground.waitForMessage((m) => m.text === 'echo: thread start', 20_000);

    await playground.sendMessageAs({ conversationId: post.postConversationId!, fromUserId: 'user-id-2', text: 'as Adele' });
    const reply = await playground.waitForMessage((m) => m.text === 'echo: as Adele', 20_000);
    expect(reply.conversationId).toBe(post.postConversationId);
    const seen = bot.received.find((a) => a.text?.includes('as Adele'));
    expect(seen).toMatchObject({ fromId: 'user-id-2', fromName: 'Adele Vance', fromAadObjectId: '00000000-0000-0000-0000-0000000000022' });
  }, 30_000);

  test('custom activities: a template, sent to the bot', async () => {
    const template = await playground.customActivityTemplate(playground.ids.personalChatId, 'install');
    expect(template).toMatchObject({ type: 'installationUpdate', action: 'add', conversation: { id: playground.ids.personalChatId } });
    const before = bot.received.length;
    await playground.sendCustomActivity(template);
    // The route answers at once and posts to the bot afterwards.
    // (Up to 20 s, as the other waits here: 5 s was short for a loaded CI machine.)
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && !bot.received.slice(before).some((a) => a.type === 'installationUpdate'); ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(bot.received.slice(before).some((a) => a.type === 'installationUpdate')).toBe(true);
    expect(bot.errors).toEqual([]);
  }, 30_000);

  test('stop() ends the process group and removes the working directory', async () => {
    const { pid, workDir } = playground;
    await playground.stop();
    expect(() => process.kill(-pid, 0)).toThrow();
    expect(existsSync(workDir)).toBe(false);
  }, 30_000);
});
