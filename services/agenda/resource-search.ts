import type { Resource, ResourceKind } from './agenda-types.js';

/** Words that name a kind of resource, in Spanish and English (accent-free, lower-case). */
const kindWords: Readonly<Record<ResourceKind, readonly string[]>> = {
  room: ['sala', 'salon', 'room'],
  equipment: ['equipo', 'equipment', 'device'],
  staff: ['persona', 'personal', 'tecnico', 'tecnica', 'operador', 'operadora', 'staff', 'person', 'technician', 'operator'],
};

/** Words that say nothing about which resource is meant. */
const fillers = new Set(['de', 'del', 'la', 'el', 'los', 'las', 'y', 'of', 'the', 'and']);

/** The lower-case, accent-free words (runs of letters and digits) of a text. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const isNumber = (word: string) => /^\d+$/.test(word);

function wordMatches(word: string, resource: Resource, own: readonly string[], byKind: boolean): boolean {
  if (isNumber(word)) return own.some((candidate) => isNumber(candidate) && Number(candidate) === Number(word));
  return own.some((candidate) => candidate.startsWith(word)) || (byKind && kindWords[resource.kind].includes(word));
}

/**
 * The resources of `catalogue` a person means by `query`, read case- and accent-insensitively:
 * the one whose id or whole name it is; otherwise every resource whose name or id holds each of
 * its words, in any order — a word as the start of one of theirs, a number only as that number
 * ("sala 1" is "Sala de Videoconferencia 1", not "Sala 10"); when none does, a kind word ("room",
 * "equipo", "técnico"…) may stand for the resource's kind ("room 1"). None, one or several.
 */
export function findResources(catalogue: readonly Resource[], query: string): Resource[] {
  const asked = searchWords(query);
  if (!asked.length) return [];
  const phrase = asked.join(' ');
  const exact = catalogue.filter((resource) => searchWords(resource.id).join(' ') === phrase || searchWords(resource.name).join(' ') === phrase);
  if (exact.length) return exact;
  const wanted = asked.filter((word) => !fillers.has(word));
  if (!wanted.length) return [];
  const matching = (byKind: boolean) =>
    catalogue.filter((resource) => {
      const own = [...searchWords(resource.name), ...searchWords(resource.id)];
      return wanted.every((word) => wordMatches(word, resource, own, byKind));
    });
  const byName = matching(false);
  return byName.length ? byName : matching(true);
}
