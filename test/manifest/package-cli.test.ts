import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppPackageError } from '../../manifest/build-package.js';
import { DEFAULT_OUT_FILE, parsePackageArgs, runPackageCli } from '../../manifest/package-cli.js';
import { findRepoRoot } from '../../manifest/repo-root.js';

const APP_ID = '6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f50';
const schemaDir = join(findRepoRoot(import.meta.url), '..', 'shared', 'schemas', 'teams');
const workDir = mkdtempSync(join(tmpdir(), 'vc-desk-package-cli-'));
/** The department's own pages, which every package requires. */
const LINK_ARGS = ['--website-url', 'https://redes.example.edu/', '--privacy-url', 'https://redes.example.edu/privacidad', '--terms-url', 'https://redes.example.edu/terminos'];

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('package-cli arguments', () => {
  it('maps every argument to a package option', () => {
    expect(
      parsePackageArgs([
        '--app-id', APP_ID,
        '--host', 'vc-desk.example.edu',
        '--out', 'out/app.zip',
        '--version', '2.0.1',
        '--teams-app-id', '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
        '--graph-app-id', '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99',
        '--website-url', 'https://redes.example.edu/',
        '--privacy-url', 'https://redes.example.edu/privacidad',
        '--terms-url', 'https://redes.example.edu/terminos',
        '--schema-dir', 'schemas',
      ]),
    ).toEqual({
      appId: APP_ID,
      botEndpointHost: 'vc-desk.example.edu',
      outFile: resolve('out/app.zip'),
      version: '2.0.1',
      teamsAppId: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
      graphAppId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99',
      websiteUrl: 'https://redes.example.edu/',
      privacyUrl: 'https://redes.example.edu/privacidad',
      termsOfUseUrl: 'https://redes.example.edu/terminos',
      schemaDir: resolve('schemas'),
    });
  });

  it('writes to the default place when --out is not given', () => {
    expect(parsePackageArgs(['--app-id', APP_ID, '--host', 'h.example.edu', ...LINK_ARGS]).outFile).toBe(resolve(DEFAULT_OUT_FILE));
  });

  it('names every required argument that is missing: the ids and the department’s own pages (the bot serves none)', () => {
    expect(() => parsePackageArgs([])).toThrow(AppPackageError);
    try {
      parsePackageArgs([]);
    } catch (error) {
      expect((error as AppPackageError).problems).toEqual([
        expect.stringMatching(/^--app-id is required/),
        expect.stringMatching(/^--host is required/),
        expect.stringMatching(/^--website-url is required/),
        expect.stringMatching(/^--privacy-url is required/),
        expect.stringMatching(/^--terms-url is required/),
      ]);
    }
  });

  it('refuses an unknown argument', () => {
    expect(() => parsePackageArgs(['--app-id', APP_ID, '--host', 'h.example.edu', '--colour', 'red'])).toThrow(/--colour/);
  });
});

describe('package-cli run', () => {
  it('writes the package and says where (exit code 0)', async () => {
    const outFile = join(workDir, 'app.zip');
    const lines: string[] = [];
    const code = await runPackageCli(['--app-id', APP_ID, '--host', 'vc-desk.example.edu', '--out', outFile, '--schema-dir', schemaDir, ...LINK_ARGS], (line) => lines.push(line));
    expect(code).toBe(0);
    expect(existsSync(outFile)).toBe(true);
    expect(lines).toEqual([expect.stringContaining(`app package written: ${outFile} (manifest.json, color.png, outline.png, en.json;`)]);
  });

  it('prints the problems and the usage for bad arguments (exit code 2)', async () => {
    const errors: string[] = [];
    const code = await runPackageCli(['--app-id', 'nope', '--host', 'vc-desk.example.edu', '--schema-dir', schemaDir, ...LINK_ARGS], () => {}, (line) => errors.push(line));
    expect(code).toBe(2);
    expect(errors[0]).toContain('appId "nope" is not a GUID');
    expect(errors[1]).toMatch(/^usage: package-cli/);
  });
});
