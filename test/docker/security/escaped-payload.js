// A deliberately "escaped" recipe: plain Node code, as if it had broken out of the sandbox, run by
// the tests as the recipe worker's identity with the worker's flags. It tries everything an escape
// would want and prints what each attempt met, as JSON. argv[2]: { pids, ciPid, writable, token, socket }.

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

const socket = net.connect(target.socket);
const finish = (entry) => {
  results.socket = entry;
  socket.destroy();
  process.stdout.write(JSON.stringify(results));
};
socket.setTimeout(3000, () => finish({ ok: false, code: 'TIMEOUT' }));
socket.on('error', (err) => finish({ ok: false, code: err.code, message: err.message }));
socket.on('connect', () => {
  socket.write('{"type":"ping","id":"escape"}\n');
  socket.once('data', (chunk) => finish({ ok: true, value: String(chunk).slice(0, 200) }));
});
