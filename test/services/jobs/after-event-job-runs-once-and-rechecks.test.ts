// The after-event jobs (issue 12 §1): stored once under an id derived from the request and its
// booking when the request is finished, due at the event's end; when they run they go through the
// status machine again (Terminada, the same booking, ended, not rated, the period open), so a job
// stored or run twice asks once, and a reminder after the rating does nothing.
import { afterEach, describe, expect, it } from '@jest/globals';
import { jobsCollection } from '../../../services/jobs/job-scheduler.js';
import { outboxModel } from '../../../services/notifications/outbox-mail-transport.js';
import { endedTerminada } from '../../support/after-event-fixture.js';
import { commandId, eventually, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { historyOf, recordingTeams, settled } from '../inbound-mail/inbound-mail-fixture.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ratingMails(f: Fixture, folio: string): Promise<Array<{ subject: string }>> {
  const outbox = outboxModel(f.database.connection);
  return outbox.find({ folio, subject: /calificaría/ }).lean<Array<{ subject: string }>>();
}

describe('the after-event jobs', () => {
  it('ask for the rating once at the event end, stored or run twice; Teams not reaching the requester, the e-mail asks', async () => {
    fixture = await openServiceDesk(import.meta.url, { label: 'once', teams: recordingTeams() });
    const f = fixture;
    await f.desk.start();
    const request = await endedTerminada(f.desk);
    const data = { requestId: request.id, bookingId: request.booking!.bookingId };

    // The finish effect stored the jobs; stored again (an effect retried, two instances) they stay one each.
    const later = new Date(Date.now() + 3_600_000);
    await Promise.all([f.desk.scheduler.scheduleAfterEvent(data, request.booking!.end, later), f.desk.scheduler.scheduleAfterEvent(data, request.booking!.end, later)]);
    await eventually(async () => (await historyOf(f.desk, request.id, 'ask-rating')).length === 1);
    await settled(f.desk);
    // Scheduled again after it ran (it is removed once done): it runs again and changes nothing.
    await f.desk.scheduler.scheduleAfterEvent(data, request.booking!.end, later);
    await eventually(async () => (await f.database.connection.db!.collection(jobsCollection).countDocuments({ name: 'after-event', 'data.requestId': request.id })) === 0);
    await settled(f.desk);

    const asked = await historyOf(f.desk, request.id, 'ask-rating');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ from: 'Terminada', to: 'Terminada', note: 'rating-requested', actor: { role: 'SYSTEM' } });
    const mails = await ratingMails(f, request.folio);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`¿Cómo calificaría el servicio ${request.folio}?`);
    expect((await f.desk.requests.get(request.id))!.status).toBe('Terminada');
    // The reminder: the one finish stored (5 business days on), and ours, stored once however often it was asked for.
    const reminders = await f.database.connection.db!.collection(jobsCollection).find({ name: 'rating-reminder', 'data.requestId': request.id }).toArray();
    expect(reminders.map((job) => (job.nextRunAt as Date).getTime() === later.getTime())).toEqual(expect.arrayContaining([true, false]));
    expect(reminders).toHaveLength(2);
  });

  it('remind once when not rated, and not at all once rated', async () => {
    fixture = await openServiceDesk(import.meta.url, { label: 'remind', teams: recordingTeams() });
    const f = fixture;
    await f.desk.start();
    const [unrated, rated] = [await endedTerminada(f.desk, 'Clase abierta'), await endedTerminada(f.desk, 'Seminario')];
    const rating = await f.desk.requests.execute(rated.id, { type: 'rate', rating: 4 }, f.actor(people.requester), commandId('rate'));
    expect(rating.outcome).toBe('applied');

    for (const request of [unrated, rated, unrated]) {
      await f.desk.scheduler.scheduleAfterEvent({ requestId: request.id, bookingId: request.booking!.bookingId }, request.booking!.end, new Date(Date.now() + 100));
      await pause(50);
    }
    await eventually(async () => (await f.database.connection.db!.collection(jobsCollection).countDocuments({ name: 'rating-reminder', nextRunAt: { $lte: new Date() } })) === 0);
    await settled(f.desk);

    expect(await historyOf(f.desk, unrated.id, 'remind-rating')).toHaveLength(1);
    expect(await historyOf(f.desk, rated.id, 'remind-rating')).toHaveLength(0);
    expect((await ratingMails(f, unrated.folio)).map((mail) => mail.subject)).toContain(`Recordatorio: ¿Cómo calificaría el servicio ${unrated.folio}?`);
    expect((await ratingMails(f, rated.folio)).filter((mail) => mail.subject.startsWith('Recordatorio'))).toHaveLength(0);
  });
});
