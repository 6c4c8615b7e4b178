// Runs the container CI's unit tests (ci-runtime, recipes, security) on the Node the images ship
// (the pinned LTS from npm, scripts/ci-node.ts), not on the host's Node: what runs in production
// is what is tested. The docker tier already runs the CI on it inside real containers.
// Run: npm run test:ci-node [-- extra vitest args]
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ciNode } from '../test/support/ci-node';

const ROOT = resolve(import.meta.dirname, '..');
const { execPath, nodeVersion } = ciNode();
console.log(`unit tests of the CI on Node ${nodeVersion} (${execPath})`);
const result = spawnSync(
  execPath,
  [
    join(ROOT, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--project',
    'unit',
    'test/unit/ci-runtime',
    'test/unit/recipes',
    'test/unit/security',
    ...process.argv.slice(2),
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
