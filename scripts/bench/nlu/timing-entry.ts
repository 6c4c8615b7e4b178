// Parse timings in a plain node process (bundled by bench/nlu.ts), so they can run under the CI's
// own V8 flags (--no-opt, see ci-runtime/main.ts). Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import type { ParseContext } from '../../../ci-runtime/intents/extract-args';
import { worstCaseMessage } from './worst-case';

const ctx = JSON.parse(process.argv[2]!) as ParseContext;
const text200 = process.argv[3]!;
// Wall-clock per parse (p50/p99/max) and CPU time per parse (mean): the machine is shared, and
// CPU time is what the parse itself costs when another process takes the core away.
function timing(text: string, runs: number): { p50: number; p99: number; max: number; cpu: number } {
  for (let i = 0; i < 50; i++) parseIntent(text, ctx);
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) parseIntent(text, ctx);
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000 / runs;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    parseIntent(text, ctx);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs / 2)]!, p99: times[Math.floor(runs * 0.99)]!, max: times[runs - 1]!, cpu };
}
// The parser's own heap: what its first parse builds (speller, indexes) and what stays after many.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
parseIntent(text200, ctx);
const first = performance.now() - t0;
gc();
const heapFirst = process.memoryUsage().heapUsed - heap0;
const t200 = timing(text200, 2000);
const worst = timing(worstCaseMessage(), 200);
gc();
const heapAfter = process.memoryUsage().heapUsed - heap0;
process.stdout.write(`${JSON.stringify({ first, t200, worst, heapFirst, heapAfter })}\n`);
