import { describe, expect, it } from '@jest/globals';
import { guessFromText, GUESS_TEXT_LIMIT, type TextGuesses } from '../../../services/forms/text-guesses.js';
import { LABELLED_WRITTEN_AT } from './request-texts.labelled.js';

const context = { writtenAt: LABELLED_WRITTEN_AT, timeZone: 'America/Mexico_City' };
const read = (text: string): TextGuesses => guessFromText(text, context);
const knownKeys = ['date', 'startTime', 'endTime', 'siglas', 'service', 'remoteSites', 'expectedParticipants', 'roomWords', 'platform', 'recording', 'streaming', 'videoMode'];

describe('guesses from a request text (written Thursday 3 December 2026, Mexico City)', () => {
  it('reads the issue’s own example whole', () => {
    expect(read('el martes 8 de diciembre de 10 a 12 en la sala 2, enlace con la UNAM por SIP sip:sala@unam.mx, unas 40 personas')).toEqual({
      date: '2026-12-08',
      startTime: '10:00',
      endTime: '12:00',
      remoteSites: [{ dialAddress: 'sip:sala@unam.mx', protocol: 'SIP' }],
      expectedParticipants: 40,
      roomWords: ['sala', '2'],
      service: 'VC',
    });
  });

  it('does not read "de diciembre de 10 a 12" as the year 2010, as chrono alone does', () => {
    expect(read('martes 8 de diciembre de 10 a 12')).toMatchObject({ date: '2026-12-08', startTime: '10:00', endTime: '12:00' });
    expect(read('dia 9 dic 17 hrs').date).toBe('2026-12-09');
  });

  it.each([
    ['de 10 a 12', '10:00', '12:00'],
    ['10:00-12:00', '10:00', '12:00'],
    ['de 10 a 12 hrs', '10:00', '12:00'],
    ['10 a 12h', '10:00', '12:00'],
    ['de 9:30 a 11:30', '09:30', '11:30'],
    ['de 4 a 6 de la tarde', '16:00', '18:00'],
    ['de 11 a 1', '11:00', '13:00'],
    ['10am-12pm', '10:00', '12:00'],
    ['from 2 to 3:30 pm', '14:00', '15:30'],
    ['between 9 and 11 am', '09:00', '11:00'],
    ['10:00-10:45', '10:00', '10:45'],
  ])('reads the time range "%s" as %s to %s', (text, startTime, endTime) => {
    expect(read(`videoconferencia el 10 de diciembre ${text}`)).toMatchObject({ startTime, endTime });
  });

  it.each([
    ['mañana', '2026-12-04'],
    ['pasado mañana', '2026-12-05'],
    ['el próximo jueves', '2026-12-10'],
    ['el jueves', '2026-12-10'],
    ['el proximo lunes', '2026-12-07'],
    ['el 15/12', '2026-12-15'],
    ['el 8 de enero', '2027-01-08'],
    ['next Thursday', '2026-12-10'],
    ['on Tuesday December 8', '2026-12-08'],
    ['el viernes 11', '2026-12-11'],
  ])('reads "%s" as %s', (text, date) => {
    expect(read(`teleconferencia ${text} a las 10:00`).date).toBe(date);
  });

  it.each([
    ['a weekday that is not the date’s', 'el lunes 8 de diciembre de 10 a 12'],
    ['two dates', 'el 11 de diciembre de 9 a 10 y el 18 de diciembre de 12 a 13'],
    ['a choice of days', 'el 8 o el 9 de diciembre'],
    ['a span of days', 'del 14 al 18 de diciembre'],
    ['a "next" weekday still in this week', 'el próximo viernes'],
    ['a date already past', 'el 2 de diciembre'],
    ['a week, not a day', 'la próxima semana'],
    ['no date at all', 'Adjunto oficio, favor de revisar'],
  ])('guesses no date from %s', (_case, text) => {
    expect(read(text).date).toBeUndefined();
  });

  it('keeps the connection test apart from the event', () => {
    expect(read('Prueba de conexión el lunes 14 a las 10 y videoconferencia el martes 15 de diciembre de 11 a 13 hrs')).toMatchObject({
      date: '2026-12-15',
      startTime: '11:00',
      endTime: '13:00',
    });
  });

  it('takes no phone number, extension, room number or duration for a time, a count or an address', () => {
    const guesses = read('Tel. 55 5622 8888 ext. 4521, sala 101, 2 horas de duración, +525556223344, sin más datos');
    expect(guesses).toEqual({ roomWords: ['sala', '101'] });
  });

  it('keeps only addresses the forms’ validators accept', () => {
    const guesses = read('sitios: sip:sala@unam.mx, 192.168.1.300, sip:@@, 10.0.0.5 por H.323, h323:aula@ugr.es y el correo juan@unam.mx');
    expect(guesses.remoteSites).toEqual([
      { dialAddress: 'sip:sala@unam.mx', protocol: 'SIP' },
      { dialAddress: 'h323:aula@ugr.es', protocol: 'H.323' },
      { dialAddress: '10.0.0.5' },
    ]);
  });

  it('takes siglas only where the text names them, never the remote institution’s', () => {
    expect(read('La DGTIC solicita una teleconferencia').siglas).toBe('DGTIC');
    expect(read('Coordinación de Humanidades (CoHu)').siglas).toBe('COHU');
    expect(read('enlace con la UAM y el IPN').siglas).toBeUndefined();
    expect(read('la FI y la FQ piden una videoconferencia').siglas).toBeUndefined();
    expect(read('URGENTE: SOLICITUD DE SERVICIO').siglas).toBeUndefined();
  });

  it('reads a declined recording as declined', () => {
    expect(read('videoconferencia sin grabación').recording).toBe(false);
    expect(read('Teleconference, recording not needed').recording).toBe(false);
    expect(read('favor de grabar').recording).toBe(true);
  });
});

