// The Swarm this engine belongs to, and waiting for a service's tasks: shared by `ergon deploy`
// and promotions to a Swarm site.
import type Docker from 'dockerode';
import { engineStatus } from '../engine/docker-errors';
import { pollUntil } from '../../protocol';

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

/** Waits until `replicas` tasks of the service run (bounded); resolves how many do. */
export async function waitForTasks(
  docker: Docker,
  service: string,
  replicas: number,
  timeoutMs: number,
): Promise<number> {
  const running = async (): Promise<number> => {
    const tasks = (await docker.listTasks({ filters: { service: [service], 'desired-state': ['running'] } })) as {
      Status?: { State?: string };
    }[];
    return tasks.filter((t) => t.Status?.State === 'running').length;
  };
  const r = await pollUntil(running, (n) => n >= replicas, { timeoutMs, intervalMs: 300 });
  return r.value ?? 0;
}
