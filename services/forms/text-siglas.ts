// The dependencia's siglas read from a request's text, kept only when the form's pattern accepts them.
import { normaliseSiglas, SIGLAS_PATTERN } from './field-formats.js';

const NOT_SIGLAS = new Set([
  'SIP', 'SIPS', 'IP', 'IPV4', 'IPV6', 'VC', 'TC', 'NC', 'AM', 'PM', 'HRS', 'HR', 'MCU', 'PTZ', 'URL', 'HD', 'ASV', 'DAU', 'PDF', 'CDMX', 'MX',
  'ID', 'USB', 'HDMI', 'TV', 'OK', 'ZOOM', 'TEAMS', 'WEBEX', 'NO', 'SI', 'EXT', 'TEL', 'ISDN', 'ISO', 'FOR', 'DRT', 'RE', 'RV', 'FW', 'FWD',
  'URGENTE', 'IMPORTANTE', 'AVISO', 'NOTA', 'PD', 'PS', 'CC', 'VIP', 'QR', 'LAN', 'WIFI', 'VPN', 'DNS', 'ASAP', 'FYI', 'UTC', 'GMT', 'CST',
  'SOL', 'YOUTUBE', 'FACEBOOK', 'LIVE', 'IT', 'AV', 'H323', 'E164', 'UNAM',
]);
const SIGLAS_CUE = /(?:\bsiglas\s*:?\s*|\(\s*)$/i;
const ARTICLE_CUE = /(?:^|[\s,(])(?:la|el|del|de la|por la|para la|por el|para el|de el|from the|the)\s+$/i;
const LIST_CUE = /(?:\by|\be|\band|,)\s+(?:la|el|los|las|the)?\s*$/i;
const REMOTE_CUE = /\b(?:con|with)\s+(?:la|el|los|las|the)?\s*$/i;

/** The labels of the hosts of the addresses and e-mails in `text` (`uv` and `mx` of `sip:consejo@uv.mx`): names of other institutions. */
function hostLabels(text: string): Set<string> {
  const labels = new Set<string>();
  for (const match of text.matchAll(/@([\w.-]+)/g)) for (const label of match[1]!.split('.')) labels.add(label.toUpperCase());
  return labels;
}

/** The dependencia's siglas `text` names (`original`: the same text as written, for host names), when one plausible value stands out. */
export function readSiglas(text: string, original: string): string | undefined {
  const candidates = new Set<string>();
  const elsewhere = hostLabels(original);
  let remoteEnd = -Infinity;
  for (const match of text.matchAll(/(?<![\p{L}\d@.:/_-])([A-ZÑ][A-ZÑ0-9]{1,11})(?![\p{L}\d@_-]|\.\w|:\/\/)/gu)) {
    const token = match[1]!;
    if (NOT_SIGLAS.has(token) || !SIGLAS_PATTERN.test(token) || (token.match(/[A-ZÑ]/g) ?? []).length < 2) continue;
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    const listedAfterRemote = match.index - remoteEnd < 12 && LIST_CUE.test(before);
    if (REMOTE_CUE.test(before) || listedAfterRemote) {
      remoteEnd = match.index + token.length;
      elsewhere.add(token);
    } else if (SIGLAS_CUE.test(before) || ARTICLE_CUE.test(before)) candidates.add(token);
  }
  for (const match of text.matchAll(/\(\s*([A-ZÑ][A-Za-zÑñ0-9]{1,11})\s*\)/gu)) {
    const token = normaliseSiglas(match[1]!);
    if ((match[1]!.match(/[A-ZÑ]/g) ?? []).length >= 2 && SIGLAS_PATTERN.test(token) && !NOT_SIGLAS.has(token)) candidates.add(token);
  }
  for (const other of elsewhere) candidates.delete(other);
  return candidates.size === 1 ? [...candidates][0] : undefined;
}
