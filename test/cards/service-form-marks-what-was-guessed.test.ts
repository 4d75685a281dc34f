import { describe, expect, it } from '@jest/globals';
import { renderServiceFormCard, serviceFormInputIds } from '../../cards/service-form-card.js';
import { expectWellFormedCard, inputById, inputIdsOf, visibleText } from './card-assertions.js';
import { prefilledFormView } from './prefill-fixtures.js';

const labelOf = (card: unknown, id: string) => String(inputById(card, id).label ?? inputById(card, id).title);

describe('the service form card with values guessed from the request’s text', () => {
  it('marks exactly the guessed inputs, in Spanish', () => {
    const view = prefilledFormView('es');
    const card = renderServiceFormCard(view);
    expectWellFormedCard(card);
    expect([...view.suggested!].sort()).toEqual(
      ['date', 'startTime', 'endTime', 'localRoom', 'expectedParticipants', 'recording', 'remoteSites.0.dialAddress', 'remoteSites.0.protocol'].sort(),
    );
    for (const id of inputIdsOf(card)) {
      expect({ id, marked: labelOf(card, id).endsWith(' (sugerido: confirme)') }).toEqual({ id, marked: view.suggested!.includes(id) });
    }
    expect(inputById(card, 'date').value).toBe('2026-05-05');
    expect(inputById(card, 'localRoom').value).toBe('sala-vc-1');
    expect(labelOf(card, 'startTime')).toBe('Hora de inicio * (sugerido: confirme)');
    expect(visibleText(card)).toContain('nada se guarda hasta que pulse «Guardar formulario»');
  });

  it('marks them in English, and keeps the form’s inputs as they were', () => {
    const card = renderServiceFormCard(prefilledFormView('en'));
    expectWellFormedCard(card);
    expect(labelOf(card, 'recording')).toMatch(/ \(suggested: please confirm\)$/);
    expect(labelOf(card, 'programName')).not.toContain('suggested');
    expect(new Set(inputIdsOf(card))).toEqual(new Set(serviceFormInputIds('VC')));
  });
});
