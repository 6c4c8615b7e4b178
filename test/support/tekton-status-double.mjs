#!/usr/bin/env node
// Stands in for Tekton's Python running scripts/enhanced_tekton_status.py, which CI cannot run. It
// replays the real script's recorded JSON (test/fixtures/tekton-real/status.json) verbatim, and
// keeps the real script's contract: `--json` wanted, TEKTON_ROOT set, PYTHONPATH holding the root
// and shared/, every <COMPONENT>_PORT present (the real one raises ValueError without it).
// TEKTON_STATUS_DOUBLE=crash|garbage|hang plays a broken Tekton.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const recorded = readFileSync(join(here, '..', 'fixtures', 'tekton-real', 'status.json'), 'utf8');
const [script, ...args] = process.argv.slice(2);
const env = process.env;

function fail(lines, status = 1) {
  process.stderr.write(
    `${['Traceback (most recent call last):', `  File "${script}", line 103, in <module>`, ...lines].join('\n')}\n`,
  );
  process.exit(status);
}

if (!script?.endsWith('scripts/enhanced_tekton_status.py')) fail([`python: can't open file '${script}'`], 2);
if (!args.includes('--json')) fail(['this double only answers --json'], 2);
if (!env.TEKTON_ROOT)
  fail(['RuntimeError: Could not find Tekton root directory. Please set TEKTON_ROOT environment variable.']);
const path = (env.PYTHONPATH ?? '').split(':');
if (!path.includes(env.TEKTON_ROOT) || !path.includes(join(env.TEKTON_ROOT, 'shared')))
  fail(["ModuleNotFoundError: No module named 'shared'"]);
for (const c of JSON.parse(recorded).components) {
  if (c.name === 'ui_dev_tools') continue;
  const key = `${c.name.toUpperCase()}_PORT`;
  if (!env[key])
    fail([
      `ValueError: Port for component '${c.name}' not found in environment. Please set ${key} environment variable.`,
    ]);
}
const mode = env.TEKTON_STATUS_DOUBLE;
if (mode === 'crash')
  fail(['  File "aiohttp/connector.py", line 1, in connect', 'OSError: [Errno 24] Too many open files']);
if (mode === 'garbage') {
  process.stdout.write('Checking Tekton components... 19 found\n✅ hermes\n');
  process.exit(0);
}
if (mode === 'hang') setTimeout(() => undefined, 60_000);
else process.stdout.write(recorded);
