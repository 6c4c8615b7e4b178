// A small, real plugin for the front-end's unit tests: families with subcommands, options,
// completion, a family that declines free text (like `ergon`), a self-running family, a route.
import { Writable } from 'node:stream';
import type { HostIo } from '../../../plugin/cli/dispatch';
import { CommandError, UsageError, type AishPlugin } from '../../../plugin/plugin-api';

export function testPlugin(): AishPlugin & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'test-plugin',
    version: '9.9.9',
    calls,
    completeFirstWord: async () => ['web-container-ci', 'db-container-ci'],
    families: [
      {
        name: 'docker',
        summary: 'build things',
        subcommands: [
          {
            name: 'build',
            aliases: ['b'],
            summary: 'build an image',
            usage: '<dir> [--tag <t>]',
            options: { tag: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } },
            complete: (index, partial) => (index === 0 ? ['alpha/', 'beta/'].filter((x) => x.startsWith(partial)) : []),
            async run(ctx) {
              calls.push(`build ${ctx.args.join(',')} tag=${String(ctx.options.tag)} json=${ctx.json}`);
              if (ctx.args[0] === 'bad')
                throw new CommandError('the build of bad failed', { cause: new Error('exit 3') });
              if (ctx.args.length === 0) throw new UsageError('docker build needs a directory');
              ctx.stdout.write(ctx.json ? `${JSON.stringify({ built: ctx.args[0] })}\n` : `built ${ctx.args[0]}\n`);
            },
          },
          {
            name: 'wait',
            summary: 'wait until cancelled',
            usage: '',
            async run(ctx) {
              await new Promise((_, reject) =>
                ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))),
              );
            },
          },
          { name: 'three', summary: 'exit 3', usage: '', run: async () => 3 },
        ],
      },
      {
        name: 'ergon',
        summary: 'containers',
        subcommands: [
          {
            name: 'list',
            summary: 'list containers',
            usage: '[--json]',
            async run(ctx) {
              ctx.stdout.write('none\n');
            },
          },
        ],
        claims: (words) => words[0]?.startsWith('-') === true,
      },
      {
        name: 'status',
        summary: 'status of everything',
        subcommands: [],
        options: { all: { type: 'boolean' } },
        async run(ctx) {
          ctx.stdout.write(`status all=${String(ctx.options.all)}\n`);
        },
      },
    ],
    routes: [
      {
        matches: (w) => w.endsWith('-container-ci'),
        summary: 'talk to a container CI',
        usage: '<name>-container-ci "message"',
        async run(target, ctx) {
          const message = ctx.args.join(' ') || (await ctx.readStdin()).trim();
          if (!message) throw new UsageError(`${target} needs a message`);
          ctx.stdout.write(`${target} got: ${message}\n`);
        },
      },
    ],
    hooks: {},
  };
}

/** A writable that keeps what was written. */
export function sink(): Writable & { text(): string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { text(): string };
  w.text = () => chunks.join('');
  return w;
}

/** HostIo over sinks; `external` records hand-offs to Tekton's aish. */
export function testIo(over: Partial<HostIo> = {}) {
  const stdout = sink();
  const stderr = sink();
  const external: Array<{ path: string; args: string[] }> = [];
  const io: HostIo = {
    stdout,
    stderr,
    env: {},
    interactive: false,
    readStdin: async () => '',
    tektonAish: null,
    runExternal: async (path, args) => {
      external.push({ path, args });
      return 7;
    },
    ...over,
  };
  return { io, stdout, stderr, external };
}
