/**
 * A driver for end-to-end tests through the Microsoft 365 Agents Playground
 * (`@microsoft/m365agentsplayground` 0.2.28), with no browser: it spawns the Playground's CLI
 * against a bot endpoint and speaks the HTTP and websocket routes its web client uses.
 *
 * What the routes accept and return (read from the package's bundle and checked by running it):
 *
 * - `GET /_internal/v1/config` → {@link PlaygroundConfigResponse}. Before answering it waits (wait-on,
 *   15 s at most) until the bot endpoint answers any HTTP status; if the bot never answers it still
 *   answers 200 (and logs "Cannot connect to your app"). `GET /_internal/v1/testConfig` answers the
 *   same at once, without waiting for the bot.
 * - `POST /_conversation/v1/conversations/:conversationId/messages` (a user's message) with
 *   `{ from: { id }, text, textFormat: 'plain' | 'markdown' | 'xml', mentions?: [{ mentioned: { id }, text }] }`
 *   (`textFormat` is REQUIRED with `text`: without it → 400 `{ code: 'BadArgument', message: 'Invalid input' }`),
 *   or `{ from, attachments: [{ contentType, content }], attachmentLayout: 'list' | 'carousel', text? }`.
 *   → 200 {@link CreateMessageResponse} `{ messageId, postConversationId?, timestamp }`. Posting to a
 *   channel id (`team-id`, `channel-announcements-id`) starts a thread: `postConversationId` is
 *   `<channel>;messageid=<messageId>`; posting to that id replies in the thread. The bot only gets
 *   the message in the personal chat or when it is mentioned (`mentions[].mentioned.id` = bot id);
 *   otherwise it is stored and nothing is sent. `from.id` is only checked for membership (unknown
 *   → 400 `UserNotFound`; in the personal chat only `user-id-0`); the activity the bot receives
 *   always comes FROM THE CURRENT USER (`user-id-0`, Alex Wilber). To act as another user use
 *   {@link Playground.sendMessageAs} (a custom activity). Unknown conversation → 404 `ConversationNotFound`.
 * - `POST /_conversation/v1/invoke` with `{ name, from: { id }, conversation: { id }, replyToId, value }`
 *   (`value`: object or string). `name` ∈ {@link InvokeName}; anything else → 400 `BadArgument`.
 *   `adaptiveCard/action` needs `replyToId` = an existing message id of that conversation (the
 *   card's `messageId`; else 400 `ActivityNotFoundInConversation`); the others ignore it.
 *   Unlike messages, the invoke activity's `from` IS the given user (id, name, aadObjectId); it
 *   must belong to the conversation (the personal chat: `user-id-0` only).
 *   Answer 200 with, for `adaptiveCard/action`: `{ type, value }` (the bot's
 *   AdaptiveCardInvokeResponse without `statusCode`; the stored card is replaced by `value` but no
 *   websocket `updateMessage` is sent); for `message/submitAction`: `{ status }`; for the
 *   `composeExtension/*` names: `{ task, composeExtension }`. A bot answering non-2xx → 502
 *   `{ code: 'UserBotError', message: 'Request failed with status code N', innerHttpError: { statusCode, body } }`.
 * - `GET /_internal/v1/customActivities/template?conversationId=…[&type=…]` → an activity template
 *   (`type` ∈ {@link CustomActivityTemplateType}; without `type`: a base activity whose `type` is
 *   `'<custom-activity-type>'`, accepted for a thread id too). Typed templates refuse thread ids
 *   (400 `InvalidConversationType`); channel/team types also refuse chats.
 * - `POST /_internal/v1/customActivities` with any activity → 200 at once (empty body); the activity is
 *   POSTed as-is to the bot afterwards (a bot error is only logged).
 * - Errors on these routes: `{ code, message, innerHttpError? }` with the HTTP status.
 * - Websocket `/_ws_conversation/v1/conversations/stream`: JSON text frames {@link ConversationSocketEvent}:
 *   `{ action: 'createMessage' | 'updateMessage', actionConversationId, message: SocketMessage }` or
 *   `{ action: 'typing', actionConversationId }`. Only what the BOT sends arrives (never the user's own
 *   messages). `actionConversationId` is the conversation shown: for a new channel post made by the
 *   bot it is the channel id and `message.postConversationId` is the new thread; a reply in a
 *   thread has `actionConversationId` = the thread (`team-id;messageid=…`). Frames sent while no
 *   client is connected are buffered and flushed to the next client that connects.
 *   `updateMessage` carries the whole replaced message (same `messageId`). Bot messages also carry
 *   `directLineConversationId`: the conversation id the bot addressed. Message ids are epoch-ms strings.
 *
 * CLI: if the `-p` port is taken it silently listens on another one and prints `Listening on <port>`
 * on stdout (that is the only stdout line when not a TTY; everything else goes to
 * `devTools/m365agentsplayground.log` in its working directory, wiped at start). It listens on
 * all interfaces. It reads `.m365agentsplayground.yml` (or `.teamsapptesttool.yml`) from its working
 * directory if present (a custom tenant), else its built-in one.
 *
 * Processes: the CLI is one node process; it is spawned detached (its own process group) and the
 * group is killed on `stop()` (and, as a last resort, when this process exits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

// ---------------------------------------------------------------------------------------------
// Shapes of the Playground's routes

/** A user of the mock tenant (`user-id-0` … `user-id-5`). The misspelling is the Playground's. */
export interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export interface PlaygroundChannel {
  id: string;
  name: string;
  channelType: string;
}

