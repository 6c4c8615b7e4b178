// `generate` (and the UI's Save) write into someone else's project: a `Dockerfile` there may be a
// link to a host file, `.tekton` a link to a host folder. Nothing is written through a link that
// leaves the project: each folder on the way is resolved and must stay under the project's real root
// (missing ones are created as real folders), the target is resolved the same way, and the content
// goes to a new temp file (O_EXCL | O_NOFOLLOW) in the real folder, renamed over the target. A link
// inside the project is followed (its target, inside the project, is what gets replaced).
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { locateInside, realRoot } from './inside-project';

/** Error for a path generate will not write: it names the link and where it leads. */
export class ProjectWriteRefused extends Error {
  override name = 'ProjectWriteRefused';
}

/** The real path `rel` would be written at; throws ProjectWriteRefused when a link on the way leaves the project. */
export function checkWritableInside(root: string, rel: string): string {
  const where = locateInside(root, rel);
  if (where.kind === 'outside') {
    throw new ProjectWriteRefused(
      `Refused to write ${rel}: ${where.link} is a link to ${where.target}, outside the project. Nothing was written; remove the link (or replace it with a real ${where.link === rel ? 'file' : 'folder'}) and generate again`,
    );
  }
  if (where.kind === 'inside') {
    const st = lstatSync(where.real);
    if (!st.isFile())
      throw new ProjectWriteRefused(
        `Refused to write ${rel}: it is ${st.isDirectory() ? 'a folder' : 'not a regular file'}`,
      );
    return where.real;
  }
  // Missing: the nearest existing folder on the way decides (checked the same way); the rest is created.
  return join(checkMissingDir(root, dirname(rel)), basename(rel));
}

/** Writes `content` to `rel` under `root` atomically, never through a link that leaves the project. */
export function writeInside(root: string, rel: string, content: string, mode = 0o644): void {
  const target = checkWritableInside(root, rel);
  mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
  // The folders just made are real and inside; check again that nothing on the way became a link.
  if (checkWritableInside(root, rel) !== target)
    throw new ProjectWriteRefused(`Refused to write ${rel}: its folder changed while it was being written`);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // rename replaces whatever is at the target itself (a link included): it never writes through one.
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing left to clean */
    }
    throw err;
  }
}

// A folder that does not exist yet: its nearest existing ancestor must be a real folder inside the project.
function checkMissingDir(root: string, rel: string): string {
  const parts = rel.split(/[\\/]+/).filter((p) => p && p !== '.');
  for (let i = parts.length; i >= 0; i--) {
    const head = parts.slice(0, i).join('/');
    const where = head ? locateInside(root, head) : { kind: 'inside' as const, real: realRoot(root) };
    if (where.kind === 'missing') continue;
    if (where.kind === 'outside')
      throw new ProjectWriteRefused(
        `Refused to write under ${rel}: ${where.link} is a link to ${where.target}, outside the project. Nothing was written; remove the link and generate again`,
      );
    if (!lstatSync(where.real).isDirectory())
      throw new ProjectWriteRefused(`Refused to write under ${rel}: ${head || '.'} is not a folder`);
    return join(where.real, ...parts.slice(i));
  }
  return join(realRoot(root), ...parts);
}
