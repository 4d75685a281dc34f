import { normaliseSiglas } from './field-formats.js';

/** The dash between the siglas and the program's name in an agenda title. */
export const TITLE_SEPARATOR = ' – ';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The agenda title of an event: the program's name prefixed with the requesting dependencia's
 * siglas (procedure step 3.1.1.1), `SIGLAS – Program name`, with an en dash. The siglas are put
 * in capitals and inner runs of spaces in the name collapsed; a name already starting with those
 * siglas and a dash is not prefixed twice.
 */
export function eventTitle(siglas: string, programName: string): string {
  const prefix = normaliseSiglas(siglas);
  if (prefix === '') throw new Error('eventTitle: the siglas are empty');
  const alreadyPrefixed = new RegExp(`^${escapeRegExp(prefix)}\\s*[-–—]\\s*`, 'i');
  const name = programName.trim().replace(/\s+/g, ' ').replace(alreadyPrefixed, '');
  if (name === '') throw new Error('eventTitle: the program name is empty');
  return `${prefix}${TITLE_SEPARATOR}${name}`;
}
