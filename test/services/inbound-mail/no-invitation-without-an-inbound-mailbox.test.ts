import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigurationError, loadConfig } from '../../../services/config/app-config.js';
import { noticeText, type NoticeSettings } from '../../../services/notifications/notice-texts.js';
import { sampleRequest } from '../../cards/card-fixtures.js';
import { failingMail } from '../../support/failing-mail.js';
import { eventually, openServiceDesk, testConfig } from '../../support/service-desk-fixture.js';
import { pendingRequest } from './inbound-mail-fixture.js';

const pending = sampleRequest({ status: 'Pendiente por el usuario' });
const plain: NoticeSettings = { waitBusinessHours: 48, timeZone: 'America/Mexico_City' };
const withMailbox: NoticeSettings = { ...plain, replyByMail: { tokenFor: (request, waitId) => `${request.folio}.${waitId}.0123456789abcdef0123` } };

function problems(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('the information request without an inbound mailbox', () => {
  it.each(['es', 'en'] as const)('invites an answer in Teams only, with no reference in the subject (%s)', (locale) => {
    for (const notice of ['requester.info-request', 'requester.reminder'] as const) {
      const text = noticeText(notice, pending, locale, plain);
      expect(text.subject).not.toContain('[ref');
      expect(text.replyToken).toBeUndefined();
      expect(text.body).not.toMatch(/correo|e-mail/i);
    }
    expect(noticeText('requester.info-request', pending, locale, plain).body).toContain(locale === 'es' ? 'Responda desde el chat del bot en Microsoft Teams antes del' : "Answer from the bot's chat in Microsoft Teams before");
  });

  it.each(['es', 'en'] as const)('with one, invites a reply to the e-mail and carries the token (%s)', (locale) => {
    const text = noticeText('requester.info-request', pending, locale, withMailbox);
    expect(text.subject).toMatch(/ \[ref VC-2026-0042\.5\.0123456789abcdef0123\]$/);
    expect(text.replyToken).toBe('VC-2026-0042.5.0123456789abcdef0123');
    expect(text.body).toContain(locale === 'es' ? 'respondiendo a este correo' : 'by replying to this e-mail');
    expect(noticeText('requester.reminder', pending, locale, withMailbox).replyToken).toBe('VC-2026-0042.5.0123456789abcdef0123');
    expect(noticeText('requester.in-progress', pending, locale, withMailbox).replyToken).toBeUndefined();
  });

  it('a desk without one reads no mailbox and sends the information request without a token or an invitation to reply by e-mail', async () => {
    const mail = failingMail();
    fixture = await openServiceDesk(import.meta.url, { label: 'none', mail, config: testConfig() });
    const request = await pendingRequest(fixture.desk);

    const sent = await eventually(async () => mail.sent.find((m) => m.subject.includes(request.folio) && /necesita información/.test(m.subject)));

    expect(fixture.desk.inboundMail).toBeUndefined();
    expect(sent.replyToken).toBeUndefined();
    expect(sent.subject).toBe(`Su solicitud ${request.folio} necesita información`);
    expect(sent.text).not.toContain('correo');
    expect(await fixture.database.connection.db!.listCollections({ name: 'inbound_mail_state' }).toArray()).toEqual([]);
  });
});

describe('the inbound mailbox in the configuration', () => {
  it('INBOUND_MAILBOX needs Graph or IMAP_URL to be read', () => {
    expect(problems({ INBOUND_MAILBOX: 'mesa@uni.example' })).toEqual([
      'INBOUND_MAILBOX: is read through Microsoft Graph (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET) or through IMAP (IMAP_URL); configure one',
    ]);
    const graph = loadConfig({ INBOUND_MAILBOX: 'Mesa@Uni.example', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' });
    expect(graph.inbound).toEqual({ address: 'mesa@uni.example', via: 'graph', imap: undefined, pollEveryMs: 30_000 });
    expect(loadConfig({}).inbound).toBeUndefined();
  });

  it('IMAP_URL gives the server, the percent-decoded credentials and the mailbox (INBOX and the TLS port by default)', () => {
    expect(loadConfig({ IMAP_URL: 'imaps://mesa%40uni.example:p%40ss%3Aw0rd@imap.uni.example', INBOUND_POLL_EVERY_MS: '10000' }).inbound).toEqual({
      address: undefined,
      via: 'imap',
      imap: { host: 'imap.uni.example', port: 993, secure: true, user: 'mesa@uni.example', password: 'p@ss:w0rd', mailbox: 'INBOX' },
      pollEveryMs: 10_000,
    });
    expect(loadConfig({ IMAP_URL: 'imap://u:p@127.0.0.1:1143/Respuestas' }).inbound?.imap).toMatchObject({ port: 1143, secure: false, mailbox: 'Respuestas' });
  });

  it('a bad IMAP_URL is reported without repeating it (it holds a password); plain IMAP off loopback is refused in production', () => {
    const missingPassword = problems({ IMAP_URL: 'imaps://mesa@imap.uni.example/INBOX' });
    expect(missingPassword).toEqual(['IMAP_URL: must carry the user and the password (imaps://user:password@host:993/INBOX, percent-encoded)']);
    const wrongScheme = problems({ IMAP_URL: 'pop3://mesa:Secret123@pop.uni.example' });
    expect(wrongScheme.join('\n')).not.toContain('Secret123');
    expect(problems({ NODE_ENV: 'production', IMAP_URL: 'imap://mesa:Secret123@imap.uni.example/INBOX' })).toContain(
      'IMAP_URL: imap:// (no TLS) is only for a server on loopback in production; use imaps://',
    );
  });
});
