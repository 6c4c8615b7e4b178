// Entry for test/e2e/repl-prompt.test.ts: the real REPL over a small plugin whose command asks a
// question with @inquirer/prompts when it may (a terminal), and uses a default when it may not.
import { confirm } from '@inquirer/prompts';
import { processHostIo } from '../../plugin/cli/host-io';
import { runRepl } from '../../plugin/cli/repl';
import type { AishPlugin } from '../../plugin/plugin-api';

const plugin: AishPlugin = {
  name: 'prompt-test',
  version: '0.0.0',
  routes: [],
  hooks: {},
  families: [
    {
      name: 'ask',
      summary: 'asks a yes/no question',
      subcommands: [],
      async run(ctx) {
        const ok = ctx.interactive ? await confirm({ message: 'Really go ahead?' }, { signal: ctx.signal }) : false;
        ctx.stdout.write(`answer=${ok} interactive=${ctx.interactive}\n`);
      },
    },
  ],
};

runRepl({
  plugin,
  io: processHostIo({}),
  input: process.stdin,
  output: process.stdout,
  historyFile: process.env.HISTORY_FILE ?? '/dev/null',
}).then((status) => process.exit(status));
