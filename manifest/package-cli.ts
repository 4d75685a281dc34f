/**
 * Command line for the Teams app package:
 *
 *     node dist/manifest/package-cli.js --app-id <bot App ID> --host <bot host>
 *        --website-url <https> --privacy-url <https> --terms-url <https> [--out <zip>]
 *        [--version 1.2.3] [--teams-app-id <guid>] [--graph-app-id <guid>] [--schema-dir <folder>]
 *
 * (`npm run package -- --app-id … --host …`). Everything comes from the arguments: the
 * environment and `.env` are not read.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppPackageError, buildAppPackage, type AppPackageOptions } from './build-package.js';

/** Where the zip goes when `--out` is not given (relative to the working directory). */
export const DEFAULT_OUT_FILE = 'dist/app-package/vc-service-desk.zip';

export const USAGE = `usage: package-cli --app-id <bot Microsoft App ID (GUID)> --host <bot host name>
         --website-url <https://…> --privacy-url <https://…> --terms-url <https://…> [options]
  --website-url, --privacy-url, --terms-url
                         the department's support, privacy and terms-of-use pages (required)
  --out <file>           zip to write (default ${DEFAULT_OUT_FILE})
  --version <x.y.z>      app version (default: package.json's); each upload to the org
                         catalogue needs a higher one
  --teams-app-id <guid>  Teams app id, when it is not the bot's App ID
  --graph-app-id <guid>  client id of the Graph app registration (GRAPH_CLIENT_ID), when it is
                         not the bot's App ID (webApplicationInfo.id)
  --schema-dir <folder>  Teams schemas (default <repo>/../shared/schemas/teams)`;

/** Turns the arguments into package options; throws AppPackageError naming each missing or unknown one. */
export function parsePackageArgs(args: string[]): AppPackageOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'app-id': { type: 'string' },
        host: { type: 'string' },
        out: { type: 'string' },
        version: { type: 'string' },
        'teams-app-id': { type: 'string' },
        'graph-app-id': { type: 'string' },
        'website-url': { type: 'string' },
        'privacy-url': { type: 'string' },
        'terms-url': { type: 'string' },
        'schema-dir': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new AppPackageError([(error as Error).message]);
  }
  const problems: string[] = [];
  if (!values['app-id']) problems.push('--app-id is required (the bot registration\'s Microsoft App ID)');
  if (!values.host) problems.push('--host is required (the host name the bot answers at)');
  for (const [flag, what] of [['website-url', 'support'], ['privacy-url', 'privacy'], ['terms-url', 'terms-of-use']] as const) {
    if (!values[flag]) problems.push(`--${flag} is required (the department's ${what} page: the bot serves none)`);
  }
  if (problems.length > 0) throw new AppPackageError(problems);

  const options: AppPackageOptions = {
    appId: values['app-id']!,
    botEndpointHost: values.host!,
    outFile: resolve(values.out ?? DEFAULT_OUT_FILE),
  };
  if (values.version !== undefined) options.version = values.version;
  if (values['teams-app-id'] !== undefined) options.teamsAppId = values['teams-app-id'];
  if (values['graph-app-id'] !== undefined) options.graphAppId = values['graph-app-id'];
  if (values['website-url'] !== undefined) options.websiteUrl = values['website-url'];
  if (values['privacy-url'] !== undefined) options.privacyUrl = values['privacy-url'];
  if (values['terms-url'] !== undefined) options.termsOfUseUrl = values['terms-url'];
  if (values['schema-dir'] !== undefined) options.schemaDir = resolve(values['schema-dir']);
  return options;
}

/** Runs the command; returns the process exit code (0 written, 2 bad arguments or invalid manifest). */
export async function runPackageCli(args: string[], log: (line: string) => void = console.log, warn: (line: string) => void = console.error): Promise<number> {
  try {
    const built = await buildAppPackage(parsePackageArgs(args));
    log(`app package written: ${built.outFile} (${built.files.join(', ')}; version ${String(built.manifest.version)})`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppPackageError)) throw error;
    warn(error.message);
    warn(USAGE);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runPackageCli(process.argv.slice(2));
}
