import type { Person } from './request-types.js';

/**
 * How a request the requester opens themselves gets its ASV: always the same one (`default`), or
 * whichever ASV has the fewest open requests (`least-open`; ties go to the first listed).
 */
export type AssignmentRule = { kind: 'least-open' } | { kind: 'default'; asv: string };

/**
 * The ASV `rule` picks among `asvs` (as configured, in order), counting open requests with
 * `openCount` when the rule needs it; undefined when there is no ASV to pick.
 */
export async function pickAssignee(rule: AssignmentRule, asvs: readonly Person[], openCount: (asvId: string) => Promise<number>): Promise<Person | undefined> {
  if (rule.kind === 'default') return asvs.find((asv) => asv.id === rule.asv || asv.email === rule.asv);
  let best: { asv: Person; open: number } | undefined;
  for (const asv of asvs) {
    const open = await openCount(asv.id);
    if (!best || open < best.open) best = { asv, open };
  }
  return best?.asv;
}
