// Reaches a CI that has no socket on the host (started with plain `docker run`, no bind mount):
// `docker exec <id> /opt/tekton-ci/node -e <relay>` runs a tiny relay inside the container that
// reads the token file as root and talks to the CI's own socket. It relies only on the places in
// protocol/places.ts, not on any runtime CLI.
import { CI_NODE, CI_SOCKET, CI_TOKEN_FILE, type Reply } from '../../protocol';
import type { ContainerClient } from '../engine/container-client';
import { CiUnreachableError, type CiRequest, type CiTransport } from './ci-client';

/** The relay script: argv[1] is the JSON request; prints reply lines until the first one with the id. */
export const RELAY_SCRIPT = `
const net=require('net'),fs=require('fs');
const req=JSON.parse(process.argv[1]);
try{req.token=fs.readFileSync(${JSON.stringify(CI_TOKEN_FILE)},'utf8').trim()}catch(e){}
const s=net.createConnection(${JSON.stringify(CI_SOCKET)});
let b='';s.on('connect',()=>s.write(JSON.stringify(req)+'\\n'));
s.on('data',d=>{b+=d;let i;while((i=b.indexOf('\\n'))>=0){const l=b.slice(0,i);b=b.slice(i+1);process.stdout.write(l+'\\n');if(!req.stream){s.destroy();process.exit(0)}}});
s.on('error',e=>{process.stderr.write(e.code||e.message);process.exit(3)});
s.on('close',()=>process.exit(0));
`;

/** Transport over `docker exec`. */
export class ExecCiTransport implements CiTransport {
  readonly describe: string;
  constructor(private readonly containers: ContainerClient, private readonly containerId: string) {
    this.describe = `docker exec ${containerId.slice(0, 12)}`;
  }

  async request(req: CiRequest, opts: { timeoutMs?: number } = {}): Promise<Reply> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CiUnreachableError(`${this.describe} did not answer within ${timeoutMs} ms`, 'timeout')), timeoutMs);
    });
    try {
      const run = this.containers.exec(this.containerId, [CI_NODE, '-e', RELAY_SCRIPT, JSON.stringify({ ...req, id: 'x1' })]);
      const result = await Promise.race([run, timeout]);
      const line = result.stdout.split('\n').find((l) => l.trim());
      if (result.exitCode !== 0 || !line) {
        throw new CiUnreachableError(`${this.describe}: the CI socket inside the container did not answer (${result.stderr.trim() || `exit ${result.exitCode}`})`, 'refused');
      }
      return JSON.parse(line) as Reply;
    } catch (err) {
      if (err instanceof CiUnreachableError) throw err;
      throw new CiUnreachableError(`${this.describe}: ${(err as Error).message}`, 'refused', { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  async stream(): Promise<void> {
    // Event streams need a long-lived exec; the monitor polls exec-only CIs with its periodic probe instead.
    throw new CiUnreachableError(`${this.describe}: event streams are only available over the socket; the monitor probes this CI periodically`, 'refused');
  }
}
