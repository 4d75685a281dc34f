import { describe, expect, it } from '@jest/globals';
import { renderAssigneeNoticeCard } from '../../cards/assignee-notice-card.js';
import { actionsOf, expectWellFormedCard, verbsOf, visibleText } from './card-assertions.js';
import { sampleRequest } from './card-fixtures.js';

const link = 'https://teams.microsoft.com/l/message/19%3Aasv%40thread.tacv2/1712345678901?parentMessageId=1712345678901';

describe("the ASV's 1:1 notice card", () => {
  it('a timeout, in Spanish: what happened, the request named, no form, the link to the channel card', () => {
    const card = renderAssigneeNoticeCard({ request: sampleRequest({ status: 'No Procede' }), notice: 'timed-out', locale: 'es', waitBusinessHours: 48, cardLink: link });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('La solicitud VC-2026-0042 pasó a No Procede');
    expect(text).toContain('María Fernanda Ortiz no respondió en 48 horas hábiles.');
    expect(text).toContain('Dependencia: Facultad de Ingeniería (FI)');
    expect(text).toContain('Estado: No Procede');
    expect(text).not.toContain('seminario de redes');
    expect(actionsOf(card)).toEqual([{ type: 'Action.OpenUrl', title: 'Abrir la tarjeta en el canal', url: link }]);
    expect(verbsOf(card)).toEqual([]);
  });

  it('a new request, in English, without a posted card: the description shown as written, no action', () => {
    const request = sampleRequest({ status: 'Registro', requester: { id: '', name: 'Eve *bold* [x](https://evil.example)' }, description: '# Heading <at>Jefe</at>' });
    const card = renderAssigneeNoticeCard({ request, notice: 'new-request', locale: 'en', waitBusinessHours: 48 });
    expectWellFormedCard(card);
    expect(card.lang).toBe('en');
    const text = visibleText(card);
    expect(text).toContain('Request VC-2026-0042 was assigned to you');
    expect(text).toContain('A new request from Eve \\*bold\\* \\[x\\](https://evil.example). Take it from its card in the ASV channel.');
    expect(text).toContain('\\# Heading \\<at\\>Jefe\\</at\\>');
    expect(card).not.toHaveProperty('actions');
  });
});
