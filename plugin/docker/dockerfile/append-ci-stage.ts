// Adds the container CI to a user's own Dockerfile without rewriting it (the devcontainers/cli
// approach): name the last stage if it has no name (a one-line edit of the in-memory copy), append
// our stage FROM it, build with --target. The user's file on disk is never touched.
import { APP_UID, CI_HOME, CI_MANIFEST, ENV, LABELS, type Manifest } from '../../../protocol';
import {
  CI_ASSETS_STAGE,
  CI_ENTRYPOINT,
  CI_IMAGE_ARG,
  CI_IMAGE_DEFAULT,
  DROP_PRIVILEGES_LABEL,
  HEALTHCHECK_CMD,
} from './generate-dockerfile';
import { envPair, execForm, quoted } from '../quoting/dockerfile-text';
import { appWritableLines, containerWritablePaths } from './app-writable';
import { ciWritableLines } from './ci-writable';
import { dependencyRun } from './package-env';
import { parseDockerfile, parseFrom } from './parse-dockerfile';
import { datastorePackage } from '../analysis/datastore-packages';
import type { NeededService } from '../analysis/types';

/** Name given to the user's last stage when it has none. */
export const USER_STAGE = 'tekton-app';
/** Our appended stage; the build's --target. */
export const CI_TARGET = 'tekton-ci';

/** Error for a user Dockerfile the CI cannot be added to. */
export class DockerfileRefused extends Error {
  override name = 'DockerfileRefused';
}

