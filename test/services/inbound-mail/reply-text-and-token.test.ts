import { describe, expect, it } from '@jest/globals';
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { BotTeamsNotifier } from '../../../bot/teams-notifier.js';
import type { TeamsReferences } from '../../../bot/teams-references.js';
import { decideInbound, replyText } from '../../../services/inbound-mail/inbound-mail-service.js';
import { answerOf, attachmentNames, isAutomatic, mailAddress, type InboundMessage } from '../../../services/inbound-mail/inbound-message.js';
import { findReplyTokens, ReplyTokens } from '../../../services/inbound-mail/reply-token.js';
import { commandTextLimits } from '../../../services/requests/command-input.js';
import type { ServiceDesk } from '../../../services/service-desk.js';
import { sampleRequest } from '../../cards/card-fixtures.js';
import { testConfig } from '../../support/service-desk-fixture.js';

const tokens = new ReplyTokens(Buffer.alloc(32, 7));
const pending = sampleRequest({ status: 'Pendiente por el usuario' });

function message(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    key: 'mail:m1@uni.example',
    source: 'graph',
    from: pending.requester.email,
    subject: 'RE: x',
    tokenTexts: [],
    answer: 'Somos 25.',
    tooLarge: false,
    attachments: [],
    automatic: false,
    ...overrides,
  };
}

describe('the answer in a reply', () => {
  it.each([
    ['Gmail (es)', 'Somos 25.\n\nEl lun, 9 mar 2026 a las 10:00, Mesa <mesa@uni.example> escribió:\n> ¿Cuántos?\n'],
    ['Gmail (en)', 'Somos 25.\n\nOn Mon, Mar 9, 2026 at 10:00 AM Mesa <mesa@uni.example> wrote:\n> How many?\n'],
    ['Outlook (es)', 'Somos 25.\n\n________________________________\nDe: Mesa <mesa@uni.example>\nEnviado: lunes, 9 de marzo de 2026 10:00\nPara: Rosa\nAsunto: Su solicitud necesita información\n\n¿Cuántos?'],
    ['Outlook (en)', 'Somos 25.\n\n-----Original Message-----\nFrom: Mesa\nSent: Monday\nTo: Rosa\nSubject: x\n\nHow many?'],
    ['a signature', 'Somos 25.\n\n-- \nRosa Quintero\nExt. 1234'],
    ['a phone signature', 'Somos 25.\n\nEnviado desde mi iPhone'],
  ])('keeps the answer and drops the quoted history / signature: %s', (_client, text) => {
    expect(answerOf({ text })).toEqual({ answer: 'Somos 25.', tooLarge: false });
  });

  it('reads an HTML-only body as text, and drops control and bidirectional-override characters', () => {
    expect(answerOf({ html: '<p>Somos <b>25</b>&nbsp;personas</p><p>Sala&#160;3 \u202Egnp.exe</p>' }).answer).toBe('Somos 25 personas\n\nSala 3 gnp.exe');
    expect(answerOf({ text: 'a\u0000b\u0007c\r\nd' }).answer).toBe('abc\nd');
  });

  it('does not read a body beyond 200 000 characters, and reads a hostile one in linear time', () => {
    expect(answerOf({ text: 'x'.repeat(200_001) })).toEqual({ answer: '', tooLarge: true });
    // Without the line breaking, email-reply-parser takes over ten seconds on the first (quadratic in a line's length).
    for (const hostile of [{ text: 'On '.repeat(66_000) }, { text: 'El lun, 9 mar 2026 a las 10:00, '.repeat(6_000) }, { text: 'a@b.c <'.repeat(28_000) }, { html: `<p>${'On '.repeat(66_000)}</p>` }, { html: '<a'.repeat(90_000) }]) {
      const started = Date.now();
      expect(answerOf(hostile).tooLarge).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_500);
    }
  });

  it('the reply command text holds the answer and the attachments within the command limit', () => {
    expect(replyText('Somos 25.', ['plano.pdf', 'lista.xlsx'])).toBe('Somos 25.\n\nAdjuntos (en el buzón de la mesa): plano.pdf, lista.xlsx');
    const long = replyText('x'.repeat(10_000), ['plano.pdf']);
    expect(long.length).toBeLessThanOrEqual(commandTextLimits.text);
    expect(long).toMatch(/x…\n\nAdjuntos \(en el buzón de la mesa\): plano\.pdf$/);
    expect(replyText('', ['plano.pdf'])).toBe('Adjuntos (en el buzón de la mesa): plano.pdf');
  });

  it('attachment names are one line each, bounded, at most twenty listed', () => {
    expect(attachmentNames(['a\r\nb.pdf', '  ', null, 'c.pdf'])).toEqual(['a b.pdf', 'c.pdf']);
    expect(attachmentNames(Array.from({ length: 25 }, (_, n) => `f${n}.txt`)).at(-1)).toBe('(+5)');
    expect(attachmentNames(['n'.repeat(500)])[0]).toHaveLength(120);
  });

  it('addresses are compared lower-case; a display name or a list is not an address', () => {
    expect(mailAddress(' Rosa@UNI.example ')).toBe('rosa@uni.example');
    expect(mailAddress('Rosa <rosa@uni.example>')).toBeUndefined();
    expect(mailAddress('a@b.example, c@d.example')).toBeUndefined();
  });

  it('out-of-office answers, bounces and list mail are automatic', () => {
    const headers = (entries: Record<string, string>) => (name: string) => entries[name];
    expect(isAutomatic(headers({ 'auto-submitted': 'auto-replied' }), 'rosa@uni.example')).toBe(true);
    expect(isAutomatic(headers({ 'auto-submitted': 'no' }), 'rosa@uni.example')).toBe(false);
    expect(isAutomatic(headers({ precedence: 'bulk' }), 'rosa@uni.example')).toBe(true);
    expect(isAutomatic(headers({ 'content-type': 'multipart/report; report-type=delivery-status' }), 'rosa@uni.example')).toBe(true);
    expect(isAutomatic(headers({}), 'MAILER-DAEMON@uni.example')).toBe(true);
    expect(isAutomatic(headers({}), 'rosa@uni.example')).toBe(false);
  });
});

