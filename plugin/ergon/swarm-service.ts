// The Swarm this engine belongs to, and waiting for a service's tasks: shared by `ergon deploy`
// and promotions to a Swarm site.
import type Docker from 'dockerode';
import { engineStatus } from '../engine/docker-errors';

/** Joins or creates a single-node swarm advertised on 127.0.0.1; resolves whether it initialised one. */
export async function ensureSwarm(docker: Docker): Promise<boolean> {
  try {
    await docker.swarmInspect();
    return false;
  } catch (err) {
    // 503 "This node is not a swarm manager" (or 406 on old engines).
    if (engineStatus(err) !== 503 && engineStatus(err) !== 406) throw err;
  }
  await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
  return true;
}

/** Waits until `replicas` tasks of the service run (bounded). */
export async function waitForTasks(docker: Docker, service: string, replicas: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let running = 0;
  while (Date.now() < deadline) {
    const tasks = (await docker.listTasks({ filters: { service: [service], 'desired-state': ['running'] } })) as { Status?: { State?: string } }[];
    running = tasks.filter((t) => t.Status?.State === 'running').length;
    if (running >= replicas) return running;
    await new Promise((r) => setTimeout(r, 300));
  }
  return running;
}
