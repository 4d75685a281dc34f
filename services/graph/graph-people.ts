import { graphCall } from './graph-call-error.js';
import type { GraphClient } from './graph-client.js';

/** A directory user as Graph lists them. */
interface DirectoryUser {
  id?: string;
  mail?: string | null;
  userPrincipalName?: string | null;
}

/**
 * People of the tenant's directory through Microsoft Graph (application permission
 * User.Read.All): the Entra object id behind an e-mail address.
 */
export class GraphPeople {
  constructor(private readonly graph: GraphClient) {}

  /**
   * The object id of the one user whose `mail` or `userPrincipalName` is `email` (GET `/users`
   * with a `$filter`: `/users/{id}` takes an object id or a UPN, not a mail alias), or undefined
   * when none or more than one matches.
   */
  async objectIdOf(email: string): Promise<string | undefined> {
    const address = email.trim().toLowerCase().replace(/'/g, "''");
    const answer = await graphCall(`find the directory user ${email}`, () =>
      this.graph
        .api('/users')
        .filter(`mail eq '${address}' or userPrincipalName eq '${address}'`)
        .select(['id', 'mail', 'userPrincipalName'])
        .top(2)
        .get() as Promise<{ value?: DirectoryUser[] }>,
    );
    const users = answer.value ?? [];
    return users.length === 1 && users[0]!.id ? users[0]!.id.toLowerCase() : undefined;
  }
}