describe('the reply token', () => {
  it('names the folio and the wait, and only the server secret makes a valid one', () => {
    const token = tokens.tokenFor(pending, '5');
    expect(token).toMatch(/^VC-2026-0042\.5\.[0-9a-f]{20}$/);
    const [found] = findReplyTokens([`RE: Su solicitud VC-2026-0042 necesita información [ref ${token}]`]);
    expect(tokens.verify(found!, pending)).toBe(true);
    expect(tokens.verify({ ...found!, mac: '0'.repeat(20) }, pending)).toBe(false);
    expect(tokens.verify({ ...found!, waitId: '6' }, pending)).toBe(false);
    expect(tokens.verify(found!, { ...pending, id: 'another-request' })).toBe(false);
    expect(new ReplyTokens(Buffer.alloc(32, 8)).verify(found!, pending)).toBe(false);
  });

  it('is found in a Message-ID of References as well as in the subject, each once', () => {
    const token = tokens.tokenFor(pending, '5');
    const found = findReplyTokens([`<vcsd.0123abcd.${token}@uni.example>`, `<a@b> <vcsd.0123abcd.${token}@uni.example>`, `RE: [ref ${token}]`]);
    expect(found).toEqual([{ folio: 'VC-2026-0042', waitId: '5', mac: token.split('.').at(-1) }]);
    expect(findReplyTokens(['RE: Su solicitud VC-2026-0042 necesita información'])).toEqual([]);
  });
});

describe('what a reply does (decideInbound)', () => {
  const own = new Set(['mesa.vc@uni.example']);
  const matched = { request: pending, waitId: '5' };
  it.each([
    ['the requester, open wait', message(), matched, { action: 'apply', text: 'Somos 25.' }],
    ['the requester, address in capitals', message({ from: 'MF.ORTIZ@ingenieria.unam.mx'.toLowerCase() }), matched, { action: 'apply', text: 'Somos 25.' }],
    ['another sender', message({ from: 'x@uni.example' }), matched, { action: 'show', reason: 'not-requester' }],
    ['no usable sender', message({ from: undefined }), matched, { action: 'show', reason: 'not-requester' }],
    ['an earlier wait', message(), { request: pending, waitId: '3' }, { action: 'show', reason: 'wait-closed' }],
    ['a request no longer waiting', message(), { request: sampleRequest({ status: 'En Proceso' }), waitId: '5' }, { action: 'show', reason: 'wait-closed' }],
    ['no text, no attachments', message({ answer: '' }), matched, { action: 'show', reason: 'empty' }],
    ['too large', message({ tooLarge: true, answer: '' }), matched, { action: 'show', reason: 'too-large' }],
    ['no valid token', message(), undefined, { action: 'ignore', reason: 'no-token' }],
    ['an auto-reply', message({ automatic: true }), matched, { action: 'ignore', reason: 'automatic' }],
    ["the desk's own mail", message({ from: 'mesa.vc@uni.example' }), matched, { action: 'ignore', reason: 'own-mail' }],
  ] as const)('%s', (_case, inbound, found, expected) => {
    expect(decideInbound(inbound, found, own)).toEqual(expected);
  });
});

describe("a reply that is not applied, in the request's thread", () => {
  it('shows what the sender wrote literally (no Markdown, no links, no mentions)', async () => {
    const sent: unknown[] = [];
    const adapter = {
      async continueConversationAsync(_appId: string, _reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) {
        await logic({ sendActivity: async (activity: unknown) => (sent.push(activity), { id: 'm1' }) } as unknown as TurnContext);
      },
    } as unknown as CloudAdapter;
    const references = { thread: async () => ({ channelConversationId: '19:asv@thread.tacv2', cardActivityId: 'card-1', serviceUrl: 'https://smba.example' }) } as unknown as TeamsReferences;
    const notifier = new BotTeamsNotifier({ adapter, references, desk: {} as ServiceDesk, config: testConfig() });

    await notifier.postThreadReply(pending, 'Respuesta por correo de x@uni.example, no aplicada: …\n\n**urgente** [clic](https://evil.example) <at>Jefe</at>', 'mail-not-applied');

    expect(sent).toEqual([String.raw`Respuesta por correo de x@uni.example, no aplicada: …` + '\n\n' + String.raw`\*\*urgente\*\* \[clic\](https://evil.example) \<at\>Jefe\</at\>`]);
  });
});
