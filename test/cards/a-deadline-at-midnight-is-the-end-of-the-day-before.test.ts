import { describe, expect, it } from '@jest/globals';
import { renderRequestInfoCard } from '../../cards/request-info-card.js';
import { visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest } from './card-fixtures.js';

/**
 * Bug (issue 10 §4): a deadline that falls at midnight was shown as "mié, 9 de dic de 2026, 00:00",
 * which people read as Wednesday when it means the end of Tuesday. Now it is said as people say it.
 */
describe('a deadline at midnight in the business time zone', () => {
  const waiting = (deadline: string) => {
    const request = sampleRequest({ status: 'Pendiente por el usuario' });
    return { ...request, wait: { ...request.wait!, deadline: new Date(deadline) } };
  };

  it('is the end of the day before, in Spanish and English', () => {
    const request = waiting('2026-12-09T06:00:00Z'); // 00:00 in Mexico City
    expect(visibleText(renderRequestInfoCard({ request, locale: 'es', timeZone: MEXICO_CITY }))).toContain(
      'Responda antes del final del martes, 8 de diciembre de 2026.',
    );
    expect(visibleText(renderRequestInfoCard({ request, locale: 'en', timeZone: MEXICO_CITY }))).toContain(
      'Please answer before the end of Tuesday, December 8, 2026.',
    );
  });

  it('keeps any other time as date and time', () => {
    const request = waiting('2026-12-09T16:00:00Z');
    expect(visibleText(renderRequestInfoCard({ request, locale: 'es', timeZone: MEXICO_CITY }))).toContain('Responda antes del mié, 9 de dic de 2026, 10:00.');
  });

  it('marks the reminder as a reminder', () => {
    const card = renderRequestInfoCard({ request: waiting('2026-12-09T16:00:00Z'), locale: 'en', timeZone: MEXICO_CITY, reminder: true });
    expect(visibleText(card)).toContain('Reminder: your request VC-2026-0042 still needs your information');
  });
});
