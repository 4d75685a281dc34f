import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { outboxModel } from '../../../services/notifications/outbox-mail-transport.js';
import { requestModels } from '../../../services/store/request-documents.js';
import { commandId, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { testServerUri } from '../../support/test-database.js';

const crashingProcess = fileURLToPath(new URL('../../../dist/test/support/crash-after-write.js', import.meta.url));

describe('a process killed between the write and the dispatch', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { dispatchImmediately: false });
  });
  afterAll(async () => fixture.close());

  it('loses nothing: after restart the change is there and its effects are dispatched', async () => {
    const id = commandId('crash');
    const child = spawnSync(process.execPath, [crashingProcess, testServerUri(), fixture.database.name, id], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain('written');

    const { events } = requestModels(fixture.database.connection);
    const stored = await events.findOne({ commandId: id }).lean();
    expect(stored?.effectsOpen).toBe(true);
    const outbox = outboxModel(fixture.database.connection);
    expect(await outbox.countDocuments({ requestId: stored!.requestId })).toBe(0);

    const swept = await fixture.desk.dispatcher.sweep(0);
    expect(swept).toBeGreaterThanOrEqual(1);

    const mails = await outbox.find({ requestId: stored!.requestId }).lean();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: [people.asv.email], subject: expect.stringMatching(/^Nueva solicitud (VC|SOL)-\d{4}-\d{4} – FI$/) });
    expect((await events.findById(stored!._id).lean())?.effectsOpen).toBe(false);

    const again = await fixture.desk.requests.register(
      { requester: people.requester, dependencia: { name: 'FI', siglas: 'FI' }, description: 'x', assignee: people.asv },
      fixture.actor(people.hd),
      id,
    );
    expect(again.outcome).toBe('duplicate');
    if (again.outcome === 'duplicate') expect(again.request.id).toBe(stored!.requestId);
  });
});
