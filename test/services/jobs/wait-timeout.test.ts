import { afterEach, describe, expect, it } from '@jest/globals';
import { createServiceDesk } from '../../../services/service-desk.js';
import { createLogger } from '../../../services/logging/logger.js';
import { outboxModel } from '../../../services/notifications/outbox-mail-transport.js';
import { systemActor } from '../../../services/requests/role-directory.js';
import { commandId, eventually, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

/** Every day a working day and no holidays, so a business hour is an hour: periods of seconds. */
const shortWaits = (waitSeconds: number) =>
  testConfig({
    BUSINESS_WORKING_DAYS: '1,2,3,4,5,6,7',
    BUSINESS_HOLIDAYS_COUNTRY: 'none',
    WAIT_BUSINESS_HOURS: String(waitSeconds / 3600),
    REMINDER_BUSINESS_HOURS: String(waitSeconds / 7200),
  });

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
const opened: Fixture[] = [];
async function open(label: string, waitSeconds: number): Promise<Fixture> {
  const fixture = await openServiceDesk(import.meta.url, { label, config: shortWaits(waitSeconds) });
  opened.push(fixture);
  return fixture;
}
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

async function pendingRequest(fixture: Fixture, message = 'Falta la dirección IP de la sala remota') {
  const { desk, actor } = fixture;
  const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  const id = registered.request.id;
  await desk.requests.execute(id, { type: 'take' }, actor(people.asv), commandId('take'));
  const asked = await desk.requests.execute(id, { type: 'request-info', message }, actor(people.asv), commandId('ask'));
  if (asked.outcome !== 'applied') throw new Error(asked.outcome);
  return asked.request;
}

describe('the 48-business-hour wait, through agenda on the real server', () => {
  it('(a) fires at the deadline: the request is No Procede and requester, ASV and DAU are told', async () => {
    const fixture = await open('a', 2);
    await fixture.desk.start();
    const pending = await pendingRequest(fixture);
    expect(pending.wait?.deadline.getTime()).toBe(pending.wait!.startedAt.getTime() + 2000);

    const timedOut = await eventually(async () => {
      const current = await fixture.desk.requests.get(pending.id);
      return current?.status === 'No Procede' ? current : undefined;
    });
    const entry = timedOut.history.at(-1)!;
    expect(entry).toMatchObject({ kind: 'wait-timeout', from: 'Pendiente por el usuario', to: 'No Procede', note: 'no-reply-within-deadline' });
    expect(entry.actor.role).toBe('SYSTEM');
    expect(entry.at.getTime()).toBeGreaterThanOrEqual(pending.wait!.deadline.getTime());
    expect(timedOut.wait).toBeNull();

    const outbox = outboxModel(fixture.database.connection);
    const recipients = await eventually(async () => {
      const mails = await outbox.find({ requestId: pending.id }).lean();
      const to = mails.flatMap((mail) => mail.to);
      return ['rosa@uni.example', 'asv@uni.example', 'dau@uni.example'].every((address) =>
        mails.some((mail) => mail.to.includes(address) && /No Procede/.test(mail.subject)),
      )
        ? to
        : undefined;
    });
    expect(recipients).toEqual(expect.arrayContaining(['rosa@uni.example', 'asv@uni.example', 'dau@uni.example']));
  });

  it('(b) a reply before the deadline cancels it: nothing changes at the deadline', async () => {
    const fixture = await open('b', 2);
    await fixture.desk.start();
    const pending = await pendingRequest(fixture);
    const replied = await fixture.desk.requests.execute(
      pending.id,
      { type: 'reply', text: 'La IP es 192.0.2.10, protocolo H.323' },
      fixture.actor(people.requester),
      commandId('reply'),
    );
    expect(replied.outcome).toBe('applied');
    const jobs = fixture.database.connection.collection('agendaJobs');
    await eventually(async () => (await jobs.countDocuments({ 'data.requestId': pending.id })) === 0);

    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = await fixture.desk.requests.get(pending.id);
    expect(after?.status).toBe('En Proceso');
    expect(after?.history.map((entry) => entry.kind)).toEqual(['register', 'take', 'request-info', 'reply']);
    expect(after?.history.at(-1)?.note).toBe('La IP es 192.0.2.10, protocolo H.323');
  });

  it('(c) survives a restart: scheduled by one instance, fired by the next', async () => {
    const fixture = await open('c', 3);
    await fixture.desk.start();
    const pending = await pendingRequest(fixture);
    const jobs = fixture.database.connection.collection('agendaJobs');
    await eventually(async () => (await jobs.countDocuments({ name: 'wait-timeout', 'data.requestId': pending.id })) === 1);
    await fixture.desk.stop();

    const config = shortWaits(3);
    const successor = await createServiceDesk({ config, connection: fixture.database.connection, logger: createLogger('silent'), instanceName: 'successor' });
    await successor.start();
    try {
      const timedOut = await eventually(async () => {
        const current = await successor.requests.get(pending.id);
        return current?.status === 'No Procede' ? current : undefined;
      });
      expect(timedOut.history.at(-1)?.kind).toBe('wait-timeout');
    } finally {
      await successor.stop();
    }
  });

  it('(d) two instances on one database: the transition happens once', async () => {
    const fixture = await open('d', 2);
    const second = await createServiceDesk({
      config: shortWaits(2),
      connection: fixture.database.connection,
      logger: createLogger('silent'),
      instanceName: 'second',
    });
    await Promise.all([fixture.desk.start(), second.start()]);
    try {
      const requests = await Promise.all([pendingRequest(fixture, 'Falta el nombre del programa'), pendingRequest(fixture, 'Falta la hora de prueba')]);
      for (const pending of requests) {
        const timedOut = await eventually(async () => {
          const current = await second.requests.get(pending.id);
          return current?.status === 'No Procede' ? current : undefined;
        });
        expect(timedOut.history.filter((entry) => entry.kind === 'wait-timeout')).toHaveLength(1);
      }
      const outbox = outboxModel(fixture.database.connection);
      for (const pending of requests) {
        await eventually(async () => (await outbox.countDocuments({ requestId: pending.id, to: 'dau@uni.example' })) >= 1);
        expect(await outbox.countDocuments({ requestId: pending.id, to: 'dau@uni.example' })).toBe(1);
      }
    } finally {
      await second.stop();
    }
  });

  it('(e) a second wait after a reply gets a fresh period; the old wait cannot time it out', async () => {
    const fixture = await open('e', 4);
    await fixture.desk.start();
    const first = await pendingRequest(fixture);
    await fixture.desk.requests.execute(first.id, { type: 'reply', text: 'Adjunto los datos' }, fixture.actor(people.requester), commandId('reply'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const again = await fixture.desk.requests.execute(
      first.id,
      { type: 'request-info', message: 'Falta el correo del contacto remoto' },
      fixture.actor(people.asv),
      commandId('ask-again'),
    );
    if (again.outcome !== 'applied') throw new Error(again.outcome);
    const secondWait = again.request.wait!;
    expect(secondWait.waitId).not.toBe(first.wait!.waitId);
    expect(secondWait.deadline.getTime() - secondWait.startedAt.getTime()).toBe(4000);
    expect(secondWait.deadline.getTime()).toBeGreaterThan(first.wait!.deadline.getTime());

    const stale = await fixture.desk.requests.execute(first.id, { type: 'wait-timeout', waitId: first.wait!.waitId }, systemActor, commandId('stale'));
    expect(stale).toMatchObject({ outcome: 'rejected', rejection: { code: 'stale-wait' } });

    const timedOut = await eventually(async () => {
      const current = await fixture.desk.requests.get(first.id);
      return current?.status === 'No Procede' ? current : undefined;
    });
    expect(timedOut.history.at(-1)?.at.getTime()).toBeGreaterThanOrEqual(secondWait.deadline.getTime());
  });

  it('sends the reminder at half the period, once, while the wait is open', async () => {
    const fixture = await open('reminder', 4);
    await fixture.desk.start();
    const pending = await pendingRequest(fixture);
    expect(pending.wait!.remindAt.getTime() - pending.wait!.startedAt.getTime()).toBe(2000);
    const reminded = await eventually(async () => {
      const current = await fixture.desk.requests.get(pending.id);
      return current?.history.some((entry) => entry.kind === 'remind') ? current : undefined;
    });
    expect(reminded.status).toBe('Pendiente por el usuario');
    const outbox = outboxModel(fixture.database.connection);
    await eventually(async () => (await outbox.countDocuments({ requestId: pending.id, subject: /Recordatorio/ })) === 1);
  });
});
