// After the event, in Teams (issue 12 §1): the ASV's channel card offers "Registrar cómo fue" once the
// booked event has ended and opens the delivery form (refused values come back with the reason and
// everything typed); the requester gets the rating card in their 1:1 chat and rates there, once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { BotTeamsNotifier } from '../../bot/teams-notifier.js';
import type { TeamsReferences } from '../../bot/teams-references.js';
import type { AdaptiveCard } from '../../cards/render-card.js';
import type { ServiceDesk } from '../../services/service-desk.js';
import { executeAction, inputById, verbsOf, visibleText } from '../cards/card-assertions.js';
import { sampleRequest } from '../cards/card-fixtures.js';
import { endedTerminada } from '../support/after-event-fixture.js';
import { openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

describe('after the event, in Teams', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('the ASV records how it went from the channel card: the form, a refused value kept, then a correction', async () => {
    const request = await endedTerminada(fixture.desk);
    const bot = botOnDesk(fixture, config);
    const card = { requestId: request.id, version: request.version };

    const channelCard = (await clickCard(bot, people.asv, 'refresh', card)).value as AdaptiveCard;
    expect(verbsOf(channelCard)).toContain('open-delivery');
    expect(visibleText(channelCard)).toContain('Registrar cómo fue');
    // The requester's own view of the card offers nothing of the kind.
    expect(verbsOf((await clickCard(bot, people.requester, 'refresh', card)).value as AdaptiveCard)).not.toContain('open-delivery');

    const form = (await clickCard(bot, people.asv, 'open-delivery', card)).value as AdaptiveCard;
    expect(visibleText(form)).toContain(`Cómo fue el evento — ${request.folio}`);
    expect(inputById(form, 'actualStartTime').value).toBe('10:00');
    expect(inputById(form, 'actualEndTime').value).toBe('11:00');
    const date = inputById(form, 'actualDate').value as string;

    // Held with incidents but none described: the form again, naming what is missing, the values kept.
    const refused = (await clickCard(bot, people.asv, 'record-delivery', { ...executeAction(form, 'record-delivery').data, outcome: 'held-with-incidents', actualDate: date, actualStartTime: '10:05', actualEndTime: '11:00' })).value as AdaptiveCard;
    expect(visibleText(refused)).toContain('Falta un dato obligatorio: los incidentes.');
    expect(inputById(refused, 'actualStartTime').value).toBe('10:05');
    expect(inputById(refused, 'outcome').value).toBe('held-with-incidents');

    const recorded = (await clickCard(bot, people.asv, 'record-delivery', {
      ...executeAction(refused, 'record-delivery').data,
      outcome: 'held-with-incidents',
      actualDate: date,
      actualStartTime: '10:05',
      actualEndTime: '11:00',
      incidentKind1: 'audio',
      incidentText1: 'Eco en la sede remota **fuerte**',
    })).value as AdaptiveCard;
    const shown = visibleText(recorded);
    expect(shown).toContain('Cómo fue el evento');
    expect(shown).toContain('Se realizó con incidentes');
    expect(shown).toContain('Audio: Eco en la sede remota \\*\\*fuerte\\*\\*');

    const stored = (await fixture.desk.requests.get(request.id))!;
    expect(stored.status).toBe('Terminada');
    expect(stored.delivery).toMatchObject({ outcome: 'held-with-incidents', incidents: [{ kind: 'audio', text: 'Eco en la sede remota **fuerte**' }] });

    // A correction supersedes the record; both stay in the history.
    const corrected = (await clickCard(bot, people.asv, 'record-delivery', { requestId: request.id, version: stored.version, outcome: 'held-as-planned', actualDate: date, actualStartTime: '10:00', actualEndTime: '11:00' })).value as AdaptiveCard;
    expect(visibleText(corrected)).toContain('Corrige el registro anterior.');
    const after = (await fixture.desk.requests.get(request.id))!;
    expect(after.delivery).toMatchObject({ outcome: 'held-as-planned', corrects: stored.delivery!.seq });
    expect(after.history.filter((entry) => entry.kind === 'record-delivery')).toHaveLength(2);

    // Not the requester's to record.
    const byRequester = (await clickCard(bot, people.requester, 'record-delivery', { requestId: request.id, outcome: 'not-held' })).value as AdaptiveCard;
    expect(visibleText(byRequester)).toContain('No tiene permiso para registrar cómo fue el evento.');
  });

  it('the requester rates in their chat, once; a second answer is refused as already rated; the ASV cannot rate', async () => {
    const request = await endedTerminada(fixture.desk, 'Clase magistral');
    const bot = botOnDesk(fixture, config);

    const byAsv = (await clickCard(bot, people.asv, 'rate', { requestId: request.id, rating: '5' })).value as AdaptiveCard;
    expect(visibleText(byAsv)).toContain('No tiene permiso para calificar el servicio.');

    const thanks = (await clickCard(bot, people.requester, 'rate', { requestId: request.id, rating: '4', comment: 'Buen servicio' })).value as AdaptiveCard;
    expect(visibleText(thanks)).toContain('Gracias: registramos su calificación de 4/5.');
    expect(verbsOf(thanks)).not.toContain('rate');
    // Teams retrying the same invoke: the same thanks, nothing new.
    expect(visibleText((await clickCard(bot, people.requester, 'rate', { requestId: request.id, rating: '4', comment: 'Buen servicio' })).value)).toContain('4/5');

    const again = (await clickCard(bot, people.requester, 'rate', { requestId: request.id, rating: '1' }, 'en-US')).value as AdaptiveCard;
    expect(visibleText(again)).toContain('This request was already rated (4/5): one answer per request.');
    const stored = (await fixture.desk.requests.get(request.id))!;
    expect(stored.rating).toMatchObject({ rating: 4, comment: 'Buen servicio' });
    expect(stored.history.filter((entry) => entry.kind === 'rate')).toHaveLength(1);

    // A rating that is no rating names the field, and keeps the comment typed.
    const other = await endedTerminada(fixture.desk, 'Otra clase');
    const invalid = (await clickCard(bot, people.requester, 'rate', { requestId: other.id, rating: '7', comment: 'mi comentario' })).value as AdaptiveCard;
    expect(visibleText(invalid)).toContain('la calificación (1 a 5)');
    expect(inputById(invalid, 'comment').value).toBe('mi comentario');

    // The channel card shows the rating.
    expect(visibleText((await clickCard(bot, people.asv, 'refresh', { requestId: request.id, version: stored.version })).value)).toContain('Calificación del solicitante');
  });
});

