// The registry of container CIs: one JSON file, read without a lock (writes are atomic renames),
// changed only under the lock. A corrupt file is kept aside as registry.json.corrupt-<ts> and the
// registry is rebuilt from the engine's tekton.* labels (via the injected `rebuild`).
import { readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pidAlive, withFileLock } from '../files/file-lock';
import { writeFileAtomic } from '../files/atomic-write';
import { ensurePrivateDir } from '../files/private-dir';
import {
  describeRefusal,
  type EngineHolder,
  type HeldName,
  heldNames,
  type NameReservation,
  type NameWant,
  settleClaims,
} from './name-claims';
import { asRegistryFile, emptyRegistry, type CiEntry, type RegistryFile } from './registry-types';

/** Side effects the registry needs. */
export interface RegistryOptions {
  path: string;
  /** Entries recovered from the engine when the file is corrupt. Absent: start empty. */
  rebuild?: () => Promise<CiEntry[]>;
  clock?: () => Date;
  warn?: (line: string) => void;
}

type ReadResult = { file: RegistryFile } | { corrupt: string };

/** The container-CI registry file. */
export class CiRegistry {
  readonly path: string;
  private readonly clock: () => Date;

  constructor(private readonly opts: RegistryOptions) {
    this.path = opts.path;
    this.clock = opts.clock ?? (() => new Date());
  }

  /** The current registry; recovers a corrupt file first. */
  async read(): Promise<RegistryFile> {
    const result = this.readRaw();
    if ('file' in result) return result.file;
    return this.update(() => undefined);
  }

  /** All entries, sorted by CI name. */
  async list(): Promise<CiEntry[]> {
    const file = await this.read();
    return Object.values(file.entries).sort((a, b) => a.ci_name.localeCompare(b.ci_name));
  }

  /** One entry by CI name or container name, or null. */
  async find(nameOrContainer: string): Promise<CiEntry | null> {
    const file = await this.read();
    return (
      file.entries[nameOrContainer] ??
      Object.values(file.entries).find(
        (e) => e.container === nameOrContainer || e.container_id.startsWith(nameOrContainer),
      ) ??
      null
    );
  }

  /** Changes the registry under the lock; `change` edits the file in place. */
  async update(change: (file: RegistryFile) => void | Promise<void>): Promise<RegistryFile> {
    ensurePrivateDir(dirname(this.path));
    return withFileLock(`${this.path}.lock`, async () => {
      const result = this.readRaw();
      let file: RegistryFile;
      if ('file' in result) {
        file = result.file;
      } else {
        file = await this.recover(result.corrupt);
      }
      await change(file);
      file.updated_at = this.clock().toISOString();
      writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
      this.removeOrphanTemps();
      return file;
    });
  }

  /** Says something the user should know (a refused claim, a recovered file); silent when not wired. */
  warn(line: string): void {
    this.opts.warn?.(line);
  }

  /**
   * Registers an entry unless another container holds its name: resolves null when registered, else
   * the container that holds it (the name is not taken over). Any other name of the same container goes.
   */
  async claim(entry: CiEntry): Promise<string | null> {
    let holder: string | null = null;
    await this.update((file) => {
      const previous = file.entries[entry.ci_name];
      if (previous && previous.container_id !== entry.container_id) {
        holder = previous.container;
        return;
      }
      for (const [key, e] of Object.entries(file.entries))
        if (e.container_id === entry.container_id) delete file.entries[key];
      file.entries[entry.ci_name] = entry;
    });
    return holder;
  }

  /**
   * Claims names and run dirs for a run before it writes anything (name-claims.ts): under the lock,
   * refused with what is held and by whom, else recorded until `release` (or until the process dies).
   */
  async reserve(
    wants: NameWant[],
    opts: { engine: EngineHolder[]; app: string | null; replacing?: string[] },
  ): Promise<{ held: HeldName[] } | { release: () => Promise<void> }> {
    let held: HeldName[] = [];
    const now = this.clock();
    const mine: NameReservation[] = wants.map((w) => ({
      ...w,
      pid: process.pid,
      at: now.toISOString(),
      app: opts.app,
    }));
    await this.update((file) => {
      // A run killed before it released its claim: its process is gone, or it is an hour old.
      const live = (file.reservations ?? []).filter(
        (r) => pidAlive(r.pid) && now.getTime() - Date.parse(r.at) < 3_600_000,
      );
      const entries = Object.values(file.entries).filter((e) => !opts.replacing?.includes(e.container));
      held = heldNames(wants, { entries, engine: opts.engine, reservations: live, app: opts.app });
      file.reservations = held.length ? live : [...live, ...mine];
    });
    if (held.length) return { held };
    return {
      release: async () => {
        await this.update((file) => {
          file.reservations = (file.reservations ?? []).filter((r) => !mine.some((m) => sameClaim(m, r)));
          if (file.reservations.length === 0) delete file.reservations;
        });
      },
    };
  }

  /** Adds or replaces an entry. */
  async upsert(entry: CiEntry): Promise<void> {
    await this.update((file) => {
      file.entries[entry.ci_name] = entry;
    });
  }

  /** Removes an entry; resolves true when there was one. */
  async remove(ciName: string): Promise<boolean> {
    let removed = false;
    await this.update((file) => {
      removed = ciName in file.entries;
      delete file.entries[ciName];
    });
    return removed;
  }

  // A writer killed -9 between creating its temp file and the rename leaves `.registry.json.<pid>.*.tmp`.
  private removeOrphanTemps(): void {
    const dir = dirname(this.path);
    const prefix = `.${basename(this.path)}.`;
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const pid = Number(name.slice(prefix.length).split('.')[0]);
      if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) rmSync(join(dir, name), { force: true });
    }
  }

  private readRaw(): ReadResult {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file: emptyRegistry(this.clock()) };
      throw err;
    }
    try {
      const file = asRegistryFile(JSON.parse(text));
      return file ? { file } : { corrupt: 'not a registry (version 1 with entries)' };
    } catch (err) {
      return { corrupt: (err as Error).message };
    }
  }

  private async recover(reason: string): Promise<RegistryFile> {
    const backup = `${this.path}.corrupt-${this.clock().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(this.path, backup);
    const file = emptyRegistry(this.clock());
    let rebuilt = 'empty';
    if (this.opts.rebuild) {
      try {
        const { entries, refused } = settleClaims(await this.opts.rebuild(), {});
        for (const e of entries) file.entries[e.ci_name] = e;
        for (const r of refused) this.warn(describeRefusal(r));
        rebuilt = `${Object.keys(file.entries).length} entries from the engine's tekton.* labels`;
      } catch (err) {
        rebuilt = `empty (engine unreachable: ${(err as Error).message})`;
      }
    }
    this.opts.warn?.(`Warning: ${this.path} was corrupt (${reason}); kept as ${backup}, rebuilt ${rebuilt}`);
    return file;
  }
}

function sameClaim(a: NameReservation, b: NameReservation): boolean {
  return a.pid === b.pid && a.at === b.at && a.container === b.container;
}
