// A real Docker daemon restart under the monitor: run by hand (`npx tsx test/docker/host/daemon-restart.check.ts`)
// at a quiet moment, because restarting the shared dockerd stops every container on the machine.
// It refuses to run while containers other than its own are running. The vitest suite covers the
// same behaviour through a proxy socket (monitor.test.ts) without touching dockerd.
import { execFileSync, spawn } from 'node:child_process';
import { openSync, readFileSync, readlinkSync } from 'node:fs';
import { CiMonitor } from '../../../plugin/monitor/monitor';
import { createHostDeps } from '../../../plugin/host';
import { ergonFamily } from '../../../plugin/ergon/family';
import { containerCiRoute } from '../../../plugin/ci/family';
import { runSub, runRoute } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const NAME = `hdr-${process.pid}`;

async function main(): Promise<void> {
  const others = docker('ps', '--format', '{{.Names}}')
    .split('\n')
    .filter((n) => n && !n.startsWith('hdr-'));
  if (others.length) {
    process.stderr.write(
      `Refusing: other containers are running (${others.join(', ')}); a dockerd restart would stop them. Try again when the engine is quiet.\n`,
    );
    process.exit(2);
  }
  const f = hostFixture();
  const lines: string[] = [];
  let monitor: CiMonitor | null = null;
  try {
    if ((await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env: f.env })).status !== 0)
      throw new Error('ergon run failed');
    monitor = new CiMonitor({
      deps: createHostDeps(f.env, () => undefined),
      notify: (l) => {
        lines.push(l);
        process.stdout.write(`  monitor: ${l}\n`);
      },
      intervalMs: 2000,
      maxReconnectDelayMs: 2000,
    });
    await monitor.start();
    const pid = Number(readFileSync('/var/run/docker.pid', 'utf8'));
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const log = readlinkSync(`/proc/${pid}/fd/2`);
    process.stdout.write(`restarting dockerd (pid ${pid}, ${argv.join(' ')}; log ${log})\n`);
    const t0 = Date.now();
    process.kill(pid, 'SIGTERM');
    await eventually(
      () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      { timeoutMs: 60_000, what: 'dockerd exit' },
    );
    const out = openSync(log, 'a');
    spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', out, out] }).unref();
    await eventually(
      () => {
        try {
          docker('version', '-f', '{{.Server.Version}}');
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 60_000, what: 'dockerd answers' },
    );
    process.stdout.write(`dockerd back after ${Date.now() - t0} ms\n`);
    await eventually(() => lines.some((l) => l.includes('reconnected')), {
      timeoutMs: 30_000,
      what: 'monitor reconnected',
    });
    await eventually(
      async () =>
        (await runRoute(containerCiRoute, `${NAME}-container-ci`, { args: ['status'], env: f.env })).status === 0,
      { timeoutMs: 60_000, what: 'CI answers again (restart policy unless-stopped)' },
    );
    if (!lines.some((l) => l.includes('lost the Docker engine')))
      throw new Error('the monitor never noticed the engine going away');
    process.stdout.write(`OK: the monitor noticed the loss, reconnected, and ${NAME}-container-ci answers again\n`);
  } finally {
    await monitor?.stop();
    cleanup(f.stateDir, [NAME]);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`FAILED: ${err.message}\n`);
    try {
      execFileSync('docker', ['rm', '-f', NAME], { stdio: 'ignore' });
    } catch {
      /* engine down */
    }
    process.exit(1);
  },
);
