import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../services/logging/logger.js';

/** The port the local Agents Playground listens on. */
export const playgroundPort = 56150;

/** The Playground's mock tenant and the Entra object ids of its mock users (user-id-0 … user-id-5). */
export const playgroundTenant = {
  tenantId: '00000000-0000-0000-0000-0000000000001',
  objectIds: [20, 21, 22, 23, 24, 25].map((suffix) => `00000000-0000-0000-0000-00000000000${suffix}`),
} as const;

const [alex, megan, adele, isaiah] = playgroundTenant.objectIds;

/**
 * The demo configuration of the local run, under whatever the environment sets: the Playground's
 * mock tenant, and roles for its mock users by Entra object id (user-id-0 Alex, the Playground's
 * current user, holds every staff role so one person can walk the whole procedure; user-id-1 …
 * user-id-3 one role each); the ASV channel is its team's General channel, and proactive messages
 * go to its emulated connector.
 */
export const demoEnvironment: Record<string, string> = {
  TEAMS_TENANT_ID: playgroundTenant.tenantId,
  ROLE_HD: `${alex},${megan}`,
  ROLE_ASV: `${alex},${adele}`,
  ROLE_DAU: `${alex},${isaiah}`,
  ROLE_HEAD: `${alex}`,
  TEAMS_SERVICE_URL: `http://127.0.0.1:${playgroundPort}/_connector`,
  TEAMS_ASV_CHANNEL_ID: 'team-id',
  ICS_FEED_TOKEN: 'demo-local-calendar-feed-token',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3978',
};

/** The running Playground. */
export interface LocalPlayground {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Microsoft's Agents Playground (the local Teams emulator) pointed at the bot, in its own
 * working folder under `.local/playground`, without opening a browser or sending telemetry.
 */
export async function startLocalPlayground(options: { projectRoot: string; botEndpoint: string; logger: Logger }): Promise<LocalPlayground> {
  const workDir = join(options.projectRoot, '.local', 'playground');
  mkdirSync(workDir, { recursive: true });
  const binary = join(options.projectRoot, 'node_modules', '.bin', 'agentsplayground');
  const child: ChildProcess = spawn(
    binary,
    ['-e', options.botEndpoint, '-c', 'msteams', '--disable-telemetry', '-p', String(playgroundPort)],
    {
      cwd: workDir,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
    },
  );
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  const url = `http://127.0.0.1:${playgroundPort}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`The Agents Playground could not start (${spawnError.message}); run npm ci (it is a dev dependency) or set PLAYGROUND=off`);
    if (child.exitCode !== null) throw new Error(`The Agents Playground exited at start (code ${child.exitCode}); see ${workDir}/devTools`);
    const ready = await fetch(`${url}/_internal/v1/config`).then((response) => response.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  options.logger.info(`Agents Playground at ${url} (log: ${workDir}/devTools)`);
  return {
    url,
    stop: async () => {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch (error) {
          options.logger.warn('stopping the Agents Playground', error);
        }
      }
    },
  };
}
