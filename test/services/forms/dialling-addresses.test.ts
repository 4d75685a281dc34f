import {
  diallingAddressKind,
  isDiallableWith,
  isE164Number,
  isH323Alias,
  isIPv4Address,
  isIPv6Address,
  isSipUri,
  type DiallingAddressKind,
} from '../../../services/forms/dialling-address.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY } from './form-fixtures.js';

describe('each kind of dialling address', () => {
  it('IPv4: dotted quads only', () => {
    expect(['132.248.10.5', '10.0.0.1', '0.0.0.0'].map(isIPv4Address)).toEqual([true, true, true]);
    expect(['256.1.1.1', '132.248.10', '132.248.10.5.1', '132.248.010.5', 'a.b.c.d'].map(isIPv4Address)).toEqual([
      false, false, false, false, false,
    ]);
  });

  it('IPv6: bare or in brackets', () => {
    expect(['2001:db8::10', '::1', '[2001:db8::10]', 'fe80::1:2:3:4'].map(isIPv6Address)).toEqual([true, true, true, true]);
    expect(['2001:db8::10::1', '2001:db8:zz::1', '[2001:db8::10', '132.248.10.5'].map(isIPv6Address)).toEqual([
      false, false, false, false,
    ]);
  });

  it('E.164: a plus, a non-zero first digit, at most 15 digits', () => {
    expect(['+525556223333', '+12025550123', '+44'].map(isE164Number)).toEqual([true, true, true]);
    expect(['525556223333', '+0525556223333', '+5255562233334444', '+52 55 5622 3333', '+5'].map(isE164Number)).toEqual([
      false, false, false, false, false,
    ]);
  });

  it('H.323 alias: user@host, h323:user@host or text with a letter', () => {
    expect(
      ['sala1@vc.unam.mx', 'h323:sala1@vc.unam.mx', '80012@mcu.unam.mx', 'sala1@132.248.10.5', 'SalaConsejo', 'sala_1-fi.b'].map(
        isH323Alias,
      ),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      ['sip:sala1@vc.unam.mx', 'sala 1', '12345', '999.1.1.1', 'sala1@', '@vc.unam.mx', 'sala1@vc..unam.mx', 'h323:Sala'].map(
        isH323Alias,
      ),
    ).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('SIP URI: sip: or sips:, optional user, host, port and parameters', () => {
    expect(
      [
        'sip:sala1@vc.unam.mx',
        'sips:sala1@vc.unam.mx:5061;transport=tls',
        'SIP:sala1@vc.unam.mx',
        'sip:+525556223333@gw.unam.mx',
        'sip:sala1@132.248.10.5',
        'sip:sala1@[2001:db8::10]:5060',
        'sip:mcu.unam.mx',
      ].map(isSipUri),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(
      ['sala1@vc.unam.mx', 'sip:', 'sip:sala1@', 'sip:sala 1@vc.unam.mx', 'sip:sala1@2001:db8::10', 'sip:sala1@vc.unam.mx:99999', 'h323:sala1@vc.unam.mx'].map(
        isSipUri,
      ),
    ).toEqual([false, false, false, false, false, false, false]);
  });

  it.each<[string, DiallingAddressKind | undefined]>([
    ['132.248.10.5', 'ipv4'],
    ['2001:db8::10', 'ipv6'],
    ['+525556223333', 'e164'],
    ['sala1@vc.unam.mx', 'h323-alias'],
    ['sip:sala1@vc.unam.mx', 'sip-uri'],
    [' sip:sala1@vc.unam.mx ', 'sip-uri'],
    ['5556223333', undefined],
    ['llamar a Luis', undefined],
  ])('%j is of kind %s', (address, kind) => {
    expect(diallingAddressKind(address)).toBe(kind);
  });
});

describe('dialling address per protocol', () => {
  it.each([
    ['132.248.10.5', true, true],
    ['2001:db8::10', true, true],
    ['+525556223333', true, true],
    ['sala1@vc.unam.mx', true, false],
    ['SalaConsejo', true, false],
    ['sip:sala1@vc.unam.mx', false, true],
    ['sips:sala1@vc.unam.mx', false, true],
    ['5556223333', false, false],
    ['http://vc.unam.mx', false, false],
  ])('%j: H.323 %s, SIP %s', (address, byH323, bySip) => {
    expect(isDiallableWith('H.323', address)).toBe(byH323);
    expect(isDiallableWith('SIP', address)).toBe(bySip);
  });
});

describe('a remote site of the videoconference form', () => {
  const draftWithSite = (site: Record<string, unknown>) => ({ remoteSites: [site] });
  const validate = (site: Record<string, unknown>, locale: 'es' | 'en' = 'es') =>
    validateServiceForm('VC', draftWithSite(site), { mode: 'draft', locale, timeZone: MEXICO_CITY });

  it('accepts an H.323 alias with H.323 and a SIP URI with SIP', () => {
    expect(validate({ dialAddress: 'sala1@vc.unam.mx', protocol: 'H.323' }).ok).toBe(true);
    expect(validate({ dialAddress: 'sip:sala1@vc.unam.mx', protocol: 'SIP' }).ok).toBe(true);
  });

  it('rejects a SIP URI with H.323, saying what H.323 dials', () => {
    const result = validate({ dialAddress: 'sip:sala1@vc.unam.mx', protocol: 'H.323' });
    expect(result.ok || result.errors).toEqual([
      {
        path: 'remoteSites.0.dialAddress',
        field: 'Sitio remoto 1 › Dirección de marcación',
        message:
          'Sitio remoto 1 › Dirección de marcación: para H.323 escribe una dirección IP (v4 o v6), un alias H.323 (p. ej. sala1@vc.unam.mx) o un número E.164 (p. ej. +525556223333).',
      },
    ]);
  });

  it('rejects an H.323 alias with SIP, saying what SIP dials', () => {
    const result = validate({ dialAddress: 'sala1@vc.unam.mx', protocol: 'SIP' }, 'en');
    expect(result.ok || result.errors).toEqual([
      {
        path: 'remoteSites.0.dialAddress',
        field: 'Remote site 1 › Dialling address',
        message:
          'Remote site 1 › Dialling address: for SIP enter a SIP URI (e.g. sip:sala1@vc.unam.mx), an IP address (v4 or v6) or an E.164 number (e.g. +525556223333).',
      },
    ]);
  });

  it('accepts any known kind while the protocol is not chosen, and rejects the rest', () => {
    expect(validate({ dialAddress: 'sip:sala1@vc.unam.mx' }).ok).toBe(true);
    expect(validate({ dialAddress: 'sala1@vc.unam.mx' }).ok).toBe(true);
    const result = validate({ dialAddress: 'la de siempre' }, 'en');
    expect(result.ok || result.errors.map((error) => error.message)).toEqual([
      'Remote site 1 › Dialling address: enter an IP address, an H.323 alias, a SIP URI or an E.164 number (e.g. +525556223333).',
    ]);
  });

  it('numbers the site that is wrong', () => {
    const result = validateServiceForm(
      'VC',
      { remoteSites: [{ dialAddress: '10.0.0.1', protocol: 'SIP' }, { dialAddress: '10.0.0.300', protocol: 'SIP' }] },
      { mode: 'draft', locale: 'es', timeZone: MEXICO_CITY },
    );
    expect(result.ok || result.errors.map((error) => [error.path, error.field])).toEqual([
      ['remoteSites.1.dialAddress', 'Sitio remoto 2 › Dirección de marcación'],
    ]);
  });
});
