import { isIsoDate, isPhoneOrExtension, isWebLink } from '../../../services/forms/field-formats.js';

describe('phone numbers and extensions', () => {
  it.each(['55 5622 3333', '(55) 5622-3333', '+52 55 5622 3333', '5622 3333 ext. 123', '56223333 x12', '5622-3333 extensión 45', '23456', '1234'])(
    '%j is accepted',
    (phone) => expect(isPhoneOrExtension(phone)).toBe(true),
  );

  it.each(['llámame', '123', '55 5622 3333 ext.', '+52 55 5622 3333 4444 5555', 'ext. 123', '55-', 'ana@unam.mx'])('%j is refused', (phone) =>
    expect(isPhoneOrExtension(phone)).toBe(false),
  );
});

describe('links and dates', () => {
  it('accepts only absolute http(s) links to a named host', () => {
    expect(['https://teams.microsoft.com/l/meetup-join/19%3a', 'http://unam.webex.com/meet/ana'].map(isWebLink)).toEqual([true, true]);
    expect(['unam.zoom.us/j/1', 'ftp://unam.mx/x', 'https://localhost/x', 'javascript:alert(1)'].map(isWebLink)).toEqual([false, false, false, false]);
  });

  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(['2026-02-28', '2028-02-29'].map(isIsoDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '04/05/2026', '2026-5-4', 20260504].map(isIsoDate)).toEqual([false, false, false, false, false]);
  });
});
