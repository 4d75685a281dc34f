import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppPackageError,
  buildAppPackage,
  fillTemplate,
  renderManifest,
  type AppPackage,
} from '../../manifest/build-package.js';
import {
  asDraft07,
  checkLocalizationCoverage,
  createManifestValidator,
  loadTeamsSchemas,
  type ManifestValidator,
  type TeamsSchemas,
} from '../../manifest/manifest-schema.js';
import { findRepoRoot } from '../../manifest/repo-root.js';
import { readZip } from './zip-reader.js';

const repoRoot = findRepoRoot(import.meta.url);
const manifestDir = join(repoRoot, 'manifest');
/** CI keeps the shared folder beside the repository. */
const schemaDir = join(repoRoot, '..', 'shared', 'schemas', 'teams');

const APP_ID = '6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f50';
const TEAMS_APP_ID = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const HOST = 'vc-desk.example.edu';
const VERSION = '1.4.2';
const GRAPH_APP_ID = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99';
/** The department's own pages: the package requires them (the bot serves none). */
const LINKS = {
  websiteUrl: 'https://redes.example.edu/mesa-vc',
  privacyUrl: 'https://redes.example.edu/mesa-vc/privacidad',
  termsOfUseUrl: 'https://redes.example.edu/mesa-vc/terminos',
};

const templateText = readFileSync(join(manifestDir, 'manifest.template.json'), 'utf8');
const english = JSON.parse(readFileSync(join(manifestDir, 'en.json'), 'utf8')) as Record<string, unknown>;

/** The template filled by plain text replacement: an independent reading of what the package must hold. */
function expectedManifest(teamsAppId = APP_ID, graphAppId = APP_ID): Record<string, unknown> {
  return JSON.parse(
    templateText
      .replaceAll('${{TEAMS_APP_ID}}', teamsAppId)
      .replaceAll('${{BOT_ID}}', APP_ID)
      .replaceAll('${{GRAPH_APP_ID}}', graphAppId)
      .replaceAll('${{APP_VERSION}}', VERSION)
      .replaceAll('${{BOT_DOMAIN}}', HOST)
      .replaceAll('${{DEVELOPER_WEBSITE_URL}}', LINKS.websiteUrl)
      .replaceAll('${{PRIVACY_URL}}', LINKS.privacyUrl)
      .replaceAll('${{TERMS_OF_USE_URL}}', LINKS.termsOfUseUrl),
  ) as Record<string, unknown>;
}

