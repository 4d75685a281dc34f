/**
 * How SecantusDB's durability setting is chosen (`node dist/test/bench/store-durability.js
 * [crash] [lag]`, after `npm run build`):
 *
 * - crash: for each setting — nothing, `--sync-on-commit`, `writeConcern {j: true}` per write —
 *   acknowledged writes (request events, booking slots, effect-delivery upserts), SIGKILL of the
 *   server right after the last acknowledgement, restart on the same data: how many acknowledged
 *   writes are still there, and each write's latency.
 * - lag: deadline → No Procede with 1 000 pending waits, with and without `--sync-on-commit`
 *   (test/bench/timeout-lag-bench.ts on a server started here).
 *
 * The launcher's choice is `secantusDbSyncOnCommit` in services/local-store/store-server.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSecantusDb } from '../../services/local-store/store-server.js';
import { crashWrites, type CrashWritesResult } from '../services/local-store/crash-writes.js';
import { BenchStore } from './bench-store.js';
import { percentile, progress } from './measure.js';
import { defaultTimeoutLagOptions, formatTimeoutLagReport, runTimeoutLagBench } from './timeout-lag-bench.js';

const projectRoot = process.cwd();
const settings = [
  { name: 'default (no sync)', syncOnCommit: false, journal: false },
  { name: '--sync-on-commit', syncOnCommit: true, journal: false },
  { name: 'j: true per write', syncOnCommit: false, journal: true },
] as const;

async function crashSection(writes: number, repeats: number): Promise<void> {
  console.log(`\nkill -9 right after ${writes} acknowledged writes (events, slots, delivery upserts in turn), restart, count`);
  console.log('setting               in flight  kept/acknowledged (each run)            lost  p50 ms  p99 ms  mean ms  restart ms');
  for (const inFlight of [1, 8]) {
    for (const setting of settings) {
      const runs: CrashWritesResult[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        progress(`crash: ${setting.name}, ${inFlight} in flight, run ${repeat + 1}/${repeats}`);
        runs.push(await crashWrites({ projectRoot, syncOnCommit: setting.syncOnCommit, journal: setting.journal, writes, inFlight }));
      }
      const latencies = runs.flatMap((run) => run.latencies);
      const kept = runs.map((run) => `${run.latencies.length - run.lost.length}/${run.latencies.length}`).join(' ');
      const lost = runs.reduce((sum, run) => sum + run.lost.length, 0);
      const mean = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
      console.log(
        `${setting.name.padEnd(22)}${String(inFlight).padStart(9)}  ${kept.padEnd(38)}${String(lost).padStart(5)}` +
          `${percentile(latencies, 50).toFixed(2).padStart(8)}${percentile(latencies, 99).toFixed(2).padStart(8)}${mean.toFixed(2).padStart(9)}` +
          `${Math.max(...runs.map((run) => run.restartMs)).toFixed(0).padStart(12)}`,
      );
      const examples = runs.flatMap((run) => run.lost).slice(0, 3);
      if (examples.length) console.log(`    e.g. lost: ${examples.join('; ')}`);
    }
  }
}

async function lagSection(pending: number): Promise<void> {
  for (const syncOnCommit of [false, true]) {
    const dataDir = mkdtempSync(join(tmpdir(), 'vc-desk-lag-'));
    const server = await startSecantusDb({ projectRoot, storagePath: join(dataDir, 'secantusdb'), syncOnCommit, removeOnExit: dataDir });
    try {
      const store = await BenchStore.start({ configuredUri: server.uri, projectRoot });
      try {
        console.log(`\ndeadline → No Procede, ${pending} pending waits, SecantusDB ${syncOnCommit ? 'with' : 'without'} --sync-on-commit`);
        const lag = await runTimeoutLagBench(store, { ...defaultTimeoutLagOptions, pendingWaitLevels: [pending] });
        console.log(formatTimeoutLagReport(lag));
      } finally {
        await store.close();
      }
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  const chosen = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['crash', 'lag']);
  if (chosen.has('crash')) await crashSection(Number(process.env.CRASH_WRITES ?? 300), Number(process.env.CRASH_REPEATS ?? 3));
  if (chosen.has('lag')) await lagSection(Number(process.env.LAG_PENDING ?? 1000));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
