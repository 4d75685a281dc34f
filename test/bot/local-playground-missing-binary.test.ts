import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm start` without Bot Framework credentials starts the Agents Playground (a devDependency).
 * When its binary is missing (installed with --omit=dev, or a broken node_modules), starting it
 * must fail with the product's own error, not crash the process with an unhandled 'error' event.
 * Run in a child process so the crash cannot take the test runner with it.
 */
describe('the local Playground', () => {
  it('reports a missing binary as a rejected start, not an uncaught exception', async () => {
    const projectRoot = mkdtempSync(join(tmpdir(), 'no-playground-'));
    const module = resolve('dist/bot/local-playground.js');
    const script = `
      process.on('uncaughtException', (error) => { console.log('UNCAUGHT ' + error.message); process.exit(3); });
      const { startLocalPlayground } = await import(${JSON.stringify(module)});
      const logger = { info() {}, warn() {}, error() {}, debug() {} };
      try {
        await startLocalPlayground({ projectRoot: ${JSON.stringify(projectRoot)}, botEndpoint: 'http://127.0.0.1:1/api/messages', logger });
        console.log('STARTED');
      } catch (error) {
        console.log('REJECTED ' + error.message);
      }`;
    const output = await new Promise<string>((done) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 75_000 }, (_error, stdout) => done(stdout));
    });
    expect(output).toMatch(/^REJECTED /);
  }, 90_000);
});
