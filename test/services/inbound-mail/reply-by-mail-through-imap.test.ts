import { afterEach, describe, expect, it } from '@jest/globals';
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createLogger } from '../../../services/logging/logger.js';
import { SmtpMailTransport } from '../../../services/notifications/smtp-mail-transport.js';
import { createServiceDesk, type ServiceDesk } from '../../../services/service-desk.js';
import { eventually, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { deskMailbox, historyOf, pendingRequest, rawMessage, recordingTeams, replyBody, settled } from './inbound-mail-fixture.js';

/** The IMAP account of these tests (the password is what a secret would be: it goes only into IMAP_URL). */
const imapUser = 'mesa.vc';
const imapPassword = 'Imap-Pa55:w/rd';

interface ImapServer {
  port: number;
  append(raw: string): void;
  close(): Promise<void>;
}

/** A hoodiecrow IMAP server on a free loopback port with one empty INBOX and one user. */
async function startImap(): Promise<ImapServer> {
  const server = hoodiecrow({ plugins: ['ID', 'UNSELECT', 'ENABLE'], users: { [imapUser]: { password: imapPassword } }, storage: { INBOX: { messages: [] }, '': {} } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port,
    append: (raw) => server.appendMessage('INBOX', [], new Date(), raw),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An SMTP server keeping the raw messages the desk sends. */
async function startSmtp(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
}

const stops: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function deskOnImap(label: string) {
  const imap = await startImap();
  stops.push(() => imap.close());
  const smtp = await startSmtp();
  stops.push(() => smtp.close());
  const mail = new SmtpMailTransport({ url: smtp.url, from: 'notificaciones@uni.example', replyTo: deskMailbox });
  stops.push(() => mail.close());
  const teams = recordingTeams();
  const config = testConfig({
    IMAP_URL: `imap://${encodeURIComponent(imapUser)}:${encodeURIComponent(imapPassword)}@127.0.0.1:${imap.port}/INBOX`,
    INBOUND_MAILBOX: deskMailbox,
    INBOUND_POLL_EVERY_MS: '3600000',
  });
  const f = await openServiceDesk(import.meta.url, { label, config, teams, mail });
  stops.push(() => f.close());
  return { f, imap, smtp, teams, config };
}

/** The raw info-request mail the desk sent for `folio`. */
async function infoRequestRaw(smtp: { received: string[] }, folio: string): Promise<string> {
  return eventually(async () => smtp.received.find((raw) => header(raw, 'X-Service-Desk-Ref')?.startsWith(`${folio}.`)));
}

describe('answers by e-mail through IMAP', () => {
  it("the requester's reply, matched by its In-Reply-To (the subject edited), moves the request to En Proceso once, stripped, attachments listed; the message is marked \\Seen", async () => {
    const { f, imap, smtp, teams, config } = await deskOnImap('applied');
    const request = await pendingRequest(f.desk);
    const sent = await infoRequestRaw(smtp, request.folio);
    const messageId = header(sent, 'Message-ID')!;
    expect(messageId).toMatch(new RegExp(`^<vcsd\\.[0-9a-f]{32}\\.${request.folio}\\.${request.wait!.waitId}\\.[0-9a-f]{20}@uni\\.example>$`));
    expect(header(sent, 'Reply-To')).toBe(deskMailbox);

    const raw = await rawMessage({
      from: `"Mesa de Servicios" <${people.requester.email.toUpperCase()}>`,
      subject: 'Re: la sala',
      messageId: '<imap-reply-1@uni.example>',
      inReplyTo: messageId,
      references: messageId,
      text: replyBody('Seremos 25 personas en la sala 3.\nLlevamos laptop.', 'Para continuar con su solicitud necesitamos lo siguiente:\n¿Cuántas personas?'),
      attachments: [
        { filename: 'lista de asistentes.xlsx', content: 'x' },
        { filename: 'logo.png', content: 'png', cid: 'logo@uni' },
      ],
    });
    imap.append(raw);

    expect(await f.desk.inboundMail!.pollOnce()).toEqual({ read: 1, resumed: 0 });
    await settled(f.desk);

    const now = (await f.desk.requests.get(request.id))!;
    expect(now.status).toBe('En Proceso');
    const replies = await historyOf(f.desk, request.id, 'reply');
    expect(replies.map((entry) => entry.note)).toEqual(['Seremos 25 personas en la sala 3.\nLlevamos laptop.\n\nAdjuntos (en el buzón de la mesa): lista de asistentes.xlsx, logo.png']);
    expect(replies[0]!.actor.role).toBe('REQUESTER');
    expect(teams.posts.map((post) => post.topic)).toEqual(['requester-reply']);

    // Marked \Seen; the same message delivered again (a new UID) and two instances polling at once: applied once.
    imap.append(raw);
    const second: ServiceDesk = await createServiceDesk({ config, connection: f.database.connection, logger: createLogger('silent'), teams, instanceName: 'second-instance' });
    stops.push(() => second.stop());
    await Promise.all([f.desk.inboundMail!.pollOnce(), second.inboundMail!.pollOnce()]);
    await settled(f.desk);
    expect(await historyOf(f.desk, request.id, 'reply')).toHaveLength(1);
    expect(teams.posts).toHaveLength(1);

    const client = new ImapFlow({ host: '127.0.0.1', port: imap.port, secure: false, auth: { user: imapUser, pass: imapPassword }, logger: false });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const flags: string[][] = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true })) flags.push([...(message.flags ?? [])]);
    lock.release();
    await client.logout();
    expect(flags).toEqual([['\\Seen'], ['\\Seen']]);
    const state = await f.database.connection.db!.collection('inbound_mail_state').findOne({ _id: `imap:${imapUser}@127.0.0.1:${imap.port}/INBOX` as never });
    expect(state).toMatchObject({ lastUid: 2 });
  });

  it("a stranger's reply is shown to the ASV and changes nothing; a later round does not read it again", async () => {
    const { f, imap, smtp, teams } = await deskOnImap('stranger');
    const request = await pendingRequest(f.desk);
    const sent = await infoRequestRaw(smtp, request.folio);
    imap.append(
      await rawMessage({
        from: `"${people.requester.name}" <${people.stranger.email}>`,
        subject: `Re: ${header(sent, 'Subject')}`,
        messageId: '<imap-stranger@uni.example>',
        inReplyTo: header(sent, 'Message-ID')!,
        text: 'Cancelen todo.',
      }),
    );

    await f.desk.inboundMail!.pollOnce();
    expect(await f.desk.inboundMail!.pollOnce()).toEqual({ read: 0, resumed: 0 });
    await settled(f.desk);

    const now = (await f.desk.requests.get(request.id))!;
    expect(now.status).toBe('Pendiente por el usuario');
    expect(now.version).toBe(request.version);
    expect(teams.posts).toEqual([
      expect.objectContaining({ topic: 'mail-not-applied', text: expect.stringContaining(`Respuesta por correo de ${people.stranger.email}, no aplicada`) as unknown as string }),
    ]);
  });

  it('a server that refuses the login is a failed round, named without the password in its log lines', async () => {
    const imap = await startImap();
    stops.push(() => imap.close());
    const lines: string[] = [];
    const config = testConfig({ IMAP_URL: `imap://${imapUser}:wrong-${encodeURIComponent(imapPassword)}@127.0.0.1:${imap.port}/INBOX`, LOG_LEVEL: 'debug' });
    const f = await openServiceDesk(import.meta.url, { label: 'refused', config });
    stops.push(() => f.close());
    const desk = await createServiceDesk({ config, connection: f.database.connection, logger: createLogger('debug', (line) => lines.push(line)), instanceName: 'logged' });
    stops.push(() => desk.stop());

    const round = await desk.inboundMail!.pollOnce();

    expect(round.error).toMatch(new RegExp(`IMAP imap://${imapUser}@127\\.0\\.0\\.1:${imap.port}/INBOX: cannot connect and log in`));
    expect(lines.some((line) => line.includes('reading IMAP'))).toBe(true);
    expect(lines.join('\n')).not.toContain(imapPassword);
    expect(lines.join('\n')).not.toContain(encodeURIComponent(imapPassword));
  });
});