export interface PlaygroundTeam {
  id: string;
  name: string;
  aadGroupId: string;
  /** The first is General, whose id is the team id. */
  channels: PlaygroundChannel[];
  /** User ids besides the current user. */
  members: string[];
}

export interface PlaygroundGroupChat {
  id: string;
  name: string;
  members: string[];
}

/** The mock tenant (`config` of `GET /_internal/v1/config`). */
export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  /** `user-id-0`: who the Playground's client is; every user message reaches the bot from them. */
  currentUser: PlaygroundUser;
  /** The other users (`user-id-1` … `user-id-5`). */
  users: PlaygroundUser[];
  personalChat: { id: string; name: string };
  groupChats: PlaygroundGroupChat[];
  teams: PlaygroundTeam[];
}

export interface PlaygroundConfigResponse {
  config: PlaygroundConfig;
  internalConfig: {
    locale: string;
    localTimezone: string;
    channelId: string;
    debugConfig?: { eventsRecordingEnabled: boolean; deliveryMode?: string };
    authConfig?: unknown;
  };
}

/** The ids tests use most, taken from {@link PlaygroundConfig}. */
export interface PlaygroundIds {
  tenantId: string;
  botId: string;
  botName: string;
  personalChatId: string;
  groupChatId: string;
  teamId: string;
  /** `team-id` (General). */
  generalChannelId: string;
  /** All channels of the team (General first). */
  channelIds: string[];
  /** `user-id-0` (the current user). */
  currentUserId: string;
  /** `user-id-0` … `user-id-5`. */
  userIds: string[];
}

/** The answer of `POST /_conversation/v1/conversations/:id/messages`. */
export interface CreateMessageResponse {
  messageId: string;
  /** Set when posting to a channel: the new thread, `<channel>;messageid=<messageId>`. */
  postConversationId?: string;
  timestamp: number;
}

export interface MessageAttachment {
  contentType: string;
  content?: unknown;
}

export interface MessageMention {
  mentioned: { id: string };
  text: string;
}

/** Invoke names the Playground forwards (`task/fetch`, `task/submit` are refused). */
export type InvokeName =
  | 'adaptiveCard/action'
  | 'message/submitAction'
  | 'composeExtension/query'
  | 'composeExtension/fetchTask'
  | 'composeExtension/submitAction'
  | 'composeExtension/queryLink'
  | 'composeExtension/anonymousQueryLink';

export type CustomActivityTemplateType =
  | 'install'
  | 'uninstall'
  | 'userAdded'
  | 'userRemoved'
  | 'botAdded'
  | 'botRemoved'
  | 'channelCreated'
  | 'channelRenamed'
  | 'channelDeleted'
  | 'teamRenamed'
  | 'teamDeleted'
  | 'sendEmail'
  | 'mentionInWord';

/** A Bot Framework activity as the Playground builds and accepts it (loosely typed). */
export type PlaygroundActivity = Record<string, unknown> & { type: string };

/** The error body of the Playground's routes. */
export interface PlaygroundErrorBody {
  code: string;
  message: string;
  innerHttpError?: { statusCode: number; body?: unknown };
}

