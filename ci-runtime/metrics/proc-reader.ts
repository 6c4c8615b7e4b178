// Reads the process table from /proc (side effect at the edge; parsing is in proc-parse.ts).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { parseProcStat, parseVmRss, type ProcStat } from './proc-parse';
import { socketInode } from '../discovery/proc-net';
import { asOwnerOf } from './as-owner';

/** File access, passed in so tests can point it at fixtures. */
export interface ProcFs {
  list(dir: string): string[];
  read(path: string): string | null;
  link(path: string): string | null;
}

/** The real /proc. */
export const realProcFs: ProcFs = {
  list: (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  read: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  link: (path) => {
    try {
      return readlinkSync(path);
    } catch {
      return null;
    }
  },
};

/** All processes' stat lines, by pid. */
export function readProcStats(fs: ProcFs = realProcFs, root = '/proc'): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const entry of fs.list(root)) {
    if (!/^\d+$/.test(entry)) continue;
    const text = fs.read(`${root}/${entry}/stat`);
    const stat = text ? parseProcStat(text) : null;
    if (stat) out.set(stat.pid, stat);
  }
  return out;
}

/** Resident memory of one process (0 when it vanished). */
export function readRss(pid: number, fs: ProcFs = realProcFs, root = '/proc'): number {
  const text = fs.read(`${root}/${pid}/status`);
  return (text && parseVmRss(text)) || 0;
}

/** argv of a process from /proc/<pid>/cmdline (empty for kernel threads). */
export function readArgv(pid: number, fs: ProcFs = realProcFs, root = '/proc'): string[] {
  const text = fs.read(`${root}/${pid}/cmdline`);
  return text ? text.split('\0').filter(Boolean) : [];
}

/** Socket inodes a process holds open (as its owner when root alone is not allowed to look). */
export function readSocketInodes(pid: number, fs: ProcFs = realProcFs, root = '/proc'): number[] {
  const read = () => {
    const out: number[] = [];
    let readable = 0;
    const fds = fs.list(`${root}/${pid}/fd`);
    for (const fd of fds) {
      const target = fs.link(`${root}/${pid}/fd/${fd}`);
      if (target) readable++;
      const inode = target ? socketInode(target) : null;
      if (inode !== null) out.push(inode);
    }
    return { out, denied: fds.length > 0 && readable === 0 };
  };
  const first = read();
  return first.denied && fs === realProcFs ? asOwnerOf(pid, () => read().out, root) : first.out;
}
