// A deterministic tar (ustar, with PAX headers for long names): entries sorted by path, one fixed
// mtime, uid/gid 0, no user names, modes normalised. Same files in, same bytes out, so the build
// context (and the cache keys the builder derives from it) only change when the files do.

/** The mtime of every entry (2000-01-01 UTC). Not 0: tools that copy a file only when the source is newer than
 * the missing target (whose mtime reads as 0) skip epoch files. Maven's resources plugin left every unfiltered
 * resource out of the jar that way (a Spring Boot app lost its banner.txt and templates). */
export const TAR_MTIME = 946_684_800;

/** One entry of the archive. */
export interface TarEntry {
  path: string;
  /** File contents; absent for directories and symlinks. */
  content?: Buffer;
  /** 'file' (default), 'dir' or 'symlink'. */
  type?: 'file' | 'dir' | 'symlink';
  linkTarget?: string;
  /** Executable files get 0755, others 0644 (dirs 0755). */
  executable?: boolean;
}

/** The archive bytes for `entries` (sorted here; duplicates: the last one wins). */
export function writeTar(entries: TarEntry[]): Buffer {
  const byPath = new Map<string, TarEntry>();
  for (const e of entries) byPath.set(e.path.replace(/^\.?\/+/, ''), e);
  const chunks: Buffer[] = [];
  for (const path of [...byPath.keys()].sort()) {
    const e = byPath.get(path)!;
    const type = e.type ?? 'file';
    const name = type === 'dir' && !path.endsWith('/') ? `${path}/` : path;
    const body = type === 'file' ? (e.content ?? Buffer.alloc(0)) : Buffer.alloc(0);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(e.linkTarget ?? '') > 100) {
      const pax = paxRecords({ path: name, ...(e.linkTarget ? { linkpath: e.linkTarget } : {}) });
      chunks.push(header({ name: 'PaxHeader', size: pax.length, typeflag: 'x', mode: 0o644 }), pad(pax));
    }
    const mode = type === 'dir' || e.executable ? 0o755 : type === 'symlink' ? 0o777 : 0o644;
    const typeflag = type === 'dir' ? '5' : type === 'symlink' ? '2' : '0';
    chunks.push(
      header({
        name: name.slice(0, 100),
        size: body.length,
        typeflag,
        mode,
        linkname: (e.linkTarget ?? '').slice(0, 100),
      }),
    );
    if (body.length) chunks.push(pad(body));
  }
  chunks.push(Buffer.alloc(1024));
  return Buffer.concat(chunks);
}

function header(h: { name: string; size: number; typeflag: string; mode: number; linkname?: string }): Buffer {
  const b = Buffer.alloc(512);
  b.write(h.name, 0, 100, 'utf8');
  b.write(octal(h.mode, 8), 100);
  b.write(octal(0, 8), 108);
  b.write(octal(0, 8), 116);
  b.write(octal(h.size, 12), 124);
  b.write(octal(TAR_MTIME, 12), 136);
  b.fill(' ', 148, 156);
  b.write(h.typeflag, 156);
  if (h.linkname) b.write(h.linkname, 157, 100, 'utf8');
  b.write('ustar\u0000', 257);
  b.write('00', 263);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(octal(sum, 7), 148);
  return b;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\u0000`;
}

function pad(buf: Buffer): Buffer {
  const rest = buf.length % 512;
  return rest ? Buffer.concat([buf, Buffer.alloc(512 - rest)]) : buf;
}

function paxRecords(fields: Record<string, string>): Buffer {
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    const body = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(body) + 1;
    while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
    out += `${len}${body}`;
  }
  return Buffer.from(out, 'utf8');
}