/** `message` of a websocket `createMessage` / `updateMessage` frame. */
export interface SocketMessage {
  messageId: string;
  timestamp: number;
  /** The bot's id for bot messages. */
  from: { id: string };
  text?: string;
  textFormat?: string;
  attachments: MessageAttachment[];
  attachmentLayout: string;
  mentions: unknown[];
  /** Only on `createMessage` of a new channel post: the new thread's conversation id. */
  postConversationId?: string;
  suggestedActions?: unknown;
  aiEntity?: unknown;
  feedbackLoopEnabled?: boolean;
  streamEntity?: unknown;
  directLineConversationId?: string;
}

/** One frame of `/_ws_conversation/v1/conversations/stream`. */
export type ConversationSocketEvent =
  | { action: 'createMessage' | 'updateMessage'; actionConversationId: string; message: SocketMessage }
  | { action: 'typing'; actionConversationId: string };

/** A message the bot sent or replaced, as collected from the websocket. */
export interface BotMessage {
  /** Order of arrival (0-based) among all collected messages. */
  seq: number;
  kind: 'create' | 'update';
  /** `actionConversationId`: the conversation shown (a channel for a new bot post, else where it lives). */
  conversationId: string;
  /**
   * The conversation the message itself lives in: `postConversationId` for a new channel post,
   * else `conversationId`. Use it as `conversation.id` of a card's invoke and for replies.
   */
  messageConversationId: string;
  /** `message.messageId`: the activity id the bot got back (and uses to update). */
  activityId: string;
  text?: string;
  attachments: MessageAttachment[];
  timestamp: number;
  /** `Date.now()` when the frame arrived. */
  receivedAt: number;
  raw: SocketMessage;
}

export interface SendMessageInput {
  conversationId: string;
  /** Default the current user (`user-id-0`). The bot sees the current user whatever this is. */
  fromUserId?: string;
  text: string;
  /**
   * Prefix `<at>Bot name</at> ` and add the mention entity. Default: true except in the personal
   * chat (in channels, threads and group chats the bot only gets messages that mention it).
   */
  mentionBot?: boolean;
  textFormat?: 'plain' | 'markdown' | 'xml';
}

export interface InvokeInput {
  name: InvokeName;
  /** Default the current user. Honoured: the bot sees this user. */
  fromUserId?: string;
  conversationId: string;
  /** Required by `adaptiveCard/action`: the card message's activity id. */
  replyToId?: string;
  value: Record<string, unknown> | string;
}

export interface InvokeResult<Body = unknown> {
  status: number;
  body: Body;
}

export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  botEndpoint: string;
  /** Default: a free port. If it is taken the CLI listens on another one; `Playground.port` is the real one. */
  port?: number;
  /** Working directory (it writes `devTools/m365agentsplayground.log`). Default: a temp dir, removed on stop. */
  workDir?: string;
  /** Fixes the personal chat id (else random at each start). */
  conversationId?: string;
  /** Default 60 000 ms. */
  startTimeoutMs?: number;
  /** The CLI. Default `<cwd>/node_modules/.bin/agentsplayground`. */
  cliPath?: string;
}

export interface Playground {
  /** The CLI's pid (also its process group id). */
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly workDir: string;
  /** `<workDir>/devTools/m365agentsplayground.log`: everything the CLI logs (its console goes there, not to stdout). */
  readonly logFile: string;
  /** The mock tenant. */
  readonly config: PlaygroundConfig;
  readonly ids: PlaygroundIds;
  /** A user's message (see the module comment for who the bot sees). Throws {@link PlaygroundHttpError} on non-2xx. */
  sendMessage(input: SendMessageInput): Promise<CreateMessageResponse>;
  /**
   * A message activity from any tenant user, sent as a custom activity (built from the
   * Playground's template, so ids and channel data are the Playground's). Resolves once the
   * Playground accepted it (it is posted to the bot right after).
   */
  sendMessageAs(input: SendMessageInput & { fromUserId: string }): Promise<void>;
  /** An invoke; resolves with the HTTP status and body whatever they are. */
  invoke<Body = unknown>(input: InvokeInput): Promise<InvokeResult<Body>>;
  /** Posts any activity to the bot through the Playground. */
  sendCustomActivity(activity: PlaygroundActivity): Promise<void>;
  /** The Playground's template of an activity in that conversation (no type: a base activity). */
  customActivityTemplate(conversationId: string, type?: CustomActivityTemplateType): Promise<PlaygroundActivity>;
  /** Everything received on the conversation websocket, typing included. */
  events(): ConversationSocketEvent[];
  /** The bot's created and updated messages so far, in order. */
  messages(): BotMessage[];
  /** The first message (already received or arriving later) matching `predicate`. */
  waitForMessage(predicate: (message: BotMessage) => boolean, timeoutMs?: number): Promise<BotMessage>;
  /** The first `updateMessage` of `activityId` matching `predicate`. */
  waitForUpdate(activityId: string, predicate?: (message: BotMessage) => boolean, timeoutMs?: number): Promise<BotMessage>;
  /** stdout and stderr of the CLI so far (last 64 KB; little: not a TTY, so it logs to {@link logFile}). */
  output(): string;
  /** Kills the process group, closes the websocket, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** A non-2xx answer of a Playground route. */
export class PlaygroundHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'PlaygroundHttpError';
  }
}

