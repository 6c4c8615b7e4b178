// Our built-in lint: the hadolint checklist of LESSONS.md (DL3002, DL3006/7, DL3008, DL3009,
// DL3015, DL3025, DL3042, DL3057, DL4006). Same rule ids, same `# hadolint ignore=` comments.
import { DROP_PRIVILEGES_LABEL } from './generate-dockerfile';
import { parseDockerfile, parseFrom, type Instruction } from './parse-dockerfile';

/** One problem found. */
export interface LintFinding {
  rule: string;
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** Lints a Dockerfile's text. */
export function lintDockerfile(text: string): LintFinding[] {
  const ins = parseDockerfile(text);
  const findings: LintFinding[] = [];
  const report = (i: Instruction, rule: string, severity: LintFinding['severity'], message: string) => {
    if (!i.ignored.includes(rule)) findings.push({ rule, line: i.line, severity, message });
  };
  const args = new Map<string, string>();
  const aliases = new Set<string>();
  const lastStage = Math.max(...ins.map((i) => i.stage), -1);
  let pipefailShell = false;
  for (const i of ins) {
    if (i.keyword === 'ARG') {
      const m = /^(\w+)(?:=(.*))?$/.exec(i.args);
      if (m && m[2] !== undefined) args.set(m[1]!, m[2].replace(/^["']|["']$/g, ''));
    }
    if (i.keyword === 'FROM') {
      pipefailShell = false;
      const { image, alias } = parseFrom(i.args);
      const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? `$${name}`);
      const stageRef = aliases.has(resolved.toLowerCase());
      if (alias) aliases.add(alias.toLowerCase());
      if (resolved.includes('$'))
        report(
          i,
          'DL3006',
          'warning',
          `FROM ${image}: the build argument has no default; give it a pinned default tag`,
        );
      else if (resolved !== 'scratch' && !stageRef) {
        const tag = /:([^/@]+)$/.exec(resolved)?.[1];
        if (!tag && !resolved.includes('@'))
          report(i, 'DL3006', 'warning', `FROM ${resolved}: always tag the image version explicitly`);
        else if (tag === 'latest')
          report(i, 'DL3007', 'warning', `FROM ${resolved}: ':latest' moves; pin a version tag`);
      }
    }
    if (i.keyword === 'SHELL' && /pipefail/.test(i.args)) pipefailShell = true;
    if (i.keyword === 'RUN') lintRun(i, pipefailShell, report);
    if ((i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && !i.args.startsWith('[')) {
      report(
        i,
        'DL3025',
        'warning',
        `${i.keyword} ${i.args.slice(0, 40)}: use the JSON (exec) form so signals reach the process`,
      );
    }
  }
  const final = ins.filter((i) => i.stage === lastStage);
  const users = final.filter((i) => i.keyword === 'USER');
  const lastUser = users[users.length - 1];
  const dropsPrivileges = final.some((i) => i.keyword === 'LABEL' && i.args.includes(`${DROP_PRIVILEGES_LABEL}=`));
  if (lastUser && /^(root|0)(:.*)?$/.test(lastUser.args) && !dropsPrivileges) {
    report(
      lastUser,
      'DL3002',
      'warning',
      'Last USER is root: switch to a non-root user (or label the image tekton.ci.drop-privileges=<uid> when a supervisor drops privileges)',
    );
  }
  const fromLast = final.find((i) => i.keyword === 'FROM');
  if (fromLast && !ins.some((i) => i.keyword === 'HEALTHCHECK')) {
    report(fromLast, 'DL3057', 'info', 'No HEALTHCHECK: add one so Docker knows when the container is unhealthy');
  }
  return findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

type Report = (i: Instruction, rule: string, severity: LintFinding['severity'], message: string) => void;

function lintRun(i: Instruction, pipefailShell: boolean, report: Report): void {
  const mounts = [...i.args.matchAll(/--mount=(\S+)/g)].map((m) => m[1]!);
  const cacheTargets = mounts.filter((m) => /type=cache/.test(m)).map((m) => /target=([^,]+)/.exec(m)?.[1] ?? '');
  const cmd = i.args.replace(/--mount=\S+\s*/g, '');
  for (const segment of cmd.split(/&&|;|\|\|/)) {
    const install = /\bapt-get\s+(?:\S+\s+)*install\b(.*)$/.exec(segment);
    if (install) {
      const pkgs = install[1]!.split(/\s+/).filter((w) => w && !w.startsWith('-'));
      const unpinned = pkgs.filter((p) => !p.includes('=') && !p.startsWith('$'));
      if (unpinned.length)
        report(i, 'DL3008', 'warning', `apt-get install ${unpinned.slice(0, 4).join(' ')}: pin versions (pkg=version)`);
      if (!/--no-install-recommends/.test(segment))
        report(
          i,
          'DL3015',
          'info',
          'apt-get install without --no-install-recommends: extra packages make the image bigger',
        );
    }
    const pip = /\bpip3?\s+install\b/.test(segment) || /python3?\s+-m\s+pip\s+install\b/.test(segment);
    const pipCached = cacheTargets.some((t) => /\.cache\/pip$|\.cache$/.test(t));
    if (pip && !/--no-cache-dir/.test(segment) && !pipCached)
      report(
        i,
        'DL3042',
        'warning',
        'pip install without --no-cache-dir (or a cache mount on /root/.cache/pip): the cache ends up in the layer',
      );
  }
  if (
    /\bapt-get\s+(update|install)\b/.test(cmd) &&
    !/rm -rf \/var\/lib\/apt\/lists/.test(cmd) &&
    !cacheTargets.some((t) => t.startsWith('/var/lib/apt'))
  ) {
    report(
      i,
      'DL3009',
      'info',
      'apt-get lists are left in the layer: end the same RUN with rm -rf /var/lib/apt/lists/*',
    );
  }
  if (
    /[^|]\|[^|]/.test(cmd.replace(/'[^']*'|"[^"]*"/g, '')) &&
    !pipefailShell &&
    !/set -o pipefail|set -\w*o pipefail/.test(cmd)
  ) {
    report(
      i,
      'DL4006',
      'warning',
      'RUN with a pipe: set SHELL ["/bin/bash", "-o", "pipefail", "-c"] so a failing command fails the build',
    );
  }
}
