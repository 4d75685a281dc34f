import { GraphCallError } from './graph-call-error.js';
import type { GraphClient } from './graph-client.js';
import { GraphPeople } from './graph-people.js';
import { TeamsAppInstaller } from './teams-app-installer.js';

/** What installing the app for a user came to; failures Graph may get over (429, 5xx, no answer) are thrown instead. */
export type InstallResult =
  | { outcome: 'installed' | 'already-installed' }
  | { outcome: 'no-app-id' | 'refused' | 'not-found'; detail: string };

/**
 * The tenant's directory and app installations as the Teams notifier needs them to reach a
 * person who never opened the bot: the Entra object id behind an e-mail address, installing the
 * app for them, and the 1:1 chat of that installation.
 */
export interface TeamsDirectory {
  /** The object id of the one directory user with this `mail` or `userPrincipalName`; undefined when none or several. */
  objectIdOf(email: string): Promise<string | undefined>;
  /** Installs the app in the user's personal scope (idempotent: 409 is `already-installed`). */
  install(objectId: string): Promise<InstallResult>;
  /** The id of the user's 1:1 chat with the app's bot, when the app is installed and Graph has it. */
  installationChatId(objectId: string): Promise<string | undefined>;
}

/** An Entra object id as the rest of the product takes it (`turn-people.ts`): word characters and dashes. */
const objectIdShape = /^[\w-]{1,64}$/;

/**
 * {@link TeamsDirectory} through Microsoft Graph (application permissions `User.Read.All` and
 * `TeamsAppInstallation.ReadWriteSelfForUser.All`), for the app `teamsAppCatalogId` of the org
 * catalogue (TEAMS_APP_CATALOG_ID). Graph's refusals are outcomes: 403 (and 400, a request Graph
 * will never take) `refused`, 404 `not-found`; anything else is thrown, so the notice is retried.
 */
export class GraphTeamsDirectory implements TeamsDirectory {
  private readonly people: GraphPeople;
  private readonly installer: TeamsAppInstaller;

  constructor(
    graph: GraphClient,
    private readonly teamsAppCatalogId: string | undefined,
  ) {
    this.people = new GraphPeople(graph);
    this.installer = new TeamsAppInstaller(graph);
  }

  async objectIdOf(email: string): Promise<string | undefined> {
    const id = await this.people.objectIdOf(email);
    return id && objectIdShape.test(id) ? id : undefined;
  }

  async install(objectId: string): Promise<InstallResult> {
    if (!this.teamsAppCatalogId) return { outcome: 'no-app-id', detail: 'TEAMS_APP_CATALOG_ID is not configured' };
    try {
      return { outcome: await this.installer.installForUser(objectId, this.teamsAppCatalogId) };
    } catch (error) {
      const status = error instanceof GraphCallError ? error.status : undefined;
      const detail = `Microsoft Graph answered ${status ?? 'nothing'}${error instanceof GraphCallError && error.code ? ` ${error.code}` : ''}`;
      if (status === 403 || status === 400) return { outcome: 'refused', detail };
      if (status === 404) return { outcome: 'not-found', detail };
      throw error;
    }
  }

  async installationChatId(objectId: string): Promise<string | undefined> {
    if (!this.teamsAppCatalogId) return undefined;
    return this.installer.installationChatId(objectId, this.teamsAppCatalogId);
  }
}
