// Which connection gives way when the CI is at its connection limit (pure): the one idle the
// longest, never one that is answering a request or streaming events. A connection that never
// finished a line (slowloris) stays idle since it connected, so it goes first; a client that has
// just connected and sent its request is the last to go.

/** What the choice looks at. */
export interface IdleCandidate {
  busy: boolean;
  lastActivity: number;
}

/** The idlest connection that is not busy, or null when every one is. */
export function pickIdlest<T extends IdleCandidate>(connections: Iterable<T>): T | null {
  let best: T | null = null;
  for (const c of connections) if (!c.busy && (best === null || c.lastActivity < best.lastActivity)) best = c;
  return best;
}
