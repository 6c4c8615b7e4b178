// The recipe worker has no network: on the pinned Node, the worker's exact flags (planWorkerSpawn)
// deny every socket, so code that escaped the sandbox cannot reach a datastore on loopback. The
// control runs the same code with the same flags plus `--allow-net`: it does connect, so the
// refusal comes from the permission model, not from a closed port.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIsolation } from '../../../ci-runtime/isolation';
import { permissionRestrictsNetwork, planWorkerSpawn } from '../../../ci-runtime/recipe-engine/worker-spawn-plan';
import { ciNode } from '../../support/ci-node';

// Tries TCP to the given port, a Unix socket path and a DNS lookup; prints what each met.
const PROBE = `
const net = require('node:net');
const [port, unixPath] = process.argv.slice(2);
const out = {};
const attempt = (name, open) => new Promise((resolve) => {
  try {
    const s = open();
    s.once('connect', () => { out[name] = 'connected'; s.destroy(); resolve(); });
    s.once('error', (e) => { out[name] = e.code; resolve(); });
  } catch (e) { out[name] = e.code; resolve(); }
});
(async () => {
  await attempt('tcp', () => net.connect(Number(port), '127.0.0.1'));
  await attempt('unix', () => net.connect(unixPath));
  await new Promise((r) => require('node:dns').lookup('localhost', (e) => { out.dns = e ? e.code : 'resolved'; r(); }));
  process.stdout.write(JSON.stringify(out));
})();
`;

let dir: string;
let tcp: Server;
let unix: Server;
let port = 0;
const unixPath = () => join(dir, 'fake-redis.sock');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tekton-worker-net-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'probe.js'), PROBE, { mode: 0o644 });
  tcp = createServer((s) => s.end());
  unix = createServer((s) => s.end());
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => unix.listen(unixPath(), r));
  port = (tcp.address() as { port: number }).port;
});
afterAll(() => {
  tcp.close();
  unix.close();
  rmSync(dir, { recursive: true, force: true });
});

function runProbe(extra: string[]): Record<string, string> {
  const { execPath, nodeVersion } = ciNode();
  const plan = planWorkerSpawn({
    execPath,
    execArgv: [],
    workerPath: join(dir, 'probe.js'),
    heapMb: 64,
    cwd: dir,
    canDrop: false,
    dropTo: { uid: 0, gid: 0 },
    nodeVersion,
  });
  const script = plan.args.pop()!;
  const out = execFileSync(plan.command, [...plan.args, ...extra, script, String(port), unixPath()], {
    cwd: plan.cwd,
    env: plan.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out) as Record<string, string>;
}

describe("the recipe worker's network", () => {
  it('is denied by the pinned Node with the worker flags: no TCP, no Unix socket, no DNS', () => {
    expect(runProbe([])).toEqual({ tcp: 'ERR_ACCESS_DENIED', unix: 'ERR_ACCESS_DENIED', dns: 'ERR_ACCESS_DENIED' });
  });

  it('control: the same code with --allow-net reaches both listeners', () => {
    expect(runProbe(['--allow-net'])).toMatchObject({ tcp: 'connected', unix: 'connected' });
  });

  it('is reported by info: Node 25 and later restrict it, older releases say they cannot', () => {
    expect(permissionRestrictsNetwork(ciNode().nodeVersion)).toBe(true);
    expect(permissionRestrictsNetwork('v24.22.3')).toBe(false);
    const base = { uid: 0, gid: 0, capEff: null };
    expect(describeIsolation({ ...base, nodeVersion: ciNode().nodeVersion })).toMatchObject({
      worker_network: false,
      notes: [],
    });
    const old = describeIsolation({ ...base, nodeVersion: 'v24.22.3' });
    expect(old.worker_network).toBe(true);
    expect(old.notes.join(' ')).toMatch(/cannot deny the recipe worker the network/);
  });
});
