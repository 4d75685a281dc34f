import type { ConfiguredRole } from '../../../services/requests/request-types.js';
import { TEST_TENANT_ID } from '../teams-activity.js';

/**
 * The people the fuzz suite sends activities as: each has a Teams sender id (`29:…`), an Entra
 * object id and the e-mail the loopback roster ({@link ../fuzz/connector-stub.ts}) gives for that
 * pair. Roles come from the configuration {@link fuzzRoleEnvironment} writes.
 */
export interface FuzzPerson {
  key: string;
  name: string;
  teamsId: string;
  objectId: string;
  email: string;
  roles: readonly ConfiguredRole[];
}

const oid = (suffix: string) => `f022a000-0000-4000-8000-${suffix.padStart(12, '0')}`;

export const fuzzPeople = {
  hd: { key: 'hd', name: 'Helena Díaz', teamsId: '29:fz-hd', objectId: oid('d1'), email: 'hd@uni.example', roles: ['HD'] },
  asv: { key: 'asv', name: 'Arturo Sánchez', teamsId: '29:fz-asv', objectId: oid('a1'), email: 'asv@uni.example', roles: ['ASV'] },
  asv2: { key: 'asv2', name: 'Beatriz Valdés', teamsId: '29:fz-asv2', objectId: oid('a2'), email: 'asv2@uni.example', roles: ['ASV'] },
  dau: { key: 'dau', name: 'Dora Aguilar', teamsId: '29:fz-dau', objectId: oid('da'), email: 'dau@uni.example', roles: ['DAU'] },
  head: { key: 'head', name: 'Hugo Estrada', teamsId: '29:fz-head', objectId: oid('he'), email: 'head@uni.example', roles: ['HEAD'] },
  requester: { key: 'requester', name: 'Rosa Quintero', teamsId: '29:fz-rosa', objectId: oid('r1'), email: 'rosa@uni.example', roles: [] },
  /** Owns requests registered with her e-mail only: she is known as their requester through the roster's e-mail. */
  requesterByMail: { key: 'requesterByMail', name: 'Pilar Ugalde', teamsId: '29:fz-pilar', objectId: oid('r2'), email: 'pilar@uni.example', roles: [] },
  stranger: { key: 'stranger', name: 'Xavier Otero', teamsId: '29:fz-x', objectId: oid('ff'), email: 'x@uni.example', roles: [] },
} as const satisfies Record<string, FuzzPerson>;

export type FuzzPersonKey = keyof typeof fuzzPeople;
export const fuzzPersonKeys = Object.keys(fuzzPeople) as FuzzPersonKey[];

/** Another tenant's id (its activities must change nothing). */
export const OTHER_TENANT_ID = '99999999-9999-4999-8999-999999999999';
export { TEST_TENANT_ID };

/** The department feed's token in the fuzz configuration. */
export const FUZZ_FEED_TOKEN = 'fuzz-calendar-feed-token-0123456789';
/** The ASV and DAU channels (their cards go to the loopback connector). */
export const FUZZ_ASV_CHANNEL = '19:fz-asv-channel@thread.tacv2';
export const FUZZ_DAU_CHANNEL = '19:fz-dau-channel@thread.tacv2';

/** The role variables of the fuzz configuration (object ids; the DAU also by an e-mail that grants nothing without Graph). */
export function fuzzRoleEnvironment(): Record<string, string> {
  const holders = (role: ConfiguredRole) =>
    Object.values(fuzzPeople as Record<string, FuzzPerson>)
      .filter((person) => person.roles.includes(role))
      .map((person) => person.objectId);
  return {
    ROLE_HD: holders('HD').join(','),
    ROLE_ASV: holders('ASV').join(','),
    ROLE_DAU: [...holders('DAU'), 'dau@uni.example'].join(','),
    ROLE_HEAD: holders('HEAD').join(','),
  };
}

/** The configured roles of an object id (lower-case), as the configuration above grants them. */
export function rolesOfObjectId(objectId: string): ConfiguredRole[] {
  const person = Object.values(fuzzPeople as Record<string, FuzzPerson>).find((candidate) => candidate.objectId === objectId);
  return person ? [...person.roles] : [];
}

/** The e-mail the loopback roster gives for an object id, if any. */
export function rosterEmailOf(objectId: string): string | undefined {
  return Object.values(fuzzPeople as Record<string, FuzzPerson>).find((candidate) => candidate.objectId === objectId)?.email;
}
