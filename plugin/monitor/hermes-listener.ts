// Connects the monitor to Hermes: every probe becomes a heartbeat, every removal an unregister, and
// a CI not probed for `beatMs` gets its last state sent again, so heartbeats stay within Hermes'
// 60 s health rule whatever the probe interval.
import { componentUrl } from '../tekton/env';
import type { MonitorListener } from './monitor';
import type { CiProbe } from './ci-probe';
import type { CiEntry } from '../registry/registry-types';
import { HermesClient } from '../tekton/hermes-client';
import { HermesReporter } from './hermes-reporter';

/** A monitor listener reporting to the Hermes the environment points at. */
export interface HermesListener extends MonitorListener {
  reporter: HermesReporter;
  /** Stops beating and unregisters every CI. */
  close(): Promise<void>;
  /** Stops beating and leaves the registrations in Hermes (a sender handing over to the next one). */
  detach(): void;
}

/** Creates the listener for `HERMES_HOST`/`HERMES_PORT` (default localhost:8001); beats at least every `beatMs` (25 s). */
export function createHermesListener(
  env: Record<string, string | undefined>,
  warn: (line: string) => void,
  beatMs = 25_000,
): HermesListener {
  // Hermes' list is checked as often as it is beaten: a restarted Hermes is noticed within one beat.
  const reporter = new HermesReporter(new HermesClient(componentUrl('hermes', env)), warn, undefined, {
    everyMs: beatMs,
    now: Date.now,
  });
  const last = new Map<string, { entry: CiEntry; probe: CiProbe; at: number }>();
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const [name, l] of last) {
        if (now - l.at < beatMs) continue;
        l.at = now;
        void reporter.report(l.entry, l.probe);
        last.set(name, l);
      }
    },
    Math.max(1000, Math.floor(beatMs / 5)),
  );
  timer.unref?.();
  return {
    reporter,
    onProbe: (entry, probe) => {
      last.set(entry.ci_name, { entry, probe, at: Date.now() });
      return reporter.report(entry, probe);
    },
    onRemoved: (ciName) => {
      last.delete(ciName);
      return reporter.remove(ciName);
    },
    close: async () => {
      clearInterval(timer);
      last.clear();
      await reporter.close();
    },
    detach: () => {
      clearInterval(timer);
      last.clear();
    },
  };
}
