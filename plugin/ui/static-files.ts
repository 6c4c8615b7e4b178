// The page's own files, served from the package (no CDN): found beside this module when run from
// source, or under plugin/ui/static next to dist/ when bundled. Small enough to keep in memory.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** One file ready to send. */
export interface StaticFile {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/** Where the static files are; throws naming the places tried. */
export function findStaticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const tried = [join(here, 'static'), resolve(here, '../plugin/ui/static'), resolve(here, '../../plugin/ui/static')];
  const found = tried.find((d) => existsSync(join(d, 'index.html')));
  if (!found)
    throw new Error(`The UI's files are missing: looked for index.html in ${tried.join(', ')}; reinstall the plugin`);
  return found;
}

/** Reads every file of the static dir once. */
export function loadStaticFiles(dir = findStaticDir()): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    files.set(`/${name}`, {
      type,
      body,
      gzip: gzipSync(body),
      etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
    });
  }
  return files;
}