const DEFAULT_WAIT_MS = 15_000;
const OUTPUT_LIMIT = 64 * 1024;

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Waits for `promise`, or `ms` at most (the timer is cleared, so nothing is left pending). */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolveTimer) => (timer = setTimeout(resolveTimer, ms)))]);
  clearTimeout(timer);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function ids(config: PlaygroundConfig): PlaygroundIds {
  const team = config.teams[0];
  if (!team) throw new Error('Playground config has no team');
  return {
    tenantId: config.tenantId,
    botId: config.bot.id,
    botName: config.bot.name,
    personalChatId: config.personalChat.id,
    groupChatId: config.groupChats[0]?.id ?? '',
    teamId: team.id,
    generalChannelId: team.channels[0]?.id ?? team.id,
    channelIds: team.channels.map((channel) => channel.id),
    currentUserId: config.currentUser.id,
    userIds: [config.currentUser.id, ...config.users.map((user) => user.id)],
  };
}

function toBotMessage(event: ConversationSocketEvent, seq: number): BotMessage | undefined {
  if (event.action !== 'createMessage' && event.action !== 'updateMessage') return undefined;
  const message = event.message;
  return {
    seq,
    kind: event.action === 'createMessage' ? 'create' : 'update',
    conversationId: event.actionConversationId,
    messageConversationId: message.postConversationId ?? event.actionConversationId,
    activityId: message.messageId,
    text: message.text,
    attachments: message.attachments ?? [],
    timestamp: message.timestamp,
    receivedAt: Date.now(),
    raw: message,
  };
}

