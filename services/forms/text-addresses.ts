// Dialling addresses read from a request's text, kept only when the forms' validators accept them.
import { isE164Number, isH323Alias, isIPv4Address, isSipUri, type VideoProtocol } from './dialling-address.js';
import type { GuessedSite } from './text-guesses.js';
import { blank } from './text-scan.js';

const TRAILING = /[.,;:)\]>'"»”]+$/;
const E164_CUE = /(h\.?\s?323|sip|e\.?164|marcar|marque|marcacion|dial|codec|endpoint|equipo de videoconferencia)[^.\n]{0,40}$/;
const PHONE_CUE = /(tel|telefono|tel\.|cel|celular|movil|whatsapp|ext|extension|phone|mobile|llamar al|contacto)[^.\n]{0,20}$/;
const H323_CUE = /\bh\.?\s?323\b/;
const SIP_CUE = /\bsip\b(?!:)/;

/**
 * The dialling addresses of the text (IPv4, H.323 aliases, SIP URIs, E.164 numbers where the text
 * says so, not telephone numbers) that the forms' validators accept, and the folded text with them blanked.
 */
export function readAddresses(text: string, folded: string): { sites: GuessedSite[]; rest: string } {
  const sites: GuessedSite[] = [];
  let rest = text;
  const add = (address: string, index: number, length: number, protocol: VideoProtocol | undefined) => {
    rest = blank(rest, index, index + length);
    if (sites.some((site) => site.dialAddress.toLowerCase() === address.toLowerCase())) return;
    sites.push(protocol ? { dialAddress: address, protocol } : { dialAddress: address });
  };
  for (const match of text.matchAll(/\bsips?:[^\s,<>()"'«»“”]+/gi)) {
    const address = match[0].replace(TRAILING, '');
    if (isSipUri(address)) add(address, match.index, match[0].length, 'SIP');
  }
  for (const match of rest.matchAll(/\bh323:[^\s,;<>()"'«»“”]+/gi)) {
    const address = match[0].replace(TRAILING, '');
    if (isH323Alias(address)) add(address, match.index, match[0].length, 'H.323');
  }
  for (const match of rest.matchAll(/\bh\.?\s?323\s*(?:alias|id)?\s*:?\s*(?:(?:es|is|sera|será)\s+)?([A-Za-z0-9][\w.@-]*[A-Za-z0-9])/gi)) {
    const address = match[1]!;
    if (/^\d/.test(address) || isIPv4Address(address) || /^(y|o|and|or|por|via|con|the|de|al|a|en|to)$/i.test(address)) continue;
    if (isH323Alias(address)) add(address, match.index + match[0].length - match[1]!.length, match[1]!.length, 'H.323');
  }
  for (const match of rest.matchAll(/(?<![\d.\w])(\d{1,3}(?:\.\d{1,3}){3})(?![\d]|\.\d)/g)) {
    if (!isIPv4Address(match[1]!)) continue;
    const before = folded.slice(Math.max(0, match.index - 40), match.index);
    const protocol = H323_CUE.test(before) ? 'H.323' : SIP_CUE.test(before) ? 'SIP' : undefined;
    add(match[1]!, match.index, match[1]!.length, protocol);
  }
  for (const match of rest.matchAll(/(?<![\w+])\+[1-9]\d{6,14}\b/g)) {
    const before = folded.slice(Math.max(0, match.index - 50), match.index);
    if (!isE164Number(match[0]) || !E164_CUE.test(before) || PHONE_CUE.test(before.slice(-25))) continue;
    add(match[0], match.index, match[0].length, H323_CUE.test(before) ? 'H.323' : SIP_CUE.test(before) ? 'SIP' : undefined);
  }
  return { sites: sites.slice(0, 12), rest };
}
