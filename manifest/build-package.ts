/**
 * Builds the Teams app package (the zip uploaded to Teams or the org's app catalogue): fills
 * `manifest.template.json`, validates the result and its localization files against the Teams
 * v1.22 schemas, and zips `manifest.json` with the files it names (icons, localization files).
 *
 * Configuration comes only from the caller (`package-cli.ts` takes it from arguments); nothing
 * here reads the environment.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import {
  checkLocalizationCoverage,
  createManifestValidator,
  flattenStrings,
  loadTeamsSchemas,
  type ManifestValidator,
  type TeamsSchemas,
} from './manifest-schema.js';
import { findRepoRoot } from './repo-root.js';

/** What a package is built from. */
export interface AppPackageOptions {
  /**
   * The Microsoft App ID of the bot's registration (Azure Bot / Entra app, a GUID): the bot's
   * and the message extension's `botId`, and the Teams app `id` unless `teamsAppId` is given.
   */
  appId: string;
  /** Host name the bot answers at, without scheme, port or path (`vc-desk.example.edu`). */
  botEndpointHost: string;
  /** The app version (`major.minor.patch`); default: the version in package.json. */
  version?: string;
  /** Where to write the zip; its folder is created. */
  outFile: string;
  /** The Teams app id when it differs from the bot's App ID. */
  teamsAppId?: string;
  /**
   * The client id of the Entra app registration that calls Microsoft Graph (GRAPH_CLIENT_ID), when
   * it is not the bot's: the manifest's `webApplicationInfo.id`, which lets that registration
   * install this app for users with the least-privileged `TeamsAppInstallation.ReadWriteSelfForUser.All`.
   */
  graphAppId?: string;
  /**
   * Developer links (https), required: the department's own support, privacy and terms-of-use
   * pages. The bot serves none of them, so no default could be a page that exists.
   */
  websiteUrl?: string;
  privacyUrl?: string;
  termsOfUseUrl?: string;
  /** Folder with the Teams schemas; default `<repo>/../shared/schemas/teams`. */
  schemaDir?: string;
  /** Folder with the template, icons and localization files; default `<repo>/manifest`. */
  sourceDir?: string;
}

/** A package that was written. */
export interface AppPackage {
  outFile: string;
  /** The filled manifest, as it is in the zip's `manifest.json`. */
  manifest: Record<string, unknown>;
  /** The zip's entries, in order. */
  files: string[];
}

/** Thrown with every problem found, each on its own line. */
export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`app package: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'AppPackageError';
  }
}

/** The template's placeholders, `${{NAME}}` (the Teams Toolkit / Agents Toolkit syntax). */
export type PlaceholderName =
  | 'TEAMS_APP_ID'
  | 'BOT_ID'
  | 'GRAPH_APP_ID'
  | 'APP_VERSION'
  | 'BOT_DOMAIN'
  | 'DEVELOPER_WEBSITE_URL'
  | 'PRIVACY_URL'
  | 'TERMS_OF_USE_URL';

export const TEMPLATE_FILE = 'manifest.template.json';
const REPO_ROOT = findRepoRoot(import.meta.url);
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;
/** Fixed entry time, so the same inputs give the same zip bytes. */
const ZIP_MTIME = new Date(2026, 0, 1);

/** The default folders and version, from the repository this module is in. */
export function defaultPaths(): { sourceDir: string; schemaDir: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return {
    sourceDir: join(REPO_ROOT, 'manifest'),
    schemaDir: join(REPO_ROOT, '..', 'shared', 'schemas', 'teams'),
    version: pkg.version ?? '',
  };
}

/** Checks the options and turns them into placeholder values; throws with every problem at once. */
export function placeholderValues(options: Omit<AppPackageOptions, 'outFile'>): Record<PlaceholderName, string> {
  const problems: string[] = [];
  const host = options.botEndpointHost.trim();
  const version = options.version ?? defaultPaths().version;
  if (!GUID.test(options.appId)) problems.push(`appId "${options.appId}" is not a GUID (the bot's Microsoft App ID)`);
  if (options.teamsAppId !== undefined && !GUID.test(options.teamsAppId)) {
    problems.push(`teamsAppId "${options.teamsAppId}" is not a GUID`);
  }
  if (options.graphAppId !== undefined && !GUID.test(options.graphAppId)) {
    problems.push(`graphAppId "${options.graphAppId}" is not a GUID (the Graph app registration's client id)`);
  }
  if (!HOST_NAME.test(host)) {
    problems.push(`botEndpointHost "${options.botEndpointHost}" is not a host name (give e.g. vc-desk.example.edu: no https://, port or path)`);
  }
  if (!SEMVER.test(version)) problems.push(`version "${version}" is not major.minor.patch (e.g. 1.0.0)`);
  const urls = {
    DEVELOPER_WEBSITE_URL: options.websiteUrl ?? '',
    PRIVACY_URL: options.privacyUrl ?? '',
    TERMS_OF_USE_URL: options.termsOfUseUrl ?? '',
  };
  const given = { DEVELOPER_WEBSITE_URL: 'websiteUrl (--website-url)', PRIVACY_URL: 'privacyUrl (--privacy-url)', TERMS_OF_USE_URL: 'termsOfUseUrl (--terms-url)' } as const;
  for (const [name, url] of Object.entries(urls) as Array<[keyof typeof given, string]>) {
    if (!url) problems.push(`${given[name]} is required: a page the department serves (the bot serves none; Teams shows the link to every user)`);
    else if (!/^https:\/\/[^\s/]+/.test(url)) problems.push(`${name} "${url}" is not an https:// URL`);
  }
  if (problems.length > 0) throw new AppPackageError(problems);
  return {
    TEAMS_APP_ID: options.teamsAppId ?? options.appId,
    BOT_ID: options.appId,
    GRAPH_APP_ID: options.graphAppId ?? options.appId,
    APP_VERSION: version,
    BOT_DOMAIN: host.toLowerCase(),
    ...urls,
  };
}

