import { dayKeyOf, formatCivilDate, formatDateTime, formatRange, renderTemplate } from '../../cards/render-card.js';

describe('renderTemplate', () => {
  const template = {
    type: 'AdaptiveCard',
    version: '1.2',
    refresh: { $when: '${refresh}', action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: '${id}' } } },
    body: [
      { type: 'TextBlock', $when: '${show}', text: 'shown only when asked' },
      { type: 'Container', items: [{ type: 'TextBlock', $when: '${show}', text: 'inside' }] },
      { type: 'Input.Text', id: 'name', value: '${name}', placeholder: '${placeholder}' },
      { type: 'ActionSet', actions: [{ type: 'Action.Execute', verb: 'book', title: 'Book', data: '${option}' }] },
    ],
    actions: [{ $when: '${show}', type: 'Action.Execute', verb: 'take', title: 'Take', data: {} }],
  };

  it('drops what $when hides, the groups left empty, and blank input properties; forces version 1.5', () => {
    const card = renderTemplate(template, { refresh: false, id: 'r1', show: false, name: 'Ana', placeholder: '', option: { roomId: null } });
    expect(card.version).toBe('1.5');
    expect(card).not.toHaveProperty('refresh');
    expect(card).not.toHaveProperty('actions');
    expect(card.body).toEqual([
      { type: 'Input.Text', id: 'name', value: 'Ana' },
      { type: 'ActionSet', actions: [{ type: 'Action.Execute', verb: 'book', title: 'Book', data: { roomId: null } }] },
    ]);
  });

  it('keeps what $when shows and returns plain JSON', () => {
    const option = { roomId: 'sala-1' };
    const card = renderTemplate(template, { refresh: true, id: 'r1', show: true, name: '', placeholder: 'Nombre', option });
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: 'r1' } } });
    expect(card.body).toHaveLength(4);
    expect(card.actions).toHaveLength(1);
    expect(card.body[2]).toEqual({ type: 'Input.Text', id: 'name', placeholder: 'Nombre' });
    expect((card.body[3] as { actions: Array<{ data: unknown }> }).actions[0]!.data).not.toBe(option);
  });
});

describe('dates in the business time zone', () => {
  const start = new Date('2026-05-04T16:00:00Z');
  const end = new Date('2026-05-04T18:00:00Z');

  it('shows instants in the zone, 24-hour, in each language', () => {
    expect(formatDateTime(start, 'es', 'America/Mexico_City')).toBe('lun, 4 de may de 2026, 10:00');
    expect(formatDateTime(start, 'en', 'America/Mexico_City')).toBe('Mon, May 4, 2026, 10:00');
    expect(formatDateTime(start, 'es', 'Europe/Madrid')).toBe('lun, 4 de may de 2026, 18:00');
    expect(formatRange(start, end, 'es', 'America/Mexico_City')).toBe('lun, 4 de may de 2026, 10:00–12:00');
  });

  it('groups by the zone’s day and reads form dates as civil dates', () => {
    expect(dayKeyOf(new Date('2026-05-05T03:00:00Z'), 'America/Mexico_City')).toBe('2026-05-04');
    expect(formatCivilDate('2026-05-04', 'es')).toBe('lun, 4 de may de 2026');
    expect(formatCivilDate('not a date', 'en')).toBe('not a date');
  });
});