describe('hostile request text', () => {
  it('reads only the first characters of a huge text, quickly', () => {
    const huge = `${'de 10 a 12 hrs el 8 de diciembre '.repeat(10)}${'9'.repeat(1_000_000)} el 9 de diciembre de 16 a 18`;
    const started = performance.now();
    const guesses = read(huge);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(guesses).toMatchObject({ date: '2026-12-08', startTime: '10:00', endTime: '12:00' });
    expect(read(`${' '.repeat(GUESS_TEXT_LIMIT)}el 9 de diciembre de 16 a 18 hrs`)).toEqual({});
  });

  it.each([
    ['a number before a long run of spaces (read in minutes before runs were made one space)', `1${' '.repeat(3999)}`],
    ['a time cue before a long run of mixed white space', `de 1${' \t\u00a0\n'.repeat(990)}x`],
    ['numbers and spaces', '1 '.repeat(2000)],
    ['hour words', '1 hrs '.repeat(700)],
    ['a SIP user with no end', `sip:${'a'.repeat(3990)}`],
    ['dots', '9.'.repeat(2000)],
    ['dates', '8 de diciembre '.repeat(280)],
  ])('reads text built to make regular expressions backtrack in bounded time: %s', (_case, text) => {
    const started = performance.now();
    read(text);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('treats control characters, Markdown and object-property names as text', () => {
    const guesses = read('**el 8 de diciembre**\u0000\u0007 de 10 a 12\u200b [sip:x@y.mx](http://evil) constructor __proto__ toString ${name} la CONSTRUCTOR');
    expect(Object.keys(guesses).every((key) => knownKeys.includes(key))).toBe(true);
    expect(Object.getPrototypeOf(guesses)).toBe(Object.prototype);
    expect(guesses).toMatchObject({ date: '2026-12-08', startTime: '10:00', endTime: '12:00' });
    expect(guesses.remoteSites).toEqual([{ dialAddress: 'sip:x@y.mx', protocol: 'SIP' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
