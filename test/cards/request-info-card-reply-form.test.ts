import { renderRequestInfoCard } from '../../cards/request-info-card.js';
import { executeAction, expectWellFormedCard, inputById, verbsOf, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest } from './card-fixtures.js';

describe("the requester's information-request card", () => {
  it('says what is missing and by when, with a reply form', () => {
    const request = sampleRequest({ status: 'Pendiente por el usuario' });
    const card = renderRequestInfoCard({ request, locale: 'es', timeZone: MEXICO_CITY });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('Su solicitud VC-2026-0042 necesita información');
    expect(text).toContain('Indique la dirección SIP de la sede de Morelia.');
    expect(text).toContain('Responda antes del jue, 30 de abr de 2026, 09:00.');
    expect(inputById(card, 'text')).toMatchObject({ type: 'Input.Text', isMultiline: true, isRequired: true, errorMessage: 'Escriba su respuesta.' });
    expect(verbsOf(card)).toEqual(['reply']);
    expect(executeAction(card, 'reply').data).toEqual({ requestId: 'req-42', version: request.version });
  });

  it('speaks English', () => {
    const card = renderRequestInfoCard({ request: sampleRequest({ status: 'Pendiente por el usuario' }), locale: 'en', timeZone: MEXICO_CITY });
    expectWellFormedCard(card);
    expect(visibleText(card)).toContain('Your request VC-2026-0042 needs information');
    expect(visibleText(card)).toContain('Please answer before Thu, Apr 30, 2026, 09:00.');
    expect(executeAction(card, 'reply').title).toBe('Send answer');
  });

  it('has no form once the request no longer waits, and shows the note', () => {
    const card = renderRequestInfoCard({
      request: sampleRequest({ status: 'En Proceso' }),
      locale: 'es',
      timeZone: MEXICO_CITY,
      note: 'Gracias, recibimos su respuesta.',
    });
    expectWellFormedCard(card);
    expect(verbsOf(card)).toEqual([]);
    expect(() => inputById(card, 'text')).toThrow();
    expect(card.body[0]).toMatchObject({ text: 'Gracias, recibimos su respuesta.' });
    expect(visibleText(card)).toContain('Su solicitud VC-2026-0042 ya no espera información. Estado: En Proceso.');
  });
});
