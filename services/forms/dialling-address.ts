import { isIPv4, isIPv6 } from 'node:net';

/** The signalling protocol of a remote videoconference site. */
export type VideoProtocol = 'H.323' | 'SIP';

/** The protocols a remote site can use, in display order. */
export const VIDEO_PROTOCOLS = ['H.323', 'SIP'] as const satisfies readonly VideoProtocol[];

/** The kinds of address a videoconference endpoint can be dialled at. */
export type DiallingAddressKind = 'ipv4' | 'ipv6' | 'e164' | 'h323-alias' | 'sip-uri';

/** The address kinds each protocol dials. */
export const ADDRESS_KINDS_BY_PROTOCOL: Readonly<Record<VideoProtocol, readonly DiallingAddressKind[]>> = {
  'H.323': ['ipv4', 'ipv6', 'h323-alias', 'e164'],
  SIP: ['sip-uri', 'ipv4', 'ipv6', 'e164'],
};

const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const ALIAS_TEXT = /^(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ALIAS_USER = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;
const SIP_PARAMS = /^(;[A-Za-z0-9\-_.!~*'()%]+(=[A-Za-z0-9\-_.!~*'()%[\]:]+)?)*$/;

/** True for a dotted-quad IPv4 address (`132.248.10.5`). */
export function isIPv4Address(address: string): boolean {
  return isIPv4(address);
}

/** True for an IPv6 address, bare (`2001:db8::10`) or in brackets (`[2001:db8::10]`). */
export function isIPv6Address(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  return isIPv6(bare);
}

/** True for an E.164 number: `+`, then 2 to 15 digits, the first not zero (`+525556223333`). */
export function isE164Number(address: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(address);
}

/**
 * True for a DNS host name: dot-separated labels of letters, digits and inner hyphens, with a
 * last label that is not all digits (so `999.1.1.1` is not a host name).
 */
export function isHostName(host: string): boolean {
  const labels = host.split('.');
  const last = labels.at(-1) ?? '';
  return host.length <= 253 && labels.every((label) => HOST_LABEL.test(label)) && !/^\d+$/.test(last);
}

function isHost(host: string): boolean {
  return isHostName(host) || isIPv4Address(host) || isIPv6Address(host);
}

/**
 * True for an H.323 alias: a URL-style alias `user@host` (`sala1@vc.unam.mx`, optionally
 * prefixed `h323:`), or an H323-ID text alias of letters, digits, `.`, `_`, `-` with at least
 * one letter (`SalaConsejo`). Numbers are dialled as E.164 (`+52…`), not as alias text.
 */
export function isH323Alias(address: string): boolean {
  const alias = address.replace(/^h323:/i, '');
  const at = alias.lastIndexOf('@');
  if (at === -1) return alias === address && ALIAS_TEXT.test(alias);
  return ALIAS_USER.test(alias.slice(0, at)) && isHost(alias.slice(at + 1));
}

/**
 * True for a SIP or SIPS URI: `sip:` or `sips:`, an optional `user@`, a host name, IPv4 or
 * bracketed IPv6, an optional `:port` and optional `;parameters`
 * (`sip:sala1@vc.unam.mx`, `sips:sala1@vc.unam.mx:5061;transport=tls`).
 */
export function isSipUri(address: string): boolean {
  const match = /^sips?:(?:([^@\s]+)@)?([^;\s]+?)(?::(\d{1,5}))?(;[^\s]*)?$/i.exec(address);
  if (!match) return false;
  const [, user, host = '', port, params = ''] = match;
  const hostOk = host.startsWith('[') ? isIPv6Address(host) && host.endsWith(']') : isHostName(host) || isIPv4Address(host);
  const portOk = port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  return (user === undefined || SIP_USER.test(user)) && hostOk && portOk && SIP_PARAMS.test(params);
}

const KIND_CHECKS: Readonly<Record<DiallingAddressKind, (address: string) => boolean>> = {
  ipv4: isIPv4Address,
  ipv6: isIPv6Address,
  e164: isE164Number,
  'h323-alias': isH323Alias,
  'sip-uri': isSipUri,
};

/** The kind of a dialling address, or `undefined` when it is none of the known kinds. */
export function diallingAddressKind(address: string): DiallingAddressKind | undefined {
  const kinds = Object.keys(KIND_CHECKS) as DiallingAddressKind[];
  return kinds.find((kind) => KIND_CHECKS[kind](address.trim()));
}

/** True when `protocol` can dial `address` (see {@link ADDRESS_KINDS_BY_PROTOCOL}). */
export function isDiallableWith(protocol: VideoProtocol, address: string): boolean {
  return ADDRESS_KINDS_BY_PROTOCOL[protocol].some((kind) => KIND_CHECKS[kind](address.trim()));
}
