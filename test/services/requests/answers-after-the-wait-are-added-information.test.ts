import { describe, expect, it, test } from '@jest/globals';
import { requestStatuses } from '../../../services/requests/request-types.js';
import { answerCommand, decide } from '../../../services/requests/request-workflow.js';
import { actors, deepFreeze, requestIn, testContext } from '../../support/workflow-fixtures.js';

describe('an answer from the requester, as the status machine reads it', () => {
  test.each(requestStatuses.map((status) => [status, status === 'Pendiente por el usuario' ? 'reply' : 'add-information'] as const))(
    'in %s it is %s',
    (status, type) => {
      expect(answerCommand(requestIn(status), 'Seremos 40')).toEqual({ type, text: 'Seremos 40' });
    },
  );

  it('adds information to a request no longer waiting: recorded with its text, shown in the thread, the status and the wait untouched', () => {
    const request = deepFreeze(requestIn('En Proceso'));
    const decision = decide(request, { type: 'add-information', text: '  También asistirá el sínodo  ' }, actors.REQUESTER, testContext());
    if (!decision.ok) throw new Error(JSON.stringify(decision.rejection));
    expect(decision.next.status).toBe('En Proceso');
    expect(decision.next.wait).toBeNull();
    expect(decision.entry).toMatchObject({ kind: 'add-information', from: 'En Proceso', to: 'En Proceso', note: 'También asistirá el sínodo', actor: { role: 'REQUESTER' } });
    expect(decision.effects).toEqual([
      { type: 'post-thread-reply', text: 'También asistirá el sínodo', topic: 'requester-reply' },
      { type: 'update-channel-card' },
    ]);
  });

  it('needs the text', () => {
    const decision = decide(requestIn('Espera'), { type: 'add-information', text: '   ' }, actors.REQUESTER, testContext());
    expect(decision).toEqual({ ok: false, rejection: { code: 'missing-input', command: 'add-information', field: 'text' } });
  });

  test.each(['Terminada', 'No Procede', 'Cancelada'] as const)('refuses it once the request has ended (%s)', (status) => {
    const decision = decide(requestIn(status), answerCommand(requestIn(status), 'Tarde'), actors.REQUESTER, testContext());
    expect(decision).toEqual({ ok: false, rejection: { code: 'not-allowed-from-status', command: 'add-information', status } });
  });
});
