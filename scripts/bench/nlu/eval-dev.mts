import { loadCorpus, corpusContext, score } from '../../../test/unit/ci-runtime/phrasings/corpus';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
const split = process.argv[2] ?? 'train';
const ctx = await corpusContext();
const samples = loadCorpus().filter((s) => split === 'all' || s.split === split);
const r = score(samples, (t) => parseIntent(t, ctx));
console.log(`${split}: ${r.correct}/${r.total} = ${(100*r.correct/r.total).toFixed(1)}% unsafe ${r.unsafe}`);
if (process.argv[3] === 'v') for (const f of r.failures) console.log(`${f.expect.padEnd(40)} | ${f.phrase.padEnd(55)} | ${f.got}`);
