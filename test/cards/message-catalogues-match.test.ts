import { actionPhrase, cardMessages, localeFrom, rejectionText, statusName, t } from '../../cards/messages.js';
import { cardMessagesEn } from '../../cards/messages.en.js';
import { cardMessagesEs } from '../../cards/messages.es.js';
import type { BlockReason } from '../../services/agenda/availability.js';
import { requestStatuses, type CommandType } from '../../services/requests/request-types.js';
import { workflowRules, type Rejection } from '../../services/requests/request-workflow.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

const commandTypes: CommandType[] = [
  'register', 'take', 'request-info', 'reply', 'wait-timeout', 'remind', 'hold', 'resume', 'finish',
  'reject', 'cancel', 'reassign', 'set-service', 'save-form', 'record-booking', 'release-booking', 'add-information',
  'cancel-occurrence',
  'record-delivery', 'rate', 'ask-rating', 'remind-rating',
];
const blockReasons: BlockReason[] = [
  'busy', 'outside-working-hours', 'not-for-service', 'too-small', 'unknown-resource', 'inactive',
  'no-room-fits', 'no-bridge-free', 'not-enough-staff',
];
const rejections: Rejection[] = [
  { code: 'not-allowed-from-status', command: 'finish', status: 'Espera' },
  { code: 'not-authorised', command: 'cancel', allowedRoles: ['DAU'] },
  { code: 'missing-input', command: 'reject', field: 'reasons' },
  { code: 'finish-preconditions', missing: ['form', 'booking'] },
  { code: 'finish-preconditions', missing: ['booking-matches-form'] },
  { code: 'stale-wait', waitId: '5' },
  { code: 'no-change', command: 'reassign' },
  { code: 'event-not-ended', command: 'rate', endsAt: new Date('2026-03-20T18:00:00Z') },
  { code: 'already-rated', rating: 4 },
  { code: 'rating-closed', closedAt: new Date('2026-04-03T18:00:00Z') },
  { code: 'stale-event', bookingId: 'bk-1' },
];

describe('the message catalogues', () => {
  it('have exactly the same keys in Spanish and English', () => {
    const es = Object.keys(cardMessagesEs).sort();
    const en = Object.keys(cardMessagesEn).sort();
    expect(es.filter((key) => !en.includes(key))).toEqual([]);
    expect(en.filter((key) => !es.includes(key))).toEqual([]);
  });

  it('use the same placeholders in both languages and leave no message empty', () => {
    for (const key of Object.keys(cardMessagesEs) as Array<keyof typeof cardMessagesEs>) {
      expect({ key, placeholders: placeholders(cardMessagesEn[key]) }).toEqual({ key, placeholders: placeholders(cardMessagesEs[key]) });
      expect(cardMessagesEs[key].trim()).not.toBe('');
      expect(cardMessagesEn[key].trim()).not.toBe('');
    }
  });

  it('name every status, command, block reason and rejection code in both languages', () => {
    const keys = Object.keys(cardMessagesEs);
    const needed = [
      ...requestStatuses.map((status) => `status.${status}`),
      ...commandTypes.flatMap((command) => [`history.${command}`, `actionPhrase.${command}`]),
      ...blockReasons.map((reason) => `block.${reason}`),
      ...rejections.map((rejection) => `rejection.${rejection.code}`),
    ];
    expect(needed.filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('name every command of the status machine (the list above is every rule)', () => {
    expect([...commandTypes].sort()).toEqual(Object.keys(workflowRules).sort());
  });

  it('keep the procedure names of the statuses in English', () => {
    for (const status of requestStatuses) expect(statusName('en', status)).toBe(status);
  });

  it('have the replies the bot sends', () => {
    expect(t('es', 'reply.notAuthorised', { action: actionPhrase('es', 'cancel') })).toBe('No tiene permiso para cancelar la solicitud.');
    expect(t('es', 'reply.changedMeanwhile')).toBe('La solicitud cambió mientras tanto; esta es la versión actual.');
    expect(t('en', 'reply.bookingFailed', { resource: 'Sala 1', holder: 'FI – Seminario', from: '10:00', to: '12:00' })).toBe(
      'Could not book: Sala 1 is held by "FI – Seminario" from 10:00 to 12:00.',
    );
    for (const key of ['reply.staleCard', 'reply.notFound', 'reply.fieldRequired', 'reply.formSavedDraft', 'reply.formSavedComplete', 'reply.bookingDone', 'reply.teamsNoticeFailed', 'help.text'] as const) {
      expect(cardMessages.es[key]).not.toBe(cardMessages.en[key]);
    }
  });
});

describe('t and localeFrom', () => {
  it('fill the placeholders given and keep the unknown ones', () => {
    expect(t('es', 'reply.notFound', { folio: 'VC-2026-0042' })).toBe('No encontré la solicitud «VC-2026-0042».');
    expect(t('en', 'reply.bookingDone', { title: 'FI – Seminario' })).toBe('Event booked: FI – Seminario, {when}.');
  });

  it('read English from any en-* Teams locale and Spanish otherwise', () => {
    expect(localeFrom('en-US')).toBe('en');
    expect(localeFrom('en-gb')).toBe('en');
    expect(localeFrom('en')).toBe('en');
    expect(localeFrom('es-MX')).toBe('es');
    expect(localeFrom('fr-FR')).toBe('es');
    expect(localeFrom(undefined)).toBe('es');
  });
});

describe('rejectionText', () => {
  it('says every rejection of the status machine in words, in both languages', () => {
    for (const locale of ['es', 'en'] as const) {
      for (const rejection of rejections) {
        const text = rejectionText(locale, rejection);
        expect(text).not.toMatch(/\{\w+\}/);
        expect(text.length).toBeGreaterThan(10);
      }
    }
    expect(rejectionText('es', rejections[0]!)).toBe('No se puede terminar la solicitud mientras la solicitud está en «Espera».');
    expect(rejectionText('es', rejections[3]!)).toBe('Para terminar la solicitud falta: el formulario del servicio completo y el evento agendado.');
    expect(rejectionText('en', rejections[2]!)).toBe('Required information is missing: the reasons.');
    expect(rejectionText('es', rejections[4]!)).toBe(
      'Para terminar la solicitud falta: una reserva que coincida con la fecha, el horario y el servicio del formulario.',
    );
  });
});
