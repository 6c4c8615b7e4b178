import { corpusContext } from '../../../test/unit/ci-runtime/phrasings/corpus';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
const ctx = await corpusContext();
for (const p of process.argv.slice(2)) console.log(p, '=>', JSON.stringify(parseIntent(p, ctx)));
