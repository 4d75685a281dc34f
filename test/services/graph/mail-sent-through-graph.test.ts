import { afterEach, describe, expect, it } from '@jest/globals';
import { GraphCallError } from '../../../services/graph/graph-call-error.js';
import { GraphMailTransport } from '../../../services/graph/graph-mail-transport.js';
import type { OutgoingMail } from '../../../services/notifications/notification-ports.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

const desk = 'mesa.vc@uni.example';

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    id: 'effect-1:email',
    requestId: 'req-1',
    folio: 'VC-2026-0001',
    to: ['asv@uni.example'],
    subject: 'VC-2026-0001: nueva solicitud',
    text: 'Folio <VC-2026-0001> & más\nsegunda línea\n\nOtro párrafo',
    locale: 'es',
    ...overrides,
  } as OutgoingMail;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('mail through Graph sendMail', () => {
  it.each([3, 0])('is tried once per send (client maxRetries %i): two 503 are thrown for the effects retry, the third send delivers once', async (maxRetries) => {
    harness = await openGraph({ client: { maxRetries } });
    harness.fixture.addMailboxes(desk);
    harness.fixture.failNext('/sendMail', [{ status: 503 }, { status: 503 }]);
    const transport = new GraphMailTransport(harness.graph, desk);

    const first = await failure(transport.send(mail()));
    const second = await failure(transport.send(mail()));
    const receipt = await transport.send(mail());

    expect(first).toBeInstanceOf(GraphCallError);
    expect(first).toMatchObject({ status: 503 });
    expect((second as Error).message).toMatch(/sendMail as mesa\.vc@uni\.example .*failed \(503 ServiceUnavailable\)/);
    expect(receipt).toEqual({ channel: 'email', reference: 'graph:sendMail' });
    expect(harness.fixture.callsTo('/sendMail').map((call) => call.status)).toEqual([503, 503, 202]);
    expect(harness.fixture.sentMail).toHaveLength(1);
  });

  it('sends the text escaped into HTML paragraphs, to every recipient, saved to Sent Items', async () => {
    harness = await openGraph();
    harness.fixture.addMailboxes(desk);

    await new GraphMailTransport(harness.graph, desk).send(mail({ to: ['asv@uni.example', 'asv2@uni.example'] }));

    expect(harness.fixture.sentMail).toEqual([
      {
        from: desk,
        saveToSentItems: true,
        message: {
          subject: 'VC-2026-0001: nueva solicitud',
          body: { contentType: 'HTML', content: '<p>Folio &#60;VC-2026-0001&#62; &#38; más<br>\nsegunda línea</p>\n<p>Otro párrafo</p>' },
          toRecipients: [{ emailAddress: { address: 'asv@uni.example' } }, { emailAddress: { address: 'asv2@uni.example' } }],
          internetMessageHeaders: [{ name: 'X-Service-Desk-Mail-Id', value: 'effect-1:email' }],
        },
      },
    ]);
  });

  it('sends the HTML body when the mail has one', async () => {
    harness = await openGraph();
    harness.fixture.addMailboxes(desk);

    await new GraphMailTransport(harness.graph, desk).send(mail({ html: '<h1>Solicitud</h1>' }));

    expect(harness.fixture.sentMail[0]?.message.body).toEqual({ contentType: 'HTML', content: '<h1>Solicitud</h1>' });
  });
});
