import { blockerText, renderAvailabilityCard } from '../../cards/availability-card.js';
import { actionsOf, expectWellFormedCard, inputById, inputIdsOf, verbsOf, visibleText } from './card-assertions.js';
import { blockedAnswer, freeAnswer, MEXICO_CITY, sampleRequest, sampleResources } from './card-fixtures.js';

const books = (card: unknown) => actionsOf(card).filter((action) => action.type === 'Action.Execute' && action.verb === 'book');

describe('the availability card', () => {
  it('when the slot is free, offers to book it with the free staff to choose', () => {
    const request = sampleRequest();
    const card = renderAvailabilityCard({ request, locale: 'es', timeZone: MEXICO_CITY, answer: freeAnswer(), resources: sampleResources() });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('Horario disponible');
    expect(text).toContain('Evento: lun, 4 de may de 2026, 10:00–12:00');
    expect(text).toContain('Recursos apartados (con preparación y cierre): lun, 4 de may de 2026, 09:30–12:15');
    expect(text).toContain('Sala: Sala de Videoconferencia 1');
    expect(text).toContain('Equipo: MCU, Cámara PTZ 2');
    expect(inputById(card, 'staffId')).toMatchObject({
      type: 'Input.ChoiceSet',
      value: 'tec-ana',
      choices: [
        { title: 'Ana Robles', value: 'tec-ana' },
        { title: 'Luis Méndez', value: 'tec-luis' },
      ],
    });
    expect(inputIdsOf(card)).toEqual(['staffId', 'notes']);
    expect(books(card).map((action) => action.data)).toEqual([
      {
        requestId: 'req-42',
        version: request.version,
        option: { start: '2026-05-04T16:00:00.000Z', end: '2026-05-04T18:00:00.000Z', roomId: 'sala-vc-1', equipmentIds: ['mcu-1', 'camara-ptz-2'], staffIds: ['tec-ana'] },
      },
    ]);
  });

  it('when blocked, says what blocks it and offers one book button per alternative', () => {
    const card = renderAvailabilityCard({ request: sampleRequest(), locale: 'es', timeZone: MEXICO_CITY, answer: blockedAnswer(), resources: sampleResources() });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('No es posible en ese horario');
    expect(text).toContain('• Sala de Videoconferencia 1 está ocupado por «IIMAS – Coloquio» (lun, 4 de may de 2026, 09:00–11:00).');
    expect(text).toContain('• No hay suficiente personal técnico libre.');
    expect(text).toContain('• Luis Méndez no trabaja en ese horario.');
    expect(text).toContain('lun, 4 de may de 2026, 12:00–14:00 · Sala de Videoconferencia 1');
    expect(text).toContain('mar, 5 de may de 2026, 09:00–11:00');
    expect(inputIdsOf(card)).toEqual(['notes']);
    expect(verbsOf(card)).toEqual(['book', 'book']);
    expect(books(card).map((action) => (action.data as { option: unknown }).option)).toEqual([
      { start: '2026-05-04T18:00:00.000Z', end: '2026-05-04T20:00:00.000Z', roomId: 'sala-vc-1', equipmentIds: ['mcu-1'], staffIds: ['tec-ana'] },
      { start: '2026-05-05T15:00:00.000Z', end: '2026-05-05T17:00:00.000Z', roomId: null, equipmentIds: [], staffIds: ['tec-ana'] },
    ]);
  });

  it('says so when there is no alternative, and speaks English', () => {
    const card = renderAvailabilityCard({
      request: sampleRequest(),
      locale: 'en',
      timeZone: MEXICO_CITY,
      answer: { ...blockedAnswer(), alternatives: [] },
      resources: sampleResources(),
    });
    expectWellFormedCard(card);
    expect(verbsOf(card)).toEqual([]);
    expect(inputIdsOf(card)).toEqual([]);
    const text = visibleText(card).replace(/\u2009/g, ' ');
    expect(text).toContain('Not possible at that time');
    expect(text).toContain('No free slots were found nearby.');
    expect(text).toContain('Sala de Videoconferencia 1 is held by "IIMAS – Coloquio" (Mon, May 4, 2026, 09:00 – 11:00).');
  });

  it('puts every block reason in words', () => {
    const reasons = ['busy', 'outside-working-hours', 'not-for-service', 'too-small', 'unknown-resource', 'inactive', 'no-room-fits', 'no-bridge-free', 'not-enough-staff'] as const;
    for (const locale of ['es', 'en'] as const) {
      for (const reason of reasons) {
        const text = blockerText(locale, MEXICO_CITY, { resourceId: 'sala-2', resourceName: 'Sala 2', kind: 'room', reason });
        expect(text).not.toMatch(/\{\w+\}/);
      }
    }
    expect(
      blockerText('es', MEXICO_CITY, {
        resourceId: 'sala-vc-1',
        resourceName: 'Sala de Videoconferencia 1',
        kind: 'room',
        reason: 'busy',
        by: { label: undefined, start: new Date('2026-05-04T15:00:00Z'), end: new Date('2026-05-04T16:00:00Z'), source: 'graph' },
      }),
    ).toBe('Sala de Videoconferencia 1 está ocupado por «calendario de Microsoft 365» (lun, 4 de may de 2026, 09:00–10:00).');
  });
});
