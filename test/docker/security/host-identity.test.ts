// Boundary 1 (docs/security.md): identity is given, not claimed. Images that claim names through
// their labels (`LABEL tekton.ergon=1 tekton.ci.name=<x>`, and ergon's own name label as an attacker
// who read our code would add) are run with plain `docker run` and with `ergon run` next to a victim
// CI, on the real engine. Neither registers under the claimed name, shadows the victim, or reaches
// Hermes as a Tekton component; `ergon run` refuses the claim and names the holder. The control is
// the undefended rule (every label of the container trusted, as before issue 23) on the same containers;
// a name that does not end in -container-ci ('hermes') is refused by a second rule as well.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { ergonFamily } from '../../../plugin/ergon/family';
import { createHostDeps } from '../../../plugin/host';
import { HermesReporter } from '../../../plugin/monitor/hermes-reporter';
import { ciNameOfContainer } from '../../../plugin/registry/registry-entry';
import { HermesClient } from '../../../plugin/tekton/hermes-client';
import { HermesTestServer } from '../../support/hermes-server';
import { eventually } from '../../support/eventually';
import { cleanup, docker, hostFixture } from '../host/support/host-fixture';
import { runRoute, runSub } from '../host/support/run-command';

const VICTIM = `hid-victim-${process.pid}`;
const VICTIM_CI = `${VICTIM}-container-ci`;
const SHADOW = `hid-shadow-${process.pid}`;
const COMPONENT = `hid-hermes-${process.pid}`;
const IMAGES = [`tekton-test/hid-shadow:${process.pid}`, `tekton-test/hid-hermes:${process.pid}`];

