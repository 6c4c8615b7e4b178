// The lifecycle timeline of one container from the engine's own event log (create, start, die,
// restart, health, OOM...), read once between its creation and now; exec noise is left out.
import type Docker from 'dockerode';

/** One moment of a container's life. */
export interface TimelineEvent {
  at: string;
  action: string;
  detail: string;
}

const SHOWN = /^(create|start|restart|die|stop|kill|oom|pause|unpause|destroy|rename|update|health_status.*)$/;

/** The container's events since it was created (at most `limit`, newest last). */
export async function containerTimeline(
  docker: Docker,
  id: string,
  createdIso: string,
  limit = 200,
  timeoutMs = 3000,
): Promise<TimelineEvent[]> {
  const since = Math.floor(new Date(createdIso).getTime() / 1000) - 1;
  const until = Math.ceil(Date.now() / 1000);
  const stream = (await docker.getEvents({
    since,
    until,
    filters: { container: [id], type: ['container'] },
  })) as NodeJS.ReadableStream & { destroy?: () => void };
  const events: TimelineEvent[] = [];
  let buffered = '';
  const timer = setTimeout(() => stream.destroy?.(), timeoutMs);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        const ev = JSON.parse(line) as {
          Action?: string;
          status?: string;
          timeNano?: number;
          time?: number;
          Actor?: { Attributes?: Record<string, string> };
        };
        const action = ev.Action ?? ev.status ?? '';
        if (!SHOWN.test(action)) continue;
        const a = ev.Actor?.Attributes ?? {};
        const detail = a.exitCode !== undefined ? `exit code ${a.exitCode}` : a.signal ? `signal ${a.signal}` : '';
        events.push({
          at: new Date(ev.timeNano ? ev.timeNano / 1e6 : (ev.time ?? 0) * 1000).toISOString(),
          action,
          detail,
        });
      }
    }
  } catch {
    /* the stream was cut by the timeout: show what arrived */
  } finally {
    clearTimeout(timer);
  }
  return events.slice(-limit);
}
