/**
 * Validation of the Teams app manifest and its localization files against Microsoft's JSON
 * schemas (v1.22), plus the cross-file rules those schemas cannot express.
 *
 * Microsoft publishes the schemas as draft-04. Ajv 8 reads draft-07, which differs from draft-04
 * only in `id` (now `$id`) and in boolean `exclusiveMinimum`/`exclusiveMaximum` (now numbers);
 * `asDraft07` drops the `$schema` line and refuses a schema that uses either construct, so a
 * future schema that needs a real draft-04 validator fails loudly instead of validating wrongly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default;

/** The file names of the two schemas inside the schema folder. */
export const MANIFEST_SCHEMA_FILE = 'MicrosoftTeams.v1.22.schema.json';
export const LOCALIZATION_SCHEMA_FILE = 'MicrosoftTeams.Localization.v1.22.schema.json';

/** The two schemas, as published (draft-04). */
export interface TeamsSchemas {
  manifest: SchemaObject;
  localization: SchemaObject;
}

/** Reads both schemas from `schemaDir`; the error names the missing file. */
export function loadTeamsSchemas(schemaDir: string): TeamsSchemas {
  const read = (file: string): SchemaObject => {
    const path = join(schemaDir, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`manifest-schema: cannot read the Teams schema ${path} (${(error as Error).message})`);
    }
    return JSON.parse(text) as SchemaObject;
  };
  return { manifest: read(MANIFEST_SCHEMA_FILE), localization: read(LOCALIZATION_SCHEMA_FILE) };
}

function findDraft04Only(node: unknown, path: string, found: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => findDraft04Only(item, `${path}/${i}`, found));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') {
      found.push(`${path}/${key}`);
    }
    findDraft04Only(value, `${path}/${key}`, found);
  }
}

/** A copy of a draft-04 `schema` that Ajv's draft-07 validator reads with the same meaning. */
export function asDraft07(schema: SchemaObject): SchemaObject {
  const found: string[] = [];
  if (typeof schema.id === 'string') found.push('/id');
  findDraft04Only(schema, '', found);
  if (found.length > 0) {
    throw new Error(`manifest-schema: the schema uses draft-04-only keywords that draft-07 reads differently: ${found.join(', ')}`);
  }
  const copy: SchemaObject = { ...schema };
  delete copy.$schema;
  return copy;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    const detail = e.keyword === 'additionalProperties' ? ` ("${String(e.params.additionalProperty)}")` : '';
    return `${where} ${e.message ?? e.keyword}${detail}`;
  });
}

/** Validators for a manifest and a localization file; each returns its problems (none = valid). */
export interface ManifestValidator {
  validateManifest(manifest: unknown): string[];
  validateLocalization(localization: unknown): string[];
}

/** Compiles both schemas once. */
export function createManifestValidator(schemas: TeamsSchemas): ManifestValidator {
  // strict: false — the published schemas carry keywords and defaults Ajv's strict mode rejects
  // (e.g. `"default": "null"` on a boolean); they do not change what validates.
  // unicodeRegExp: false — some published patterns (`…\b]\.description$`) have a bare `]`, which
  // JavaScript accepts only without the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const manifest = ajv.compile(asDraft07(schemas.manifest));
  const localization = ajv.compile(asDraft07(schemas.localization));
  return {
    validateManifest: (value) => (manifest(value) ? [] : describe(manifest.errors)),
    validateLocalization: (value) => (localization(value) ? [] : describe(localization.errors)),
  };
}

/** Every string in `value` by its localization key (`name.short`, `bots[0].commandLists[1].commands[0].title`). */
export function flattenStrings(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'string') {
    out.set(prefix, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => flattenStrings(item, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flattenStrings(item, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

const NOT_TRANSLATIONS = new Set(['$schema', 'localizationKeys']);

/**
 * Checks a localization file against the manifest it translates: each translated key names a
 * string the manifest has, and each string of the manifest the schema lets one translate is
 * translated (so no surface shows the default language in the middle of another).
 */
export function checkLocalizationCoverage(
  manifest: unknown,
  localization: Record<string, unknown>,
  localizationSchema: SchemaObject,
  fileName: string,
): string[] {
  const problems: string[] = [];
  const manifestStrings = flattenStrings(manifest);
  const fixedKeys = Object.keys((localizationSchema.properties ?? {}) as object).filter((k) => !NOT_TRANSLATIONS.has(k));
  const keyPatterns = Object.keys((localizationSchema.patternProperties ?? {}) as object).map((p) => new RegExp(p));
  const translatable = (key: string) => fixedKeys.includes(key) || keyPatterns.some((re) => re.test(key));

  for (const key of Object.keys(localization)) {
    if (NOT_TRANSLATIONS.has(key)) continue;
    if (!manifestStrings.has(key)) problems.push(`${fileName}: "${key}" translates nothing in the manifest`);
  }
  for (const key of manifestStrings.keys()) {
    if (translatable(key) && !(key in localization)) problems.push(`${fileName}: "${key}" is not translated`);
  }
  return problems;
}