/** An image FROM the test image whose labels claim `ciName` every way a label can. */
function claimingImage(base: string, tag: string, ciName: string, container: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'hid-'));
  try {
    writeFileSync(
      join(dir, 'Dockerfile'),
      `FROM ${base}\nLABEL tekton.test=1 tekton.ergon=1 tekton.ci.name=${ciName} tekton.container=${container} ` +
        `tekton.ergon.ci-name=${ciName} tekton.ergon.container=${container}\n`,
    );
    execFileSync('docker', ['build', '-q', '-t', tag, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('identity is given, not claimed', () => {
  let f: ReturnType<typeof hostFixture>;
  const hermes = new HermesTestServer();

  beforeAll(async () => {
    f = hostFixture();
    await hermes.start();
    const r = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: VICTIM }, env: f.env });
    expect(r.status, r.stderr).toBe(0);
    // Each image guesses the name its container will be run under, as an attacker could.
    claimingImage(f.image, IMAGES[0]!, VICTIM_CI, SHADOW);
    claimingImage(f.image, IMAGES[1]!, 'hermes', COMPONENT);
    docker('run', '-d', '--name', SHADOW, '-l', 'tekton.test=1', IMAGES[0]!);
    docker('run', '-d', '--name', COMPONENT, '-l', 'tekton.test=1', IMAGES[1]!);
  });
  afterAll(async () => {
    await hermes.stop();
    cleanup(f.stateDir, [VICTIM, SHADOW, COMPONENT, `${SHADOW}-2`]);
    for (const image of IMAGES) {
      try {
        docker('rmi', '-f', image);
      } catch {
        /* gone */
      }
    }
  });

  it('containers whose image claims a name are named after themselves; the victim keeps its name and its CI', async () => {
    const deps = createHostDeps(f.env, () => undefined);
    const all = await deps.containers.list({ all: true });
    const shadow = all.find((c) => c.name === SHADOW)!;
    const component = all.find((c) => c.name === COMPONENT)!;
    // Controls. The engine reports the claims on the containers; the registry before issue 23 named a
    // CI by them (`tekton.ergon=1` and `tekton.ci.name`); and today's rule with the given-labels filter
    // switched off (every label trusted) gives the claimed name too.
    const ruleBefore23 = (labels: Record<string, string>) => labels['tekton.ergon'] === '1' && labels['tekton.ci.name'];
    expect(ruleBefore23(shadow.labels)).toBe(VICTIM_CI);
    expect(ruleBefore23(component.labels)).toBe('hermes');
    expect(ciNameOfContainer(shadow, shadow.labels).name).toBe(VICTIM_CI);
    const list = await runSub(ciFamily, 'list', { args: [], env: f.env, json: true });
    expect(list.status, list.stderr).toBe(0);
    const cis = (JSON.parse(list.stdout) as { cis: Array<{ ci_name: string; container: string }> }).cis;
    const byContainer = Object.fromEntries(cis.map((c) => [c.container, c.ci_name]));
    expect(byContainer[VICTIM]).toBe(VICTIM_CI);
    expect(byContainer[SHADOW]).toBe(`${SHADOW}-container-ci`);
    expect(byContainer[COMPONENT]).toBe(`${COMPONENT}-container-ci`);
    expect(cis.filter((c) => c.ci_name === VICTIM_CI)).toHaveLength(1);
    expect(cis.map((c) => c.ci_name)).not.toContain('hermes');
    // `aish <victim's CI>` reaches the victim: its CI answers under the name ergon gave it.
    const reply = await eventually(
      async () => {
        const r = await runRoute(containerCiRoute, VICTIM_CI, { args: ['status'], env: f.env, json: true });
        return r.status === 0 ? (JSON.parse(r.stdout) as { ai_id: string }) : null;
      },
      { what: `${VICTIM_CI} answers`, timeoutMs: 60_000 },
    );
    expect(reply.ai_id).toBe(VICTIM_CI);
  });

  it("Hermes hears of each container under its own CI name, never a Tekton component's", async () => {
    const deps = createHostDeps(f.env, () => undefined);
    const reporter = new HermesReporter(new HermesClient(hermes.url), () => undefined);
    for (const entry of await deps.registry.list()) await reporter.report(entry, null);
    const ids = [...hermes.components.keys()];
    expect(ids).toEqual(expect.arrayContaining([VICTIM_CI, `${SHADOW}-container-ci`, `${COMPONENT}-container-ci`]));
    expect(ids).not.toContain('hermes');
    expect(hermes.components.get(VICTIM_CI)?.metadata.container).toBe(VICTIM);
  });

  it('ergon run of an image asking for a held name is refused and names the holder; nothing is created', async () => {
    // Control: the plan alone (a dry run, before any check of who holds what) does ask for the victim's name.
    const plan = await runSub(ergonFamily, 'run', {
      args: [IMAGES[0]!],
      options: { name: `${SHADOW}-2`, 'dry-run': true },
      env: f.env,
    });
    expect((JSON.parse(plan.stdout) as { ciName: string }).ciName).toBe(VICTIM_CI);
    const r = await runSub(ergonFamily, 'run', { args: [IMAGES[0]!], options: { name: `${SHADOW}-2` }, env: f.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`The CI name '${VICTIM_CI}' is held by container '${VICTIM}': refused`);
    expect(docker('ps', '-a', '-q', '--filter', `name=^${SHADOW}-2$`)).toBe('');
    const other = await runSub(ergonFamily, 'run', {
      args: [IMAGES[1]!],
      options: { name: `${COMPONENT}-2`, 'no-wait': true },
      env: f.env,
    });
    try {
      expect(other.status, other.stderr).toBe(0);
      expect(other.stderr).toMatch(/asks for the CI name 'hermes', which does not end in '-container-ci': refused/);
      expect((await createHostDeps(f.env).registry.find(`${COMPONENT}-2`))?.ci_name).toBe(
        `${COMPONENT}-2-container-ci`,
      );
    } finally {
      cleanup(mkdtempSync(join(tmpdir(), 'hid-x-')), [`${COMPONENT}-2`]);
    }
  });
});
