// What root inside a container can do to its run dir, as the attack tests of the host's boundary
// (docs/security.md, boundary 1) do it: run a command as root in it, and replace the CI's socket
// with a listener of its own that records what the host sends and answers what it likes.
import { eventually } from '../../../support/eventually';
import { docker } from '../../host/support/host-fixture';

/** Runs a shell script as root inside the container; its stdout. */
export function asRoot(container: string, script: string): string {
  return docker('exec', container, 'sh', '-c', script);
}

/**
 * Swaps the CI's socket for the container's own listener: every request line is appended to
 * /tmp/seen.ndjson and answered with `reply` (the request's id copied in).
 */
export async function serveOwnSocket(container: string, reply: Record<string, unknown>): Promise<void> {
  const js = [
    "const net = require('net'), fs = require('fs');",
    "const p = '/run/tekton-ci/ci.sock';",
    'try { fs.unlinkSync(p); } catch {}',
    `const reply = ${JSON.stringify(reply)};`,
    'net.createServer((s) => { let b = ""; s.on("data", (d) => { b += d; let i;',
    '  while ((i = b.indexOf("\\n")) >= 0) { const l = b.slice(0, i); b = b.slice(i + 1);',
    '    fs.appendFileSync("/tmp/seen.ndjson", l + "\\n"); let id; try { id = JSON.parse(l).id; } catch {}',
    '    s.write(JSON.stringify({ ...reply, id }) + "\\n"); } }); })',
    '  .listen(p, () => fs.writeFileSync("/tmp/own-socket-ready", "1"));',
  ].join('\n');
  asRoot(container, 'rm -f /tmp/own-socket-ready /tmp/seen.ndjson');
  docker('exec', '-d', container, '/opt/tekton-ci/node', '-e', js);
  await eventually(() => asRoot(container, 'cat /tmp/own-socket-ready 2>/dev/null || true') === '1', {
    what: "the container's own socket",
    timeoutMs: 20_000,
  });
}

/** The request lines the container's own socket received, parsed. */
export function seenByContainer(container: string): Array<Record<string, unknown>> {
  return asRoot(container, 'cat /tmp/seen.ndjson 2>/dev/null || true')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
