// The setup behind `npm test` and `npm run demo` (called by scripts/bootstrap.mjs after npm
// dependencies): a Docker engine that answers, the offline base images, the base-image map, the
// bundles. Idempotent; fast when everything is ready.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTektonEnv } from '../../plugin/tekton/env';
import { sharedStateDir } from '../../plugin/tekton/shared-state';
import { bundle } from '../bundle';
import { baseImageMapPath } from '../../plugin/tekton/state-paths';
import { baseImageMap, writeBaseImageMap } from './base-image-map';
import { BASE_SPECS, ensureBaseImages, imageLabels } from './base-images';
import { keptStandIns, PUBLIC_TO_LOCAL } from './base-image-map';
import { STAND_IN_LABEL } from '../../plugin/docker/build/ensure-stand-ins';
import { ensureDockerEngine } from './docker-engine';
import { ensureHostPackages } from './host-packages';
import { ensureImageRegistry } from './image-registry';
import { say } from './say';
import { withSetupLock } from './setup-lock';

/** Runs every setup step; throws with a message that says what to do when one cannot be done. */
export async function setup(root = resolve(fileURLToPath(import.meta.url), '..', '..', '..')): Promise<void> {
  const started = Date.now();
  const docker = await ensureDockerEngine();
  await ensureHostPackages();
  await (await import('./browser')).ensureBrowser();
  const cacheDir = join(root, '.cache', 'setup');
  mkdirSync(cacheDir, { recursive: true });
  const ready = new Set(await ensureBaseImages({ docker, root, cacheDir }));
  const publics = Object.keys(PUBLIC_TO_LOCAL);
  const present = new Set<string>(ready);
  for (const name of publics) if ((await imageLabels(docker, name)) !== null) present.add(name);
  const mapPath = baseImageMapPath(sharedStateDir(loadTektonEnv()));
  // Stand-ins that builds made on demand stay recorded (and win over the preinstalled offline bases).
  const standIns = await keptStandIns(
    mapPath,
    async (image) => (await imageLabels(docker, image))?.[STAND_IN_LABEL] !== undefined,
  );
  const map = { ...baseImageMap((image) => present.has(image)), ...standIns };
  writeBaseImageMap(mapPath, map);
  await ensureImageRegistry(cacheDir);
  await bundle({ root, log: say });
  say(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s (engine answers; ${ready.size}/${BASE_SPECS.length} base images; map: ${mapPath})`,
  );
}

withSetupLock(() => setup()).catch((error: unknown) => {
  process.stderr.write(`Error: setup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
