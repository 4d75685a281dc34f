import { graphCall, hasGraphStatus } from './graph-call-error.js';
import type { GraphClient } from './graph-client.js';

/** What installing did: installed now, or found already there (409 Conflict). */
export type InstallOutcome = 'installed' | 'already-installed';

/**
 * Installs the product's Teams app in a user's personal scope (application permission
 * TeamsAppInstallation.ReadWriteForUser.All), so the bot can message them proactively.
 */
export class TeamsAppInstaller {
  constructor(private readonly graph: GraphClient) {}

  /**
   * POST `/users/{userId}/teamwork/installedApps` binding the catalog app
   * `{baseUrl}/appCatalogs/teamsApps/{teamsAppCatalogId}`. 201 → `installed`; 409 Conflict (the
   * app is already installed for the user) → `already-installed`; anything else is thrown.
   */
  async installForUser(userId: string, teamsAppCatalogId: string): Promise<InstallOutcome> {
    const body = { 'teamsApp@odata.bind': `${this.graph.baseUrl}/appCatalogs/teamsApps/${encodeURIComponent(teamsAppCatalogId)}` };
    try {
      await graphCall(`install Teams app ${teamsAppCatalogId} for user ${userId}`, () =>
        this.graph.api(`/users/${encodeURIComponent(userId)}/teamwork/installedApps`).post(body),
      );
      return 'installed';
    } catch (error) {
      if (hasGraphStatus(error, 409)) return 'already-installed';
      throw error;
    }
  }
}
