import { BenchStore } from './bench-store.js';
import { formatInvokeLatencyReport, runInvokeLatencyBench } from './invoke-latency-bench.js';
import { heading } from './report.js';
const store = await BenchStore.start({ configuredUri: process.env.MONGODB_URI, projectRoot: process.cwd(), searchPath: process.env.PATH });
try {
  console.log(`database: ${store.kind}`);
  console.log(heading('5. Invoke latency: take through the real adapter, 50 in flight'));
  console.log(formatInvokeLatencyReport(await runInvokeLatencyBench(store)));
} finally { await store.close(); }
setTimeout(() => { console.log('still alive:', process.getActiveResourcesInfo()); process.exit(); }, 3000).unref();
