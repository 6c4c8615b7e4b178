// Runs one command with the CI's Redis client inside a test container and prints the result as
// JSON: `node redis-probe.js <port> <password|-> <command...>`. Bundled into the recipe fixture image.
import { redisCommand } from '../../ci-runtime/clients/redis';

const [port = '6379', password = '-', ...command] = process.argv.slice(2);
redisCommand(command.length ? command : ['PING'], {
  port: Number(port),
  timeoutMs: 3000,
  auth: password === '-' ? null : { password },
})
  .then((value) => console.log(JSON.stringify({ ok: true, value })))
  .catch((err: Error) => console.log(JSON.stringify({ ok: false, error: err.message })));
