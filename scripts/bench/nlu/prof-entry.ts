import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import { worstCaseMessage } from './worst-case';
import { readFileSync } from 'node:fs';
const ctx = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const w = worstCaseMessage();
const c0 = process.cpuUsage();
for (let i = 0; i < 300; i++) parseIntent(w, ctx);
const c = process.cpuUsage(c0); console.log(((c.user + c.system) / 1000 / 300).toFixed(3));
