import type { Actor, ConfiguredRole, Person } from './request-types.js';

/** Role membership from configuration: lower-case Entra object ids or e-mail addresses per role. */
export type RoleMembers = Record<ConfiguredRole, readonly string[]>;

/** The system actor: the timeout and reminder jobs act under it. */
export const systemActor: Actor = { id: 'system', name: 'Sistema', roles: [], system: true };

/**
 * Resolves which configured roles a person holds, by their id or e-mail (case-insensitive).
 * The only source of roles: every action is authorised against what this returns.
 */
export class RoleDirectory {
  constructor(private readonly members: RoleMembers) {}

  /** The person as an actor with the roles configuration gives them (under any of their ids). */
  actorFor(person: Person, otherIds: readonly string[] = []): Actor {
    return { ...person, roles: this.rolesOf(person, otherIds) };
  }

  /** The configured roles of a person, found by their id, e-mail or any of `otherIds`. */
  rolesOf(person: Pick<Person, 'id' | 'email'>, otherIds: readonly string[] = []): ConfiguredRole[] {
    const keys = [person.id, person.email, ...otherIds].filter((key): key is string => Boolean(key)).map((key) => key.toLowerCase());
    return (Object.keys(this.members) as ConfiguredRole[]).filter((role) =>
      this.members[role].some((member) => keys.includes(member)),
    );
  }

  /** The members listed for a role (ids or e-mails), e.g. to notify DAU. */
  membersOf(role: ConfiguredRole): readonly string[] {
    return this.members[role];
  }
}
