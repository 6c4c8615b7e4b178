import { corpusContext } from '../../../test/unit/ci-runtime/phrasings/corpus';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
const ctx = await corpusContext();
const t = 'hey, could you please tell me how much memory the celery worker and the redis cache are using right now, and whether postgres looks healthy after the deploy we did this morning? thanks a lot'.slice(0, 200);
for (let i = 0; i < 300; i++) parseIntent(t, ctx);
const n = 2000; const ts: number[] = [];
for (let i = 0; i < n; i++) { const a = performance.now(); parseIntent(t, ctx); ts.push(performance.now() - a); }
ts.sort((a, b) => a - b); console.log('p50', ts[n / 2], 'p99', ts[Math.floor(n * 0.99)]);
