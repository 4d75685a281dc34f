// The after-event cards (issue 12 §1): the requester's rating card (open, thanked, closed) and the
// ASV's delivery form (values and a refusal kept), and the request card showing both.
import { describe, expect, it } from '@jest/globals';
import { renderDeliveryFormCard } from '../../cards/delivery-form-card.js';
import { renderRatingCard } from '../../cards/rating-card.js';
import { renderRequestCard } from '../../cards/request-card.js';
import { executeAction, expectWellFormedCard, inputById, verbsOf, visibleText } from './card-assertions.js';
import { MEXICO_CITY } from './card-fixtures.js';
import { dayAfterTheEvent, ratingClosesAt, requestAfterTheEvent } from './after-event-card-fixtures.js';

describe('the rating card', () => {
  it('asks for 1 to 5 and a bounded comment until the period closes, sent with rate', () => {
    const card = renderRatingCard({ request: requestAfterTheEvent(), locale: 'es', timeZone: MEXICO_CITY, closesAt: ratingClosesAt, now: dayAfterTheEvent });
    expectWellFormedCard(card);
    expect(executeAction(card, 'rate').data).toEqual({ requestId: 'req-42' });
    expect(inputById(card, 'rating')).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, style: 'expanded' });
    expect(inputById(card, 'comment')).toMatchObject({ maxLength: 1000 });
    expect(visibleText(card)).toContain('Su evento «FI – Seminario de redes» ya terminó.');
    expect(visibleText(card)).toContain('Puede responder hasta el');
  });

  it('thanks once rated and says when the period closed, with no form', () => {
    const rated = renderRatingCard({ request: requestAfterTheEvent(true), locale: 'en', timeZone: MEXICO_CITY, closesAt: ratingClosesAt, now: dayAfterTheEvent });
    expect(visibleText(rated)).toContain('Thank you: we recorded your rating of 4/5.');
    expect(verbsOf(rated)).toEqual([]);
    const closed = renderRatingCard({ request: requestAfterTheEvent(), locale: 'es', timeZone: MEXICO_CITY, closesAt: ratingClosesAt, now: ratingClosesAt });
    expect(visibleText(closed)).toContain('El periodo para calificar este servicio cerró el');
    expect(verbsOf(closed)).toEqual([]);
  });
});

describe('the delivery form', () => {
  it('keeps the values typed and the reason of a refusal; a second record is marked as a correction', () => {
    const card = renderDeliveryFormCard({
      request: requestAfterTheEvent(true),
      locale: 'es',
      timeZone: MEXICO_CITY,
      values: { outcome: 'held-with-incidents', actualDate: '2026-05-04', actualStartTime: '10:05', actualEndTime: '12:00', incidents: [{ kind: 'audio', text: 'Eco *fuerte*' }] },
      note: 'Falta un dato obligatorio: los incidentes.',
    });
    expectWellFormedCard(card);
    expect(inputById(card, 'outcome').value).toBe('held-with-incidents');
    expect(inputById(card, 'incidentKind1').value).toBe('audio');
    expect(inputById(card, 'incidentText1')).toMatchObject({ value: 'Eco *fuerte*', maxLength: 500 });
    expect(visibleText(card)).toContain('Ya hay un registro; uno nuevo lo corrige');
    expect(verbsOf(card)).toEqual(['record-delivery', 'refresh']);
  });
});

describe('the request card after the event', () => {
  it('offers Registrar cómo fue and shows the record and the rating', () => {
    const card = renderRequestCard({
      request: requestAfterTheEvent(true),
      locale: 'es',
      timeZone: MEXICO_CITY,
      actions: ['record-delivery'],
      viewer: 'actor',
      refreshUserIds: [],
      asvChoices: [],
    });
    expectWellFormedCard(card);
    expect(verbsOf(card)).toContain('open-delivery');
    const text = visibleText(card);
    expect(text).toContain('Cómo fue el evento');
    expect(text).toContain('Se realizó con incidentes');
    expect(text).toContain('Audio: Eco en la sede de Morelia durante 10 minutos');
    expect(text).toContain('4/5');
    expect(text).toContain('Corrige el registro anterior.');
  });
});
