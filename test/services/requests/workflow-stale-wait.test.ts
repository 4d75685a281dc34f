// A timeout or reminder job of a wait that is no longer the current one must change nothing.
import { describe, expect, it, test } from '@jest/globals';
import type { Command, ServiceRequest } from '../../../services/requests/request-types.js';
import { decide } from '../../../services/requests/request-workflow.js';
import { actors, deepFreeze, requestIn, testContext } from '../../support/workflow-fixtures.js';

const jobs = ['wait-timeout', 'remind'] as const;

describe('stale waits', () => {
  const staleIds: Array<[string, (request: ServiceRequest) => string]> = [
    ['an older wait', (request) => String(Number(request.wait!.waitId) - 1)],
    ['a later, unknown wait', (request) => String(Number(request.wait!.waitId) + 1)],
    ['an empty id', () => ''],
    ['the id with extra spaces', (request) => ` ${request.wait!.waitId} `],
  ];

  for (const type of jobs) {
    test.each(staleIds)(`${type} for %s → stale-wait, nothing changes`, (_label, idOf) => {
      const request = deepFreeze(requestIn('Pendiente por el usuario'));
      const before = structuredClone(request);
      const waitId = idOf(request);
      const decision = decide(request, { type, waitId } as Command, actors.SYSTEM, testContext());
      expect(decision).toEqual({ ok: false, rejection: { code: 'stale-wait', waitId } });
      expect(request).toEqual(before);
    });

    it(`${type} while the request (inconsistently) has no open wait → stale-wait`, () => {
      const request = deepFreeze(requestIn('Pendiente por el usuario', { wait: null }));
      const decision = decide(request, { type, waitId: '3' } as Command, actors.SYSTEM, testContext());
      expect(decision).toEqual({ ok: false, rejection: { code: 'stale-wait', waitId: '3' } });
    });

    it(`${type} of the first wait after the requester replied and a second wait began → stale-wait`, () => {
      const context = testContext();
      const first = decide(requestIn('En Proceso'), { type: 'request-info', message: 'uno' }, actors.ASV, context);
      if (!first.ok) throw new Error('request-info refused');
      const firstWaitId = first.next.wait!.waitId;
      const replied = decide(first.next, { type: 'reply', text: 'ok' }, actors.REQUESTER, context);
      if (!replied.ok) throw new Error('reply refused');
      const second = decide(replied.next, { type: 'request-info', message: 'dos' }, actors.ASV, context);
      if (!second.ok) throw new Error('second request-info refused');
      const current = deepFreeze(second.next);

      const stale = decide(current, { type, waitId: firstWaitId } as Command, actors.SYSTEM, context);
      expect(stale).toEqual({ ok: false, rejection: { code: 'stale-wait', waitId: firstWaitId } });

      const live = decide(current, { type, waitId: current.wait!.waitId } as Command, actors.SYSTEM, context);
      expect(live.ok).toBe(true);
    });

    it(`${type} of a wait the requester already answered (request back En Proceso) → not-allowed-from-status`, () => {
      const request = requestIn('Pendiente por el usuario');
      const replied = decide(request, { type: 'reply', text: 'ok' }, actors.REQUESTER, testContext());
      if (!replied.ok) throw new Error('reply refused');
      const decision = decide(deepFreeze(replied.next), { type, waitId: request.wait!.waitId } as Command, actors.SYSTEM, testContext());
      expect(decision).toEqual({ ok: false, rejection: { code: 'not-allowed-from-status', command: type, status: 'En Proceso' } });
    });
  }
});
