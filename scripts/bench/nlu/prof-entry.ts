import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import { worstCaseMessage } from './worst-case';
import { readFileSync } from 'node:fs';
const ctx = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const w = worstCaseMessage();
const t0 = performance.now();
for (let i = 0; i < 300; i++) parseIntent(w, ctx);
console.log((performance.now() - t0) / 300);
