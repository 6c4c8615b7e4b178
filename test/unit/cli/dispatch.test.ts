import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../plugin/cli/dispatch';
import { testIo, testPlugin } from './test-plugin';

const run = async (words: string[], over: Parameters<typeof testIo>[0] = {}) => {
  const plugin = testPlugin();
  const t = testIo(over);
  const status = await dispatch(plugin, words, t.io, new AbortController().signal);
  return { status, out: t.stdout.text(), err: t.stderr.text(), calls: plugin.calls, external: t.external };
};

describe('dispatch', () => {
  it('runs a subcommand with its positional args and options', async () => {
    const r = await run(['docker', 'build', 'app', '--tag', 'v1']);
    expect(r.status).toBe(0);
    expect(r.out).toBe('built app\n');
    expect(r.calls).toEqual(['build app tag=v1 json=false']);
  });

  it('accepts aliases and passes --json', async () => {
    const r = await run(['docker', 'b', 'app', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ built: 'app' });
  });

  it("returns the command's own status", async () => {
    expect((await run(['docker', 'three'])).status).toBe(3);
  });

  it('prints a failed command as one Error: line plus its cause, exit 1', async () => {
    const r = await run(['docker', 'build', 'bad']);
    expect(r.status).toBe(1);
    expect(r.err).toBe('Error: the build of bad failed\n  caused by: exit 3\n');
    expect(r.out).toBe('');
  });

  it('exits 2 on a usage error thrown by a command', async () => {
    const r = await run(['docker', 'build']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^Error: docker build needs a directory\n$/);
  });

  it('exits 2 naming an unknown option', async () => {
    const r = await run(['docker', 'build', 'x', '--nope']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^Error: docker build: .*--nope/);
    expect(r.calls).toEqual([]);
  });

  it('exits 2 on an unknown command when Tekton aish is absent', async () => {
    const r = await run(['nosuchthing', 'x']);
    expect(r.status).toBe(2);
    expect(r.err).toBe("Error: unknown command 'nosuchthing'; type 'aish help' for the list\n");
  });

  it('hands an unknown command to Tekton aish when installed, returning its status', async () => {
    const r = await run(['apollo-ci', 'hello there'], { tektonAish: '/t/shared/aish/aish' });
    expect(r.status).toBe(7);
    expect(r.external).toEqual([{ path: '/t/shared/aish/aish', args: ['apollo-ci', 'hello there'] }]);
  });

  it('passes free text after a declining family (ergon) to Tekton aish', async () => {
    const r = await run(['ergon', 'what is deployed?'], { tektonAish: '/t/aish' });
    expect(r.external).toEqual([{ path: '/t/aish', args: ['ergon', 'what is deployed?'] }]);
    const bare = await run(['ergon'], { tektonAish: '/t/aish' });
    expect(bare.external).toEqual([{ path: '/t/aish', args: ['ergon'] }]);
    const known = await run(['ergon', 'list'], { tektonAish: '/t/aish' });
    expect(known.out).toBe('none\n');
    expect(known.external).toEqual([]);
  });

  it('says which subcommands exist when free text cannot be handed off', async () => {
    const r = await run(['ergon', 'what is deployed?']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^Error: 'ergon what is deployed\?' is not a command here; known: list/);
  });

  it('exits 2 on an unknown subcommand, and on a family without its subcommand', async () => {
    const r = await run(['docker', 'frobnicate']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/unknown subcommand 'docker frobnicate'; known: build, wait, three/);
    const bare = await run(['docker']);
    expect(bare.status).toBe(2);
    expect(bare.err).toMatch(/^Error: 'docker' needs a subcommand/);
  });

  it('runs a family without subcommands with its options', async () => {
    const r = await run(['status', '--all']);
    expect(r.out).toBe('status all=true\n');
  });

  it('routes <name>-container-ci with the message from the arguments', async () => {
    const r = await run(['web-container-ci', 'how', 'are', 'you']);
    expect(r.out).toBe('web-container-ci got: how are you\n');
  });

  it('uses piped stdin as the message when none is given', async () => {
    const r = await run(['web-container-ci'], { readStdin: async () => 'status please\n' });
    expect(r.status).toBe(0);
    expect(r.out).toBe('web-container-ci got: status please\n');
  });

  it('turns a cancelled command into exit 130', async () => {
    const plugin = testPlugin();
    const t = testIo();
    const controller = new AbortController();
    const pending = dispatch(plugin, ['docker', 'wait'], t.io, controller.signal);
    controller.abort();
    expect(await pending).toBe(130);
    expect(t.stderr.text()).toBe('Error: cancelled (Ctrl-C)\n');
  });

  it('prints the plugin version with --version', async () => {
    const r = await run(['--version']);
    expect(r).toMatchObject({ status: 0, out: 'test-plugin 9.9.9\n', err: '' });
  });

  it('exits 2 with no words', async () => {
    expect((await run([])).status).toBe(2);
  });
});

describe('help', () => {
  it('lists every family, subcommand usage and summary, routes and built-ins', async () => {
    const r = await run(['help']);
    expect(r.status).toBe(0);
    for (const text of [
      'docker',
      'docker build <dir> [--tag <t>]',
      'build an image',
      'ergon list',
      'status of everything',
      '<name>-container-ci "message"',
      'history',
      '!N',
      'sleep <seconds>',
      'test-plugin 9.9.9',
    ]) {
      expect(r.out).toContain(text);
    }
    expect(r.err).toBe('');
  });

  it("shows a family's help with --help, -h and help <family>", async () => {
    for (const words of [
      ['docker', '--help'],
      ['docker', '-h'],
      ['help', 'docker'],
      ['docker', 'help'],
    ]) {
      const r = await run(words);
      expect(r.status).toBe(0);
      expect(r.out).toContain('aish docker: build things');
      expect(r.out).toContain('build <dir> [--tag <t>]');
      expect(r.out).toContain('(also: b)');
    }
  });

  it("shows a subcommand's usage and options", async () => {
    const r = await run(['docker', 'build', '--help']);
    expect(r.out).toContain('Usage: aish docker build <dir> [--tag <t>]');
    expect(r.out).toContain('--tag <value>');
    expect(r.out).toContain('--quiet, -q');
    expect(r.calls).toEqual([]);
  });

  it('shows usage once even when a command wrote its own name into it', async () => {
    const plugin = testPlugin();
    plugin.families[0]!.subcommands[0]!.usage = 'docker build <dir> [--tag <t>]';
    const t = testIo();
    await dispatch(plugin, ['help'], t.io, new AbortController().signal);
    expect(t.stdout.text()).toContain('    docker build <dir> [--tag <t>]');
    expect(t.stdout.text()).not.toContain('docker build docker build');
  });

  it('exits 2 for help on something unknown', async () => {
    const r = await run(['help', 'nosuch']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^Error: no help for 'nosuch'/);
  });
});
