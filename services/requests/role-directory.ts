import type { Actor, ConfiguredRole, Person } from './request-types.js';
import { configuredRoles } from './request-types.js';

/** Role membership from configuration: lower-case Entra object ids or e-mail addresses per role. */
export type RoleMembers = Record<ConfiguredRole, readonly string[]>;

/** The system actor: the timeout and reminder jobs act under it. */
export const systemActor: Actor = { id: 'system', name: 'Sistema', roles: [], system: true };

/** Whether a configured member is written as an e-mail address (else it is an Entra object id). */
export const isEmailEntry = (member: string): boolean => member.includes('@');

/** Finds the Entra object id of a directory user by e-mail address (Microsoft Graph), or undefined. */
export type ObjectIdLookup = (email: string) => Promise<string | undefined>;

/**
 * Resolves which configured roles a person holds. Ids and e-mail addresses are separate key
 * spaces: a role is granted only by the Entra object id an authenticated Teams activity carries,
 * matched against the object ids configured — or resolved once, through Microsoft Graph, from the
 * e-mail addresses configured ({@link resolveEmails}). An e-mail a Teams roster reports never
 * grants a role. The only source of roles: every action is authorised against what this returns.
 */
export class RoleDirectory {
  private readonly ids = new Map<ConfiguredRole, Set<string>>();
  private readonly emails = new Map<ConfiguredRole, Set<string>>();

  constructor(members: RoleMembers) {
    for (const role of configuredRoles) {
      const listed = (members[role] ?? []).map((member) => member.trim().toLowerCase()).filter(Boolean);
      this.ids.set(role, new Set(listed.filter((member) => !isEmailEntry(member))));
      this.emails.set(role, new Set(listed.filter(isEmailEntry)));
    }
  }

  /**
   * Looks up the object id of every member configured by e-mail, once (at start); each one found
   * then grants its role. Returns the addresses that could not be resolved (they grant nothing,
   * and are still used as addresses for notices).
   */
  async resolveEmails(lookup: ObjectIdLookup): Promise<string[]> {
    const unresolved: string[] = [];
    for (const role of configuredRoles) {
      for (const email of this.emails.get(role)!) {
        const objectId = await lookup(email).catch(() => undefined);
        if (objectId) this.ids.get(role)!.add(objectId.toLowerCase());
        else unresolved.push(email);
      }
    }
    return [...new Set(unresolved)];
  }

  /** The person as an actor with the roles their object id holds. */
  actorFor(person: Person): Actor {
    return { ...person, roles: this.rolesOf(person) };
  }

  /** The configured roles of the person with this Entra object id (`person.id`); none for an unknown id. */
  rolesOf(person: Pick<Person, 'id'>): ConfiguredRole[] {
    const id = person.id?.trim().toLowerCase();
    if (!id) return [];
    return configuredRoles.filter((role) => this.ids.get(role)!.has(id));
  }

  /**
   * Whether `person` is listed for `role`: by object id, or by the e-mail address configured for
   * it (for people named from configuration, such as an assignee chosen among the ASVs).
   */
  lists(role: ConfiguredRole, person: Pick<Person, 'id' | 'email'>): boolean {
    const id = person.id?.trim().toLowerCase();
    const email = person.email?.trim().toLowerCase();
    return Boolean((id && this.ids.get(role)!.has(id)) || (email && this.emails.get(role)!.has(email)) || (id && isEmailEntry(id) && this.emails.get(role)!.has(id)));
  }

  /** The Entra object ids holding a role: those configured, and the e-mail entries Graph resolved (e.g. for a card's per-user refresh). */
  idsOf(role: ConfiguredRole): readonly string[] {
    return [...this.ids.get(role)!];
  }

  /** The e-mail addresses configured for a role (e.g. to notify DAU). */
  emailsOf(role: ConfiguredRole): readonly string[] {
    return [...this.emails.get(role)!];
  }
}
