// The base-image map (docs/design-decisions.md, Base images): TEKTON_BASE_IMAGE_MAP
// (`python:3.12-slim=mirror/python:3.12-slim,...`) wins over <state>/containers/base-images.json.
// The mapped names become build arguments; the Dockerfile itself never changes.
import { readFileSync } from 'node:fs';
import { parseDockerfile } from '../dockerfile/parse-dockerfile';
import { baseImageMapPath } from '../../tekton/state-paths';

/** Public image name → replacement. */
export type BaseImageMap = Record<string, string>;

/** Reads the map: the env variable's entries win over the state file's. */
export function readBaseImageMap(env: Record<string, string | undefined>, stateDir: string): BaseImageMap {
  let fromFile: BaseImageMap = {};
  try {
    const v = JSON.parse(readFileSync(baseImageMapPath(stateDir), 'utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v))
      fromFile = Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as BaseImageMap;
  } catch {
    /* no map file: images are used as named */
  }
  return { ...fromFile, ...parseMapEnv(env.TEKTON_BASE_IMAGE_MAP ?? '') };
}

/** Parses `a=b,c=d`. */
export function parseMapEnv(text: string): BaseImageMap {
  const out: BaseImageMap = {};
  for (const pair of text.split(',')) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

/** Build arguments for the Dockerfile's global ARGs whose default image the map replaces. */
export function baseImageBuildArgs(dockerfile: string, map: BaseImageMap): Record<string, string> {
  const args: Record<string, string> = {};
  for (const i of parseDockerfile(dockerfile)) {
    if (i.stage >= 0 || i.keyword !== 'ARG') continue;
    const m = /^(\w+)=["']?([^"'\s]+)["']?$/.exec(i.args);
    if (m && map[m[2]!]) args[m[1]!] = map[m[2]!]!;
  }
  return args;
}
