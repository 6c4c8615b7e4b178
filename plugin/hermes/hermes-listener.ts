// Connects the monitor to Hermes: every probe becomes a heartbeat, every removal an unregister.
import { componentUrl } from '../tekton/env';
import type { MonitorListener } from '../ci/monitor';
import { HermesClient } from './hermes-client';
import { HermesReporter } from './hermes-reporter';

/** A monitor listener reporting to the Hermes the environment points at. */
export interface HermesListener extends MonitorListener {
  reporter: HermesReporter;
  close(): Promise<void>;
}

/** Creates the listener for `HERMES_HOST`/`HERMES_PORT` (default localhost:8001). */
export function createHermesListener(env: Record<string, string | undefined>, warn: (line: string) => void): HermesListener {
  const reporter = new HermesReporter(new HermesClient(componentUrl('hermes', env)), warn);
  return {
    reporter,
    onProbe: (entry, probe) => reporter.report(entry, probe),
    onRemoved: (ciName) => reporter.remove(ciName),
    close: () => reporter.close(),
  };
}
