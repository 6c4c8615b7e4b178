// Figures only some services have, read over their own protocols: Redis commands per second and
// clients (INFO), and the length of Celery's default queue in the container's Redis (LLEN celery).
// Every read has a short timeout and a failure is simply no sample.
import { parseInfo, redisCommand, type RedisAuth } from '../clients/redis';
import type { Sample } from './sample';

/** What the learner needs to know to read extra figures for one service. */
export interface ExtraTarget {
  name: string;
  kind: string;
  framework: string | null;
  port: number | null;
  /** AUTH for a Redis started with requirepass (null: none needed). */
  auth?: RedisAuth | null;
}

/** Reads the extra figures of every service that has any; the container's Redis serves Celery's queue. */
export async function readExtras(targets: ExtraTarget[], timeoutMs = 500): Promise<Map<string, Sample>> {
  const out = new Map<string, Sample>();
  const redis = targets.find((t) => t.kind === 'redis' && t.port !== null);
  await Promise.all(
    targets.map(async (t) => {
      try {
        if (t.kind === 'redis' && t.port !== null) {
          const info = parseInfo(
            String(await redisCommand(['INFO'], { port: t.port, timeoutMs, auth: t.auth ?? null })),
          );
          const s: Sample = {};
          const ops = Number(info.instantaneous_ops_per_sec),
            clients = Number(info.connected_clients);
          if (Number.isFinite(ops)) s.ops_per_sec = ops;
          if (Number.isFinite(clients)) s.clients = clients;
          out.set(t.name, s);
        } else if (t.kind === 'worker' && t.framework === 'celery' && redis?.port != null) {
          const len = Number(
            await redisCommand(['LLEN', 'celery'], { port: redis.port, timeoutMs, auth: redis.auth ?? null }),
          );
          if (Number.isFinite(len)) out.set(t.name, { queue_length: len });
        }
      } catch {
        /* not answering (or not ours to read): no sample this round */
      }
    }),
  );
  return out;
}