/** The final stage's base image, following stage aliases and ARG defaults. */
export function finalBaseImage(text: string): string | null {
  const ins = parseDockerfile(text);
  const args = new Map<string, string>();
  const stages = new Map<string, string>();
  let last: string | null = null;
  for (const i of ins) {
    if (i.keyword === 'ARG' && i.stage < 0) {
      const m = /^(\w+)=(.*)$/.exec(i.args);
      if (m) args.set(m[1]!, m[2]!.replace(/^["']|["']$/g, ''));
    }
    if (i.keyword !== 'FROM') continue;
    const { image, alias } = parseFrom(i.args);
    const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, n: string) => args.get(n) ?? '');
    last = stages.get(resolved.toLowerCase()) ?? resolved;
    if (alias) stages.set(alias.toLowerCase(), last);
  }
  return last;
}

/**
 * Throws DockerfileRefused when the final image is Alpine (musl) and the CI assets need the image's
 * glibc. Assets that carry their own loader and libc (`allowMusl`) run on Alpine too.
 */
export function checkCiCompatible(text: string, where: string, allowMusl = false): void {
  const base = finalBaseImage(text);
  if (base && /alpine|musl/i.test(base) && !allowMusl) {
    throw new DockerfileRefused(
      `${where}: the final stage is based on ${base} (Alpine, musl libc). The container CI ships a glibc Node binary and cannot run there; use a Debian-based image (e.g. the -slim variant) for the final stage`,
    );
  }
}

/** The argv the user's image runs (ENTRYPOINT + CMD of the final stage), or null. */
export function userCommand(text: string): string[] | null {
  const ins = parseDockerfile(text);
  const lastStage = Math.max(...ins.map((i) => i.stage), 0);
  const argv = (kw: string) => {
    const i = [...ins].reverse().find((x) => x.keyword === kw && x.stage === lastStage);
    if (!i) return [];
    try {
      const v = JSON.parse(i.args) as unknown;
      if (Array.isArray(v)) return v.map(String);
    } catch {
      /* shell form */
    }
    return ['sh', '-c', i.args];
  };
  const all = [...argv('ENTRYPOINT'), ...argv('CMD')];
  return all.length ? all : null;
}

/** The user's Dockerfile with the last stage named and our stage appended. */
export function appendCiStage(
  text: string,
  opts: {
    manifest: Manifest;
    container: string;
    stores: Array<NeededService['kind']>;
    where: string;
    allowMusl?: boolean;
  },
): string {
  checkCiCompatible(text, opts.where, opts.allowMusl);
  const alpine = /alpine/i.test(finalBaseImage(text) ?? '');
  const packages = opts.stores.map((k) => datastorePackage(k, alpine ? 'alpine' : 'debian'));
  const ins = parseDockerfile(text);
  const froms = ins.filter((i) => i.keyword === 'FROM');
  const lastFrom = froms[froms.length - 1];
  if (!lastFrom) throw new DockerfileRefused(`${opts.where}: no FROM instruction; it is not a Dockerfile`);
  const lines = text.split(/\r?\n/);
  let stage = parseFrom(lastFrom.args).alias;
  if (!stage) {
    stage = USER_STAGE;
    lines[lastFrom.line - 1] = `${lines[lastFrom.line - 1]!.replace(/\s+$/, '')} AS ${USER_STAGE}`;
  }
  // A global ARG must come before the first FROM; parser directives (# syntax=) stay on top.
  const firstFrom = froms[0]!.line - 1;
  lines.splice(firstFrom, 0, `ARG ${CI_IMAGE_ARG}=${CI_IMAGE_DEFAULT}`);
  const spec = opts.manifest.containers[opts.container];
  const cmd = userCommand(text) ?? [];
  const appended = [
    '',
    `# Added by \`aish docker build\` (not written to your Dockerfile): the container CI on top of your image.`,
    `FROM \${${CI_IMAGE_ARG}} AS ${CI_ASSETS_STAGE}`,
    '',
    `FROM ${stage} AS ${CI_TARGET}`,
    'USER root',
    ...(packages.length
      ? alpine
        ? [dependencyRun('apt', `apk add --no-cache ${packages.join(' ')}`)]
        : [
            '# hadolint ignore=DL3008',
            dependencyRun(
              'apt',
              `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}` +
                ' && rm -rf /var/lib/apt/lists/*',
            ),
          ]
      : []),
    alpine
      ? `RUN id -u app >/dev/null 2>&1 || adduser -D -u ${APP_UID} app`
      : `RUN id -u app >/dev/null 2>&1 || useradd --uid ${APP_UID} --user-group --create-home --shell /usr/sbin/nologin app`,
    `COPY --from=${CI_ASSETS_STAGE} / ${CI_HOME}/`,
    ...ciWritableLines(),
    ...appWritableLines(containerWritablePaths(opts.manifest, opts.container).declared),
    `COPY .tekton/manifest.json ${CI_MANIFEST}`,
    `ENV ${envPair(ENV.container, opts.container)}`,
    `LABEL ${LABELS.project}=${quoted(opts.manifest.project.name)} ${LABELS.container}=${quoted(opts.container)} ${LABELS.ciName}=${quoted(spec?.ci_name ?? '')} ${DROP_PRIVILEGES_LABEL}="${APP_UID}"`,
    `HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ${execForm(HEALTHCHECK_CMD)}`,
    `ENTRYPOINT ${execForm(CI_ENTRYPOINT)}`,
    // The user's own command, re-emitted: JSON exec form holds any of its characters but NUL.
    `CMD ${execForm(cmd)}`,
    '',
  ];
  return lines.join('\n').replace(/\s*$/, '\n') + appended.join('\n');
}

/** The working directory of the user's final stage (following stage aliases), '/' when unset. */
export function userWorkdir(text: string): string {
  const ins = parseDockerfile(text);
  const byStage = new Map<number, { parent: string; workdir: string | null; alias: string | null }>();
  for (const i of ins) {
    if (i.keyword === 'FROM') {
      const { image, alias } = parseFrom(i.args);
      byStage.set(i.stage, { parent: image.toLowerCase(), workdir: null, alias: alias?.toLowerCase() ?? null });
    } else if (i.keyword === 'WORKDIR' && byStage.has(i.stage)) {
      const s = byStage.get(i.stage)!;
      const dir = i.args.replace(/^["']|["']$/g, '');
      s.workdir = dir.startsWith('/') || !s.workdir ? (dir.startsWith('/') ? dir : `/${dir}`) : `${s.workdir}/${dir}`;
    }
  }
  let stage = Math.max(...byStage.keys(), 0);
  for (let hops = 0; hops < 50; hops++) {
    const s = byStage.get(stage);
    if (!s) return '/';
    if (s.workdir) return s.workdir;
    const parent = [...byStage.entries()].find(([, x]) => x.alias === s.parent);
    if (!parent) return '/';
    stage = parent[0];
  }
  return '/';
}