describe('the rating card in the requester’s 1:1 chat', () => {
  it('is what the survey sends there, in their language: 1 to 5, a comment and the period’s close', async () => {
    const sent: unknown[] = [];
    const adapter = {
      async continueConversationAsync(_appId: string, _reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) {
        await logic({ sendActivity: async (activity: unknown) => (sent.push(activity), { id: `m${sent.length}` }) } as unknown as TurnContext);
      },
    } as unknown as CloudAdapter;
    const references = {
      chatOf: async () => ({ reference: { conversation: { id: 'a:personal-mf' } }, locale: 'en' }),
      objectIdOf: async () => undefined,
    } as unknown as TeamsReferences;
    const end = new Date(Date.now() - 3_600_000);
    const desk = { now: () => new Date(), ratingWindow: (eventEnd: Date) => ({ remindAt: eventEnd, closesAt: new Date(eventEnd.getTime() + 14 * 86_400_000) }) } as unknown as ServiceDesk;
    const notifier = new BotTeamsNotifier({ adapter, references, desk, config: testConfig() });
    const request = sampleRequest({ status: 'Terminada', booking: { bookingId: 'bk-7', title: 'FI – Seminario de redes', start: new Date(end.getTime() - 7_200_000), end, resourceIds: [] } });

    const receipt = await notifier.notifyPerson(request.requester, request, { kind: 'requester', notice: 'rating-request' });

    expect(receipt).toMatchObject({ channel: 'teams' });
    const card = (sent[0] as { attachments: Array<{ content: AdaptiveCard }> }).attachments[0]!.content;
    expect(executeAction(card, 'rate').data).toEqual({ requestId: request.id });
    expect((inputById(card, 'rating') as unknown as { choices: Array<{ value: string }> }).choices.map((choice) => choice.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(visibleText(card)).toContain('Your event "FI – Seminario de redes" has ended.');
    expect(visibleText(card)).toContain('You can answer until');
  });
});
