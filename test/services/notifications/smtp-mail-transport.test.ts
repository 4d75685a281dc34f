import { afterEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { OutgoingMail } from '../../../services/notifications/notification-ports.js';
import { SmtpMailTransport } from '../../../services/notifications/smtp-mail-transport.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

const servers: SMTPServer[] = [];
const transports: SmtpMailTransport[] = [];

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** A real SMTP server on a free loopback port, keeping every message it accepts. */
async function startServer(options: Partial<SMTPServerOptions> = {}): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((address) => address.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received };
}

function transport(url: string): SmtpMailTransport {
  const created = new SmtpMailTransport({ url, from: 'videoconferencia@drt.example.org' });
  transports.push(created);
  return created;
}

function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body.replace(/=\r\n/g, ''));
  return part.body;
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(index + 1, index + 3))) {
      bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(text[index]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) as text. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_match, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/** The decoded text/plain and text/html parts of a multipart/alternative message. */
function alternatives(message: MimePart): { text: string; html: string } {
  const boundary = /boundary="?([^";]+)"?/.exec(message.headers.get('content-type') ?? '')?.[1];
  expect(message.headers.get('content-type')).toMatch(/^multipart\/alternative/);
  const parts = message.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => parseMime(chunk.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  const byType = (type: string) => parts.find((part) => part.headers.get('content-type')?.startsWith(type));
  expect(byType('text/plain')?.headers.get('content-type')).toMatch(/charset=utf-8/i);
  const lines = (text: string) => text.replace(/\r\n/g, '\n');
  return { text: lines(decodeBody(byType('text/plain')!)), html: lines(decodeBody(byType('text/html')!)) };
}

const mail: OutgoingMail = {
  id: 'effect-17:requester-email',
  requestId: 'req-17',
  folio: 'VC-2026-0017',
  to: ['ana.perez@dependencia.example.org', 'jose.nunez@dependencia.example.org'],
  subject: 'Su solicitud VC-2026-0017 necesita información',
  text: 'Para continuar con su solicitud necesitamos lo siguiente:\n\nLa dirección IP del códec, por favor.\n\nGracias — Año 2026: ñandú, pingüino.',
  locale: 'es',
};

describe('the SMTP mail transport', () => {
  it('sends the subject, a text and an HTML part to every recipient, accents intact', async () => {
    const { url, received } = await startServer();
    const receipt = await transport(url).send(mail);
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.from).toBe('videoconferencia@drt.example.org');
    expect(message!.to).toEqual(mail.to);
    const parsed = parseMime(message!.raw);
    expect(decodeWords(parsed.headers.get('subject')!)).toBe(mail.subject);
    expect(decodeWords(parsed.headers.get('from')!)).toBe(
      'Departamento de Redes y Telecomunicaciones — Servicios de Videoconferencia <videoconferencia@drt.example.org>',
    );
    expect(parsed.headers.get('to')).toBe(mail.to.join(', '));
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const { text, html } = alternatives(parsed);
    expect(text).toContain(mail.text);
    expect(text).toContain('Folio: VC-2026-0017');
    expect(html).toContain('<p style="margin:0 0 16px;');
    expect(html).toContain('La dirección IP del códec, por favor.');
    expect(html).toContain('Gracias — Año 2026: ñandú, pingüino.');
    expect(html).toContain('VC-2026-0017');
    expect(receipt).toEqual({ channel: 'email', reference: `smtp:${parsed.headers.get('message-id')!.replace(/^<|>$/g, '')}` });
    expect(receipt.reference).toMatch(/^smtp:vcsd\.[0-9a-f]{32}@drt\.example\.org$/);
  });

  it('sends the HTML the mail carries, with its text as it is', async () => {
    const { url, received } = await startServer();
    const withHtml: OutgoingMail = { ...mail, html: '<p>Información <b>lista</b></p>' };
    await transport(url).send(withHtml);
    const { text, html } = alternatives(parseMime(received[0]!.raw));
    expect(text.trimEnd()).toBe(mail.text);
    expect(html.trimEnd()).toBe('<p>Información <b>lista</b></p>');
  });

  it('gives every send of the same mail the same Message-ID', async () => {
    const { url, received } = await startServer();
    const sender = transport(url);
    const first = await sender.send(mail);
    const again = await sender.send(mail);
    const other = await sender.send({ ...mail, id: 'effect-18:requester-email' });
    expect(again.reference).toBe(first.reference);
    expect(other.reference).not.toBe(first.reference);
    expect(received.map((message) => parseMime(message.raw).headers.get('message-id'))).toEqual([
      `<${first.reference!.slice('smtp:'.length)}>`,
      `<${first.reference!.slice('smtp:'.length)}>`,
      `<${other.reference!.slice('smtp:'.length)}>`,
    ]);
  });

  it('throws when the server rejects the recipients', async () => {
    const { url, received } = await startServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
      },
    });
    await expect(transport(url).send(mail)).rejects.toThrow();
    expect(received).toHaveLength(0);
  });

  it('throws when no server listens', async () => {
    const { url } = await startServer();
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    await expect(transport(url).send(mail)).rejects.toThrow();
  });
});
