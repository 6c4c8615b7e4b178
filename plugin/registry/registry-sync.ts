// Keeps the registry equal to what the engine runs: a full sync from the container list, and a
// follower of the engine's event stream (start/die/destroy) so containers started or removed with
// plain `docker run`/`docker rm` appear and disappear.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { LABELS, LineSplitter } from '../../protocol';
import type { ContainerClient } from '../engine/container-client';
import { entryFromContainer } from './registry-entry';
import type { CiRegistry } from './registry-store';
import type { CiEntry } from './registry-types';

/** Entries for every container with a CI the engine knows (for rebuild and sync). */
export async function entriesFromEngine(containers: ContainerClient, now = new Date()): Promise<CiEntry[]> {
  const [byName, byHash] = await Promise.all([
    containers.list({ all: true, labels: [LABELS.ciName] }),
    containers.list({ all: true, labels: [LABELS.manifestHash] }),
  ]);
  const seen = new Map(byName.map((c) => [c.id, c]));
  for (const c of byHash) seen.set(c.id, c);
  return [...seen.values()].map((c) => entryFromContainer(c, now)).filter((e): e is CiEntry => e !== null);
}

/** Replaces the registry's view with the engine's; returns what changed. */
export async function syncRegistry(
  registry: CiRegistry,
  containers: ContainerClient,
): Promise<{ added: string[]; removed: string[] }> {
  const fresh = await entriesFromEngine(containers);
  const added: string[] = [];
  const removed: string[] = [];
  await registry.update((file) => {
    const ids = new Set(fresh.map((e) => e.container_id));
    for (const [name, e] of Object.entries(file.entries)) {
      if (!ids.has(e.container_id)) {
        delete file.entries[name];
        removed.push(name);
      }
    }
    for (const e of fresh) {
      if (!file.entries[e.ci_name]) added.push(e.ci_name);
      file.entries[e.ci_name] = e;
    }
  });
  return { added, removed };
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
  const [summary] = (await containers.list({ all: true })).filter((c) => c.id === ev.id);
  const entry = summary ? entryFromContainer(summary) : null;
  if (!entry) return null;
  await registry.update((file) => {
    const previous = file.entries[entry.ci_name];
    // Keep what ergon run knew (its source) when the engine reports the same container again.
    file.entries[entry.ci_name] =
      previous?.container_id === entry.container_id ? { ...entry, source: previous.source } : entry;
  });
  return entry.ci_name;
}