type Manifest = ReturnType<typeof expectedManifest> & {
  bots: Array<{ botId: string; scopes: string[]; supportsFiles: boolean; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>;
  composeExtensions: Array<{ botId: string; commands: Array<Record<string, unknown>> }>;
  webApplicationInfo: { id: string; resource?: string };
  developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
};

let schemas: TeamsSchemas;
let validator: ManifestValidator;
let workDir: string;

beforeAll(() => {
  schemas = loadTeamsSchemas(schemaDir);
  validator = createManifestValidator(schemas);
  workDir = mkdtempSync(join(tmpdir(), 'vc-desk-app-package-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('the filled manifest', () => {
  it('validates against the Teams manifest schema v1.22', () => {
    const manifest = expectedManifest();
    expect(validator.validateManifest(manifest)).toEqual([]);
    expect(manifest.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
    expect(manifest.manifestVersion).toBe('1.22');
  });

  it('is what renderManifest produces, with the bot id in the bot and the message extension', () => {
    const { manifest } = renderManifest({ appId: APP_ID, botEndpointHost: HOST, version: VERSION, schemaDir, ...LINKS });
    expect(manifest).toEqual(expectedManifest());
    const typed = manifest as Manifest;
    expect(typed.id).toBe(APP_ID);
    expect(typed.bots[0]!.botId).toBe(APP_ID);
    expect(typed.composeExtensions[0]!.botId).toBe(APP_ID);
    expect(typed.validDomains).toEqual([HOST]);
  });

  it('takes a separate Teams app id when given', () => {
    const { manifest } = renderManifest({ appId: APP_ID, teamsAppId: TEAMS_APP_ID, botEndpointHost: HOST, version: VERSION, schemaDir, ...LINKS });
    expect(manifest).toEqual(expectedManifest(TEAMS_APP_ID));
    expect((manifest as Manifest).bots[0]!.botId).toBe(APP_ID);
  });

  it('names the Graph app registration in webApplicationInfo (the bot’s App ID unless given), so it can install itself with ReadWriteSelfForUser.All', () => {
    expect((renderManifest({ appId: APP_ID, botEndpointHost: HOST, version: VERSION, schemaDir, ...LINKS }).manifest as Manifest).webApplicationInfo).toEqual({ id: APP_ID });
    const separate = renderManifest({ appId: APP_ID, graphAppId: GRAPH_APP_ID, botEndpointHost: HOST, version: VERSION, schemaDir, ...LINKS }).manifest;
    expect(separate).toEqual(expectedManifest(APP_ID, GRAPH_APP_ID));
    expect((separate as Manifest).webApplicationInfo).toEqual({ id: GRAPH_APP_ID });
    expect(() => renderManifest({ appId: APP_ID, graphAppId: 'graph', botEndpointHost: HOST, version: VERSION, schemaDir, ...LINKS })).toThrow(/graphAppId "graph" is not a GUID/);
  });

  it('carries the department’s own support, privacy and terms pages, and is refused without them (the bot serves none: a default would be a 404)', () => {
    expect((expectedManifest() as Manifest).developer).toMatchObject(LINKS);
    try {
      renderManifest({ appId: APP_ID, botEndpointHost: HOST, version: VERSION, schemaDir });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(AppPackageError);
      expect((error as AppPackageError).problems).toEqual([
        expect.stringMatching(/^websiteUrl \(--website-url\) is required/),
        expect.stringMatching(/^privacyUrl \(--privacy-url\) is required/),
        expect.stringMatching(/^termsOfUseUrl \(--terms-url\) is required/),
      ]);
    }
  });

  it('offers the bot in personal, team and group chats with the commands of each scope', () => {
    const bot = (expectedManifest() as Manifest).bots[0]!;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.commandLists.map((list) => list.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    const titles = (scope: string) => bot.commandLists.find((list) => list.scopes.includes(scope))?.commands.map((c) => c.title);
    expect(titles('personal')).toEqual(['ayuda', 'mis solicitudes', 'estado', 'agenda hoy', 'agenda semana', 'agenda']);
    // A team and a group chat answer help and the agenda (mis solicitudes and estado answer only in the 1:1 chat).
    expect(titles('team')).toEqual(['ayuda', 'agenda hoy', 'agenda semana', 'agenda']);
    expect(titles('groupChat')).toEqual(['ayuda', 'agenda hoy', 'agenda semana', 'agenda']);
  });

  it('has the two message-extension commands of Help Desk', () => {
    const [register, search] = (expectedManifest() as Manifest).composeExtensions[0]!.commands;
    expect(register).toMatchObject({
      id: 'registrarSolicitud',
      type: 'action',
      title: 'Registrar solicitud',
      fetchTask: true,
      context: ['compose', 'commandBox', 'message'],
    });
    expect(search).toMatchObject({
      id: 'buscarSolicitudes',
      type: 'query',
      title: 'Buscar solicitudes',
      initialRun: true,
      context: ['compose', 'commandBox'],
      parameters: [expect.objectContaining({ name: 'query' })],
    });
  });

  it('is rejected by the validator when it breaks the schema (the check is not vacuous)', () => {
    const manifest = expectedManifest() as Manifest;
    const broken = {
      ...manifest,
      id: 'not-a-guid',
      unknownField: true,
      bots: [{ ...manifest.bots[0]!, scopes: ['everywhere'] }],
    };
    const problems = validator.validateManifest(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/id must match pattern/),
        expect.stringMatching(/must NOT have additional properties \("unknownField"\)/),
        expect.stringMatching(/^\/bots\/0\/scopes\/0 must be equal to one of the allowed values/),
      ]),
    );
  });
});

describe('the English localization file (manifest/en.json)', () => {
  it('validates against the Teams localization schema v1.22', () => {
    expect(validator.validateLocalization(english)).toEqual([]);
  });

  it('translates every translatable string of the manifest and nothing else', () => {
    expect(checkLocalizationCoverage(expectedManifest(), english, schemas.localization, 'en.json')).toEqual([]);
  });

  it('is caught when a title is too long, a key is stray, or a string is untranslated', () => {
    const { 'composeExtensions[0].commands[1].title': _search, ...withoutSearch } = english;
    const edited = {
      ...withoutSearch,
      'bots[0].commandLists[0].commands[0].title': 'a help command title far longer than thirty-two characters',
      'bots[0].commandLists[0].commands[7].title': 'stray',
    };
    expect(validator.validateLocalization(edited)).toEqual([
      expect.stringMatching(/^\/bots\[0\]\.commandLists\[0\]\.commands\[0\]\.title must NOT have more than 32 characters/),
    ]);
    expect(checkLocalizationCoverage(expectedManifest(), edited, schemas.localization, 'en.json')).toEqual([
      'en.json: "bots[0].commandLists[0].commands[7].title" translates nothing in the manifest',
      'en.json: "composeExtensions[0].commands[1].title" is not translated',
    ]);
  });
});

describe('the app package zip', () => {
  let built: AppPackage;
  let entries: Map<string, Buffer>;

  beforeAll(async () => {
    built = await buildAppPackage({
      appId: APP_ID,
      botEndpointHost: HOST,
      version: VERSION,
      ...LINKS,
      outFile: join(workDir, 'nested', 'app.zip'),
      schemaDir,
    });
    entries = new Map(readZip(readFileSync(built.outFile)).map((entry) => [entry.name, entry.data]));
  });

  it('holds manifest.json, the two icons and the English strings', () => {
    expect(built.files).toEqual(['manifest.json', 'color.png', 'outline.png', 'en.json']);
    expect([...entries.keys()]).toEqual(built.files);
  });

  it('has a manifest.json equal to the filled template', () => {
    expect(JSON.parse(entries.get('manifest.json')!.toString('utf8'))).toEqual(expectedManifest());
    expect(built.manifest).toEqual(expectedManifest());
  });

  it('carries the icons and the localization file byte for byte', () => {
    for (const file of ['color.png', 'outline.png', 'en.json']) {
      expect(entries.get(file)!.equals(readFileSync(join(manifestDir, file)))).toBe(true);
    }
  });

  it('is the same bytes when built again from the same inputs', async () => {
    const again = await buildAppPackage({ appId: APP_ID, botEndpointHost: HOST, version: VERSION, outFile: join(workDir, 'again.zip'), schemaDir, ...LINKS });
    expect(readFileSync(again.outFile).equals(readFileSync(built.outFile))).toBe(true);
  });

  it('defaults the version to package.json\'s', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const { manifest } = renderManifest({ appId: APP_ID, botEndpointHost: HOST, schemaDir, ...LINKS });
    expect(manifest.version).toBe(pkg.version);
  });
});

describe('bad inputs', () => {
  it('reports every wrong option at once, and writes nothing', async () => {
    const outFile = join(workDir, 'never.zip');
    const attempt = buildAppPackage({ appId: '1234', botEndpointHost: 'https://vc-desk.example.edu/api', version: '1.0', outFile, schemaDir, ...LINKS });
    await expect(attempt).rejects.toBeInstanceOf(AppPackageError);
    await attempt.catch((error: AppPackageError) => {
      expect(error.problems).toEqual([
        expect.stringContaining('appId "1234" is not a GUID'),
        expect.stringContaining('botEndpointHost "https://vc-desk.example.edu/api" is not a host name'),
        expect.stringContaining('version "1.0" is not major.minor.patch'),
      ]);
    });
    expect(() => readFileSync(outFile)).toThrow();
  });

  it('names a missing schema folder', () => {
    expect(() => renderManifest({ appId: APP_ID, botEndpointHost: HOST, schemaDir: join(workDir, 'no-schemas'), ...LINKS })).toThrow(
      /cannot read the Teams schema .*MicrosoftTeams\.v1\.22\.schema\.json/,
    );
  });

  it('refuses a placeholder without a value', () => {
    expect(() => fillTemplate({ id: '${{TEAMS_APP_ID}}', other: ['${{NOT_A_SETTING}}'] }, { TEAMS_APP_ID: APP_ID })).toThrow(
      /placeholder \$\{\{NOT_A_SETTING\}\} has no value/,
    );
  });

  it('fills placeholders inside strings without touching the JSON around them', () => {
    expect(fillTemplate({ a: 'x ${{V}} y', b: [1, true, null, '${{V}}'] }, { V: '"quoted"' })).toEqual({
      a: 'x "quoted" y',
      b: [1, true, null, '"quoted"'],
    });
  });

  it('refuses a draft-04 schema that draft-07 would read differently', () => {
    expect(() => asDraft07({ $schema: 'http://json-schema.org/draft-04/schema#', properties: { n: { maximum: 3, exclusiveMaximum: true } } })).toThrow(
      /\/properties\/n\/exclusiveMaximum/,
    );
  });
});
