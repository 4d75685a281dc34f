import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inputById } from '../cards/card-assertions.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import { botOnDesk, invoke } from '../support/test-adapter-bot.js';
import { openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';

/** The registration form's description limit (bot/handlers/message-extension.ts `registerLimits`). */
const DESCRIPTION_LIMIT = 4000;

/**
 * "Registrar solicitud" from a message's "…" menu pre-fills the description with the message's
 * text: its HTML read as text (entities decoded, the mention of the bot left out, paragraphs
 * kept), in time linear in the message, and never longer than the description may be.
 */
describe('Registrar solicitud from a message', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  const openFrom = async (content: string, mentions: unknown[] = []) => {
    const body = await invoke(botOnDesk(fixture, config), people.hd, 'composeExtension/fetchTask', {
      commandId: 'registerRequest',
      commandContext: 'message',
      messagePayload: { body: { contentType: 'html', content }, from: { user: { id: 'u-1', displayName: 'Rosa Quintero' } }, mentions },
    });
    const card = body.task.value.card.content as unknown;
    return String(inputById(card, 'description').value ?? '');
  };

  it('reads the message as text: entities decoded, the bot’s mention left out, other mentions kept, paragraphs on their own lines', async () => {
    const description = await openFrom(
      '<p><at id="0">Mesa VC</at>&nbsp;Necesito una videoconferencia con <at id="1">Luis Pérez</at></p>' +
        '<p>Facultad de Ingeniería &amp; DGTIC el <b>martes</b> de 10 a 12 &lt;urgente&gt;<br>Sala: <a href="https://x.example/sala">sala 3</a></p>',
      [
        { id: 0, mentionText: 'Mesa VC', mentioned: { application: { id: 'bot', displayName: 'Mesa VC', applicationIdentityType: 'bot' } } },
        { id: 1, mentionText: 'Luis Pérez', mentioned: { user: { id: 'u-2', displayName: 'Luis Pérez' } } },
      ],
    );
    expect(description).toBe('Necesito una videoconferencia con Luis Pérez\n\nFacultad de Ingeniería & DGTIC el martes de 10 a 12 <urgente>\nSala: sala 3');
  });

  it.each([
    ['50 000 unclosed tags', '<a'.repeat(50_000)],
    ['one unclosed tag of 100 000 characters', '<a' + ' b'.repeat(50_000)],
  ])('%s take well under half a second', async (_name, content) => {
    await openFrom('<p>calentamiento</p>');
    const started = performance.now();
    const description = await openFrom(content);
    expect(performance.now() - started).toBeLessThan(500);
    expect(description.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
  });

  it('fills the sender’s name and the e-mail the bot knows for them (issue 10 §4)', async () => {
    await new TeamsReferences(fixture.database.connection).rememberEmail('9a1b2c3d-0000-4000-8000-0000000000aa', 'Rosa.Quintero@uni.example');
    const body = await invoke(botOnDesk(fixture, config), people.hd, 'composeExtension/fetchTask', {
      commandId: 'registerRequest',
      commandContext: 'message',
      messagePayload: { body: { contentType: 'text', content: 'Necesito una sala' }, from: { user: { id: '9a1b2c3d-0000-4000-8000-0000000000aa', displayName: 'Rosa Quintero' } } },
    });
    const card = body.task.value.card.content as unknown;
    expect(inputById(card, 'requesterName').value).toBe('Rosa Quintero');
    expect(inputById(card, 'requesterEmail').value).toBe('rosa.quintero@uni.example');
  });

  it('a very long message fills the description up to its limit only', async () => {
    const description = await openFrom(`<p>${'palabra '.repeat(10_000)}</p>`);
    expect(description.length).toBeGreaterThan(DESCRIPTION_LIMIT - 20);
    expect(description.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
    expect(description.startsWith('palabra palabra')).toBe(true);
  });
});