function summarise(messages: BotMessage[]): string {
  if (messages.length === 0) return 'no bot messages received';
  return `bot messages received:\n${messages
    .map((m) => `  #${m.seq} ${m.kind} ${m.activityId} in ${m.conversationId}: ${m.text ?? ''} [${m.attachments.length} attachment(s)]`)
    .join('\n')}`;
}

interface Waiter {
  predicate: (message: BotMessage) => boolean;
  resolve: (message: BotMessage) => void;
  reject: (error: Error) => void;
}

/** Collects the conversation websocket's frames from the moment it opens, and serves waiters. */
class SocketCollector {
  readonly events: ConversationSocketEvent[] = [];
  readonly collected: BotMessage[] = [];
  readonly waiters = new Set<Waiter>();

  readonly onFrame = (data: WebSocket.RawData): void => {
    let event: ConversationSocketEvent;
    try {
      event = JSON.parse(data.toString()) as ConversationSocketEvent;
    } catch {
      return;
    }
    this.events.push(event);
    const message = toBotMessage(event, this.collected.length);
    if (!message) return;
    this.collected.push(message);
    for (const waiter of [...this.waiters]) {
      let matches: boolean;
      try {
        matches = waiter.predicate(message);
      } catch (error) {
        this.waiters.delete(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matches) {
        this.waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  };
}

/** Starts the Playground against `botEndpoint` and connects to its websocket. */
export async function startPlayground(options: StartPlaygroundOptions): Promise<Playground> {
  // If the port is taken the CLI silently listens on another one: the port it prints is the truth.
  return startOnce(options, options.port ?? (await freePort()));
}

async function startOnce(options: StartPlaygroundOptions, requestedPort: number): Promise<Playground> {
  const ownDir = !options.workDir;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'agents-playground-'));
  const args = ['-e', options.botEndpoint, '-c', 'msteams', '--disable-telemetry', '-p', String(requestedPort)];
  if (options.conversationId) args.push('--conversation-id', options.conversationId);
  const cli = options.cliPath ?? resolve(process.cwd(), 'node_modules/.bin/agentsplayground');
  const child: ChildProcess = spawn(cli, args, {
    cwd: workDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      // The CLI's own variables (port, conversation id, log file, config path, service URL…) are
      // not inherited: only the arguments above count.
      ...Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !/^(M365_AGENTS_PLAYGROUND_|TEAMSAPPTESTER_|TEAMS_APP_TEST_TOOL_)/.test(key)),
      ),
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    },
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited = false;
  const exit = new Promise<void>((resolveExit) => {
    child.once('exit', () => {
      exited = true;
      resolveExit();
    });
    child.once('error', (error) => {
      append(Buffer.from(`spawn error: ${error.message}\n`));
      exited = true;
      resolveExit();
    });
  });
  const killGroup = (signal: NodeJS.Signals): void => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const killOnExit = (): void => killGroup('SIGKILL');
  process.once('exit', killOnExit);

  let socket: WebSocket | undefined;
  const collector = new SocketCollector();
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      socket?.removeAllListeners('close');
      socket?.terminate();
      killGroup('SIGTERM');
      await within(exit, 5_000);
      if (!exited) {
        killGroup('SIGKILL');
        await within(exit, 5_000);
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      process.removeListener('exit', killOnExit);
      if (ownDir) rmSync(workDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const logFile = join(workDir, 'devTools', 'm365agentsplayground.log');
  const details = (): string => {
    let log = '';
    try {
      log = readFileSync(logFile, 'utf8').slice(-8_000);
    } catch {
      // no log yet
    }
    return `output:\n${output}\nlog (${logFile}):\n${log}`;
  };
  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    // 1. The CLI prints `Listening on <port>` (the requested port, or another if it was taken).
    let port = 0;
    for (;;) {
      const listening = /Listening on (\d+)/.exec(output);
      if (listening) {
        port = Number(listening[1]);
        break;
      }
      if (exited) throw new Error(`agentsplayground exited before listening; ${details()}`);
      if (Date.now() > deadline) throw new Error(`agentsplayground did not start listening; ${details()}`);
      await sleep(50);
    }
    const baseUrl = `http://127.0.0.1:${port}`;
    // The server answers (testConfig answers at once, without waiting for the bot).
    for (;;) {
      if (exited) throw new Error(`agentsplayground exited; ${details()}`);
      if (Date.now() > deadline) throw new Error(`agentsplayground did not answer on ${port}; ${details()}`);
      try {
        const response = await fetch(`${baseUrl}/_internal/v1/testConfig`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) break;
      } catch {
        // not yet
      }
      await sleep(100);
    }
    // 2. The websocket, before anything can be sent.
    socket = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    socket.on('message', collector.onFrame);
    await new Promise<void>((resolveOpen, reject) => {
      socket!.once('open', () => resolveOpen());
      socket!.once('error', reject);
    });
    socket.on('error', () => undefined);
    // 3. The config, which also waits for the bot endpoint.
    const response = await fetch(`${baseUrl}/_internal/v1/config`, {
      signal: AbortSignal.timeout(Math.max(1_000, deadline - Date.now())),
    });
    if (!response.ok) throw new PlaygroundHttpError('GET', '/_internal/v1/config', response.status, await readBody(response));
    const configResponse = (await response.json()) as PlaygroundConfigResponse;
    return createDriver({
      pid: child.pid ?? 0,
      port,
      baseUrl,
      workDir,
      logFile,
      config: configResponse.config,
      collector,
      stop,
      output: () => output,
    });
  } catch (error) {
    await stop();
    throw error;
  }
}

