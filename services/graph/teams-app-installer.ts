import { z } from 'zod';
import { graphCall, hasGraphStatus } from './graph-call-error.js';
import type { GraphClient } from './graph-client.js';

/** What installing did: installed now, or found already there (409 Conflict). */
export type InstallOutcome = 'installed' | 'already-installed';

/** An id Graph gives (installation, chat): bounded, no whitespace, control characters or path separators. */
const graphId = z.string().min(1).max(512).regex(/^[^\s/\\?#\u0000-\u001f\u007f]+$/);

/** `GET /users/{id}/teamwork/installedApps?$filter=…`: the installations of our app (at most one per user). */
const installationList = z.object({ value: z.array(z.object({ id: graphId }).passthrough()).max(50) }).passthrough();

/** `GET …/installedApps/{id}/chat`: the 1:1 chat between the user and the app's bot. */
const installationChat = z.object({ id: graphId }).passthrough();

/**
 * Installs the product's Teams app in a user's personal scope, so the bot can message them
 * proactively, and finds the 1:1 chat of that installation. Application permission
 * `TeamsAppInstallation.ReadWriteSelfForUser.All` (the app manages only itself; its manifest's
 * `webApplicationInfo.id` is the Graph app registration's client id).
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

  /**
   * The id of the 1:1 chat between the user and the app's bot (`19:…@unq.gbl.spaces`): the app's
   * installation for the user (`installedApps` filtered by the catalog id), then its `chat`.
   * Undefined when the app is not installed for them or Graph has no chat for it (404); other
   * failures are thrown. Graph's answers are checked before use.
   */
  async installationChatId(userId: string, teamsAppCatalogId: string): Promise<string | undefined> {
    const user = encodeURIComponent(userId);
    const appId = teamsAppCatalogId.replace(/'/g, "''");
    const listed = await graphCall(`list the Teams app installations of user ${userId}`, () =>
      this.graph.api(`/users/${user}/teamwork/installedApps`).expand('teamsApp').filter(`teamsApp/id eq '${appId}'`).get() as Promise<unknown>,
    );
    const installations = installationList.safeParse(listed);
    if (!installations.success) throw new Error(`Microsoft Graph answered the installations of user ${userId} in an unexpected shape`);
    const installation = installations.data.value[0];
    if (!installation) return undefined;
    try {
      const chat = await graphCall(`get the chat of the Teams app installation of user ${userId}`, () =>
        this.graph.api(`/users/${user}/teamwork/installedApps/${encodeURIComponent(installation.id)}/chat`).get() as Promise<unknown>,
      );
      const parsed = installationChat.safeParse(chat);
      if (!parsed.success) throw new Error(`Microsoft Graph answered the chat of user ${userId} in an unexpected shape`);
      return parsed.data.id;
    } catch (error) {
      if (hasGraphStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
