// Entry point of the CI's helper programs (bundled to /opt/tekton-ci/ci-tool.js): `relay` and
// `healthcheck`. A separate entry rather than a subcommand of ci-runtime.js, because every argument of
// ci-runtime.js is the main service's command (an app whose command is `healthcheck` must keep
// working), and because these run often (each exec, every 30 s) and should load little.
import { runHealthcheck } from './tool/healthcheck';
import { runRelay } from './tool/relay';

const SUBCOMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  relay: (args) => runRelay({ args, env: process.env, out: writeLine(process.stdout), err: writeLine(process.stderr) }),
  healthcheck: () => runHealthcheck({ env: process.env, out: writeLine(process.stdout) }),
};

function writeLine(stream: NodeJS.WriteStream): (line: string) => void {
  return (line) => stream.write(`${line}\n`);
}

const [name, ...args] = process.argv.slice(2);
const run = name ? SUBCOMMANDS[name] : undefined;
if (!run) {
  process.stderr.write(
    `ci-tool: unknown subcommand ${JSON.stringify(name ?? '')}; use one of: ${Object.keys(SUBCOMMANDS).join(', ')}\n`,
  );
  process.exit(2);
}
run(args).then((code) => {
  process.exitCode = code;
});
