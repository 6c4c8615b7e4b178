// Which files on disk we wrote and have not been edited since: `.tekton/generated.json` keeps the
// SHA-256 of each file we wrote. Such a file may be replaced; anything else is the user's.
import { createHash } from 'node:crypto';
import { readTextInside } from './inside-project';

/** Path of the record, relative to the project root. */
export const GENERATED_RECORD = '.tekton/generated.json';

/** SHA-256 hex of a text. */
export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** path → hash of what we wrote. */
export function readGeneratedRecord(root: string): Record<string, string> {
  try {
    const v = JSON.parse(readTextInside(root, GENERATED_RECORD) ?? '{}') as { files?: Record<string, string> };
    return v.files && typeof v.files === 'object' ? v.files : {};
  } catch {
    return {};
  }
}

/** How a planned file relates to what is on disk. */
export type FileState = 'absent' | 'same' | 'ours' | 'user';

/** The same decision from the file's current text (null: absent), for plans made without a disk. */
export function stateOf(
  current: string | null,
  path: string,
  content: string,
  record: Record<string, string>,
): FileState {
  if (current === null) return 'absent';
  if (current === content) return 'same';
  return record[path] === sha256(current) ? 'ours' : 'user';
}