/**
 * Replaces `${{NAME}}` in every string of the parsed template (never in the JSON text, so no value
 * can break the JSON). An unknown or unset placeholder is an error.
 */
export function fillTemplate(template: unknown, values: Readonly<Record<string, string>>): unknown {
  const missing = new Set<string>();
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        const value = values[name];
        if (value === undefined) {
          missing.add(name);
          return whole;
        }
        return value;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    }
    return node;
  };
  const filled = fill(template);
  if (missing.size > 0) throw new AppPackageError([...missing].map((name) => `the template's placeholder \${{${name}}} has no value`));
  return filled;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppPackageError([`cannot read ${path}: ${(error as Error).message}`]);
  }
}

/** The files besides manifest.json that the manifest names: icons, then localization files. */
export function referencedFiles(manifest: Record<string, unknown>): string[] {
  const icons = (manifest.icons ?? {}) as Record<string, string>;
  const localization = (manifest.localizationInfo ?? {}) as {
    defaultLanguageFile?: string;
    additionalLanguages?: Array<{ file: string }>;
  };
  const files = [icons.color, icons.outline, icons.color32x32, localization.defaultLanguageFile];
  for (const language of localization.additionalLanguages ?? []) files.push(language.file);
  return files.filter((file): file is string => typeof file === 'string');
}

/** Compiled validators by schema folder: compiling the Teams schema takes a second or two. */
const compiledSchemas = new Map<string, { schemas: TeamsSchemas; validator: ManifestValidator }>();

function validatorFor(schemaDir: string): { schemas: TeamsSchemas; validator: ManifestValidator } {
  const key = resolve(schemaDir);
  let compiled = compiledSchemas.get(key);
  if (!compiled) {
    let schemas: TeamsSchemas;
    try {
      schemas = loadTeamsSchemas(key);
    } catch (error) {
      throw new AppPackageError([`${(error as Error).message}; give the schema folder with schemaDir (--schema-dir)`]);
    }
    compiled = { schemas, validator: createManifestValidator(schemas) };
    compiledSchemas.set(key, compiled);
  }
  return compiled;
}

/** The filled manifest and its localization files, validated; no file is written. */
export function renderManifest(options: Omit<AppPackageOptions, 'outFile'>): {
  manifest: Record<string, unknown>;
  localizations: Map<string, Record<string, unknown>>;
} {
  const defaults = defaultPaths();
  const sourceDir = options.sourceDir ?? defaults.sourceDir;
  const schemaDir = options.schemaDir ?? defaults.schemaDir;
  const values = placeholderValues(options);
  const manifest = fillTemplate(readJson(join(sourceDir, TEMPLATE_FILE)), values) as Record<string, unknown>;

  const { schemas, validator } = validatorFor(schemaDir);
  const problems = validator.validateManifest(manifest).map((p) => `manifest.json ${p}`);
  for (const [key, value] of flattenStrings(manifest)) {
    if (value.includes('${{')) problems.push(`manifest.json ${key} still holds a placeholder: ${value}`);
  }

  const localizations = new Map<string, Record<string, unknown>>();
  for (const file of referencedFiles(manifest)) {
    const path = join(sourceDir, file);
    if (!existsSync(path)) {
      problems.push(`${file}, named by the manifest, is not in ${sourceDir}`);
      continue;
    }
    if (!file.endsWith('.json')) continue;
    const localization = readJson(path) as Record<string, unknown>;
    localizations.set(file, localization);
    problems.push(...validator.validateLocalization(localization).map((p) => `${file} ${p}`));
    problems.push(...checkLocalizationCoverage(manifest, localization, schemas.localization, file));
  }
  if (problems.length > 0) throw new AppPackageError(problems);
  return { manifest, localizations };
}

/** Fills, validates and zips the app package; returns what was written. */
export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackage> {
  const sourceDir = options.sourceDir ?? defaultPaths().sourceDir;
  const { manifest } = renderManifest(options);

  const zip = new ZipFile();
  const files = ['manifest.json', ...referencedFiles(manifest)];
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), 'manifest.json', { mtime: ZIP_MTIME });
  for (const file of files.slice(1)) {
    zip.addBuffer(readFileSync(join(sourceDir, file)), file, { mtime: ZIP_MTIME });
  }
  mkdirSync(dirname(options.outFile), { recursive: true });
  const written = pipeline(zip.outputStream, createWriteStream(options.outFile));
  zip.end();
  await written;
  return { outFile: options.outFile, manifest, files };
}