function createDriver(parts: {
  pid: number;
  port: number;
  baseUrl: string;
  workDir: string;
  logFile: string;
  config: PlaygroundConfig;
  collector: SocketCollector;
  stop: () => Promise<void>;
  output: () => string;
}): Playground {
  const { baseUrl, config } = parts;
  const tenant = ids(config);
  const { events, collected, waiters } = parts.collector;

  async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await readBody(response) };
  }

  async function requestOk(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const answer = await request(method, path, body);
    if (answer.status < 200 || answer.status > 299) throw new PlaygroundHttpError(method, path, answer.status, answer.body);
    return answer.body;
  }

  function mentionParts(input: SendMessageInput): { text: string; mentions?: MessageMention[] } {
    const mention = input.mentionBot ?? input.conversationId !== tenant.personalChatId;
    if (!mention) return { text: input.text };
    const tag = `<at>${tenant.botName}</at>`;
    return { text: `${tag} ${input.text}`, mentions: [{ mentioned: { id: tenant.botId }, text: tag }] };
  }

  function waitFor(predicate: (message: BotMessage) => boolean, timeoutMs: number, what: string): Promise<BotMessage> {
    const found = collected.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<BotMessage>((resolveWait, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (message) => {
          clearTimeout(timer);
          resolveWait(message);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ${summarise(collected)}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  const allUsers = [config.currentUser, ...config.users];

  async function sendCustomActivity(activity: PlaygroundActivity): Promise<void> {
    await requestOk('POST', '/_internal/v1/customActivities', activity);
  }

  async function customActivityTemplate(conversationId: string, type?: CustomActivityTemplateType): Promise<PlaygroundActivity> {
    const query = new URLSearchParams({ conversationId, ...(type ? { type } : {}) });
    return (await requestOk('GET', `/_internal/v1/customActivities/template?${query.toString()}`)) as PlaygroundActivity;
  }

  return {
    pid: parts.pid,
    port: parts.port,
    baseUrl,
    workDir: parts.workDir,
    logFile: parts.logFile,
    config,
    ids: tenant,

    async sendMessage(input) {
      const { text, mentions } = mentionParts(input);
      const body = {
        from: { id: input.fromUserId ?? tenant.currentUserId },
        text,
        textFormat: input.textFormat ?? 'plain',
        ...(mentions ? { mentions } : {}),
      };
      const path = `/_conversation/v1/conversations/${encodeURIComponent(input.conversationId)}/messages`;
      return (await requestOk('POST', path, body)) as CreateMessageResponse;
    },

    async sendMessageAs(input) {
      const user = allUsers.find((candidate) => candidate.id === input.fromUserId);
      if (!user) throw new Error(`unknown user ${input.fromUserId}`);
      const template = await customActivityTemplate(input.conversationId);
      const { text, mentions } = mentionParts(input);
      const conversation = (template.conversation ?? {}) as { id?: string; conversationType?: string };
      // In a channel or thread (`<channel>;messageid=…`) Teams puts the team and channel in channelData.
      const channelId = conversation.conversationType === 'channel' ? (conversation.id ?? '').split(';')[0] : undefined;
      const activity: PlaygroundActivity = {
        ...template,
        type: 'message',
        text,
        textFormat: input.textFormat ?? 'plain',
        from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
        locale: 'en-US',
        channelData: {
          tenant: { id: tenant.tenantId },
          ...(channelId
            ? { teamsTeamId: tenant.teamId, teamsChannelId: channelId, team: { id: tenant.teamId }, channel: { id: channelId } }
            : {}),
        },
        entities: [
          ...(mentions ?? []).map((mention) => ({
            type: 'mention',
            mentioned: { id: mention.mentioned.id, name: tenant.botName },
            text: mention.text,
          })),
          { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' },
        ],
      };
      await sendCustomActivity(activity);
    },

    async invoke<Body = unknown>(input: InvokeInput): Promise<InvokeResult<Body>> {
      const answer = await request('POST', '/_conversation/v1/invoke', {
        name: input.name,
        from: { id: input.fromUserId ?? tenant.currentUserId },
        conversation: { id: input.conversationId },
        ...(input.replyToId === undefined ? {} : { replyToId: input.replyToId }),
        value: input.value,
      });
      return { status: answer.status, body: answer.body as Body };
    },

    sendCustomActivity,
    customActivityTemplate,

    events: () => [...events],
    messages: () => [...collected],

    waitForMessage(predicate, timeoutMs = DEFAULT_WAIT_MS) {
      return waitFor(predicate, timeoutMs, 'a matching bot message');
    },

    waitForUpdate(activityId, predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) {
      return waitFor(
        (message) => message.kind === 'update' && message.activityId === activityId && predicate(message),
        timeoutMs,
        `an update of ${activityId}`,
      );
    },

    output: parts.output,

    async stop() {
      for (const waiter of [...waiters]) {
        waiters.delete(waiter);
        waiter.reject(new Error('Playground stopped'));
      }
      await parts.stop();
    },
  };
}
