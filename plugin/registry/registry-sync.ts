// Keeps the registry equal to what the engine runs: a full sync from the container list, and a
// follower of the engine's event stream (start/die/destroy) so containers started or removed with
// plain `docker run`/`docker rm` appear and disappear.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { LABELS, LineSplitter } from '../../protocol';
import type { ContainerClient, ContainerSummary } from '../engine/container-client';
import { withGivenLabels } from './given-labels';
import { describeRefusal, type RefusedClaim, settleClaims } from './name-claims';
import { entryFromContainer } from './registry-entry';
import type { CiRegistry } from './registry-store';
import type { CiEntry } from './registry-types';

/** Entries for every container with a CI the engine knows (for rebuild and sync), names not yet settled. */
export async function entriesFromEngine(containers: ContainerClient, now = new Date()): Promise<CiEntry[]> {
  const [byName, byHash] = await Promise.all([
    containers.list({ all: true, labels: [LABELS.ciName] }),
    containers.list({ all: true, labels: [LABELS.manifestHash] }),
  ]);
  const seen = new Map(byName.map((c) => [c.id, c]));
  for (const c of byHash) seen.set(c.id, c);
  return entriesOf(containers, [...seen.values()], now);
}

/** Registry entries of these containers (their given labels asked of the engine). */
export async function entriesOf(
  containers: ContainerClient,
  list: ContainerSummary[],
  now = new Date(),
): Promise<CiEntry[]> {
  return (await withGivenLabels(containers, list))
    .map((c) => entryFromContainer(c, c.given, now))
    .filter((e): e is CiEntry => e !== null);
}

/** Replaces the registry's view with the engine's; returns what changed and which claims were refused. */
export async function syncRegistry(
  registry: CiRegistry,
  containers: ContainerClient,
): Promise<{ added: string[]; removed: string[]; refused: RefusedClaim[] }> {
  const fresh = await entriesFromEngine(containers);
  let added: string[] = [];
  let removed: string[] = [];
  let refused: RefusedClaim[] = [];
  await registry.update((file) => {
    const settled = settleClaims(fresh, file.entries);
    refused = settled.refused;
    const next = Object.fromEntries(settled.entries.map((e) => [e.ci_name, e]));
    added = Object.keys(next).filter((n) => !file.entries[n]);
    removed = Object.keys(file.entries).filter((n) => !next[n]);
    file.entries = next;
  });
  for (const r of refused) registry.warn(describeRefusal(r));
  return { added, removed, refused };
}

/** A container event that matters to the registry. */
export interface ContainerEvent {
  action: 'start' | 'die' | 'destroy' | 'stop' | 'restart';
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** Opens the engine's event stream for containers with tekton labels. */
export async function openContainerEvents(
  docker: Docker,
  signal?: AbortSignal,
): Promise<{ stream: Readable; events: AsyncIterable<ContainerEvent> }> {
  const stream = (await docker.getEvents({
    filters: { type: ['container'], event: ['start', 'die', 'destroy', 'stop', 'restart'] },
    abortSignal: signal,
  } as Docker.GetEventsOptions)) as unknown as Readable;
  return { stream, events: parseEvents(stream) };
}

// An event is a few hundred bytes; a line far past that is not an event and is dropped.
const MAX_EVENT_LINE_BYTES = 1024 * 1024;

async function* parseEvents(stream: Readable): AsyncIterable<ContainerEvent> {
  // Bytes, not chunk.toString(): a multi-byte character (a label value) may straddle two chunks.
  const lines = new LineSplitter(MAX_EVENT_LINE_BYTES);
  for await (const chunk of stream) {
    for (const event of lines.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))) {
      const line = event.kind === 'line' ? event.text.trim() : '';
      if (!line) continue;
      let raw: { Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; id?: string };
      try {
        raw = JSON.parse(line);
      } catch {
        continue;
      }
      const attrs = raw.Actor?.Attributes ?? {};
      const action = raw.Action as ContainerEvent['action'];
      if (!['start', 'die', 'destroy', 'stop', 'restart'].includes(action)) continue;
      yield { action, id: raw.Actor?.ID ?? raw.id ?? '', name: attrs.name ?? '', labels: attrs };
    }
  }
}

/** Applies one engine event to the registry; returns the CI name touched, or null. */
export async function applyContainerEvent(
  registry: CiRegistry,
  containers: ContainerClient,
  ev: ContainerEvent,
): Promise<string | null> {
  if (!(LABELS.ciName in ev.labels) && !(LABELS.manifestHash in ev.labels)) return null;
  if (ev.action === 'destroy') {
    let name: string | null = null;
    await registry.update((file) => {
      for (const [key, e] of Object.entries(file.entries))
        if (e.container_id === ev.id) {
          delete file.entries[key];
          name = key;
        }
    });
    return name;
  }
  const all = await containers.list({ all: true });
  const summary = all.find((c) => c.id === ev.id);
  const [entry] = summary ? await entriesOf(containers, [summary]) : [];
  if (!entry) return null;
  const alive = new Set(all.map((c) => c.id));
  let refusal: RefusedClaim | null = null;
  await registry.update((file) => {
    const previous = file.entries[entry.ci_name];
    // The name is held by another container that still exists: first come, first served.
    if (previous && previous.container_id !== entry.container_id && alive.has(previous.container_id)) {
      refusal = { ci_name: entry.ci_name, container: entry.container, holder: previous.container };
      return;
    }
    // A container renamed (or named by other rules before) holds one name only.
    for (const [key, e] of Object.entries(file.entries))
      if (e.container_id === entry.container_id) delete file.entries[key];
    // Keep what ergon run knew (its source) when the engine reports the same container again.
    file.entries[entry.ci_name] =
      previous?.container_id === entry.container_id ? { ...entry, source: previous.source } : entry;
  });
  if (refusal) {
    registry.warn(describeRefusal(refusal));
    return null;
  }
  return entry.ci_name;
}
