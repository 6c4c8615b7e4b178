// A deliberately "escaped" recipe: plain Node code, as if it had broken out of the sandbox, run by
// the tests as the recipe worker's identity with the worker's flags. It tries everything an escape
// would want and prints what each attempt met, as JSON.
// argv[2]: { pids, ciPid, writable, token, socket, ports } (ports: datastores on loopback).

const fs = require('node:fs');
const net = require('node:net');

const target = JSON.parse(process.argv[2]);
const results = {};
const attempt = (name, fn) => {
  try {
    const value = fn();
    results[name] = { ok: true, value: typeof value === 'string' ? value.slice(0, 4000) : value };
  } catch (err) {
    results[name] = {
      ok: false,
      code: err && (err.code || err.name),
      message: String(err && err.message).slice(0, 200),
    };
  }
};

for (const pid of [...target.pids, target.ciPid]) {
  attempt(`environ:${pid}`, () => fs.readFileSync(`/proc/${pid}/environ`, 'latin1'));
  // Signal 0 asks the kernel whether a signal would be allowed, without sending one.
  attempt(`signal:${pid}`, () => process.kill(pid, 0));
}
for (const dir of target.writable)
  attempt(`write:${dir}`, () => fs.writeFileSync(`${dir}/escaped-${process.pid}`, 'x'));
attempt('token', () => fs.readFileSync(target.token, 'utf8'));
attempt('child_process', () => require('node:child_process').execFileSync('/bin/true'));
attempt('worker_threads', () => new (require('node:worker_threads').Worker)('1', { eval: true }) && 'started');
attempt('addon', () => process.dlopen({ exports: {} }, '/nonexistent.node'));
attempt('binding', () => typeof process.binding('spawn_sync').spawn);

// Sockets, one after another: the CI's Unix socket, then each datastore's TCP port on loopback.
const connectTo = (name, options) =>
  new Promise((resolve) => {
    let socket;
    const done = (entry) => {
      results[name] = entry;
      socket?.destroy();
      resolve();
    };
    try {
      socket = net.connect(options);
    } catch (err) {
      done({ ok: false, code: err && err.code, message: String(err && err.message).slice(0, 200) });
      return;
    }
    socket.setTimeout(3000, () => done({ ok: false, code: 'TIMEOUT' }));
    socket.on('error', (err) => done({ ok: false, code: err.code, message: err.message }));
    socket.on('connect', () => done({ ok: true, value: 'connected' }));
  });

(async () => {
  await connectTo('socket', { path: target.socket });
  for (const port of target.ports ?? []) await connectTo(`tcp:${port}`, { host: '127.0.0.1', port });
  process.stdout.write(JSON.stringify(results));
})();
