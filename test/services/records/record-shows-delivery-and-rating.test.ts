// The expediente after the event (issue 12 §1): the delivery records (the earlier one and its
// correction) and the rating are in the history, their codes in the record's own words, and the
// same history prints the same bytes.
import { describe, expect, it } from '@jest/globals';
import { renderRecordHtml } from '../../../services/records/record-html.js';
import { recordView } from '../../../services/records/record-view.js';
import type { HistoryEntry } from '../../../services/requests/request-types.js';
import { sampleRecordSources } from '../../cards/report-card-fixtures.js';

function afterTheEvent() {
  const sources = sampleRecordSources();
  const last = sources.request.history.at(-1)!;
  const entry = (offset: number, kind: HistoryEntry['kind'], note: string, role: HistoryEntry['actor']['role'] = 'ASV'): HistoryEntry => ({
    seq: last.seq + offset,
    at: new Date(last.at.getTime() + offset * 3_600_000),
    actor: role === 'REQUESTER' ? { id: sources.request.requester.id, name: sources.request.requester.name, role } : role === 'SYSTEM' ? { id: 'system', name: 'Sistema', role } : { ...last.actor, role },
    kind,
    from: 'Terminada',
    to: 'Terminada',
    note,
  });
  const history = [
    ...sources.request.history.map((item) => ({ ...item, to: item.seq === last.seq ? ('Terminada' as const) : item.to })),
    entry(1, 'ask-rating', 'rating-requested', 'SYSTEM'),
    entry(2, 'record-delivery', 'not-held'),
    entry(3, 'record-delivery', 'held-with-incidents | 2026-05-04 10:05–12:00 | audio: Eco en la sede remota'),
    entry(4, 'rate', '4/5\nBuena atención, algo de eco', 'REQUESTER'),
  ];
  return { ...sources, request: { ...sources.request, status: 'Terminada' as const, history, version: history.length } };
}

describe('the record after the event', () => {
  it('lists the survey, both delivery records and the rating in its history, in Spanish and in English', () => {
    const es = renderRecordHtml(recordView(afterTheEvent(), 'es', 'America/Mexico_City'));
    expect(es).toContain('Se envió la encuesta de satisfacción al solicitante.');
    expect(es).toContain('No se realizó');
    expect(es).toContain('Se realizó con incidentes | 2026-05-04 10:05–12:00 | Audio: Eco en la sede remota');
    expect(es).toContain('Calificó el servicio');
    expect(es).toContain('4/5');
    const en = renderRecordHtml(recordView(afterTheEvent(), 'en', 'America/Mexico_City'));
    expect(en).toContain('Held with incidents | 2026-05-04 10:05–12:00 | Audio: Eco en la sede remota');
    expect(en).toContain('Recorded how the event went');
  });

  it('prints the same bytes for the same history', () => {
    expect(renderRecordHtml(recordView(afterTheEvent(), 'es', 'America/Mexico_City'))).toBe(renderRecordHtml(recordView(afterTheEvent(), 'es', 'America/Mexico_City')));
  });
});
