// npm run fuzz [-- --cases 10000 --seed 1 --timeout 20000]: random queries and inputs through
// the worker RPC (see scripts/fuzz/fuzz.ts); exits 1 on a timeout, a crash, an internal error or
// an unhandled error. Not part of npm test; e2e/fuzz-worker.test.ts runs a small seeded batch.
import { formatReport, runFuzz } from "./fuzz/fuzz.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const report = await runFuzz({
  cases: arg("cases", 10_000),
  seed: arg("seed", 1),
  timeoutMs: arg("timeout", 20_000),
  log: (l) => console.log(l),
});
console.log(formatReport(report));
const failed = report.failures.length + report.unhandled.length;
if (failed > 0) console.error(`FAIL: ${failed} failures`);
process.exit(failed > 0 ? 1 : 0);
