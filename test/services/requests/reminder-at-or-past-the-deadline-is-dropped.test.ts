import { describe, expect, it } from '@jest/globals';
import { decide } from '../../../services/requests/request-workflow.js';
import { systemActor } from '../../../services/requests/role-directory.js';
import { NOW, requestIn, testContext } from '../../support/workflow-fixtures.js';

/**
 * Bug: after a restart, a reminder whose moment had passed ran moments before the timeout, so the
 * requester was reminded (and e-mailed) just before being told the request was No Procede.
 */
describe('a reminder that fires at or after its wait’s deadline', () => {
  const minute = 60_000;
  const waiting = (deadline: Date) =>
    requestIn('Pendiente por el usuario', {
      wait: { waitId: '3', message: 'Falta la dirección de marcación', startedAt: new Date(NOW.getTime() - 48 * 60 * minute), remindAt: new Date(NOW.getTime() - 24 * 60 * minute), deadline },
    });

  it.each([
    ['past the deadline', -minute],
    ['at the deadline', 0],
  ])('is dropped when it runs %s (stale-wait, no effect)', (_label, offset) => {
    const decision = decide(waiting(new Date(NOW.getTime() + offset)), { type: 'remind', waitId: '3' }, systemActor, testContext(NOW));
    expect(decision).toEqual({ ok: false, rejection: { code: 'stale-wait', waitId: '3' } });
  });

  it('is sent when it runs before the deadline, even late', () => {
    const decision = decide(waiting(new Date(NOW.getTime() + minute)), { type: 'remind', waitId: '3' }, systemActor, testContext(NOW));
    expect(decision.ok && decision.effects).toEqual([{ type: 'notify-requester', notice: 'reminder', waitId: '3' }, { type: 'update-channel-card' }]);
  });
});
