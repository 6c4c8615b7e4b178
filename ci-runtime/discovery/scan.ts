// Discovery: what really runs in the container, from /proc. Processes, their listening ports
// (tcp and tcp6 through the fd socket inodes), classified, and attributed to declared services.
import type { DiscoveredService } from '../../protocol';
import { descendants, type ProcStat } from '../metrics/proc-parse';
import { readArgv, readProcStats, readSocketInodes, realProcFs, type ProcFs } from '../metrics/proc-reader';
import { classifyProcess } from './classify';
import { parseProcNetTcp } from './proc-net';

/** Options: which pids belong to which declared service, and which to leave out (init, the CI). */
export interface ScanOptions {
  servicePids: Map<string, number>;
  ignorePids: number[];
  fs?: ProcFs;
  root?: string;
}

/** Maps listening socket inodes to ports (tcp + tcp6). */
export function listeningInodes(fs: ProcFs = realProcFs, root = '/proc'): Map<number, number> {
  const out = new Map<number, number>();
  for (const file of ['net/tcp', 'net/tcp6']) {
    for (const s of parseProcNetTcp(fs.read(`${root}/${file}`) ?? '')) out.set(s.inode, s.port);
  }
  return out;
}

/** Ports a set of pids listen on. */
export function portsOf(
  pids: number[],
  inodes: Map<number, number>,
  fs: ProcFs = realProcFs,
  root = '/proc',
): number[] {
  const ports = new Set<number>();
  for (const pid of pids)
    for (const inode of readSocketInodes(pid, fs, root)) {
      const port = inodes.get(inode);
      if (port !== undefined) ports.add(port);
    }
  return [...ports].sort((a, b) => a - b);
}

/** One entry per declared service's process tree, plus undeclared processes that listen or are recognised. */
export function scanProcesses({
  servicePids,
  ignorePids,
  fs = realProcFs,
  root = '/proc',
}: ScanOptions): DiscoveredService[] {
  const stats = readProcStats(fs, root);
  const parents = new Map<number, number>([...stats.values()].map((s: ProcStat) => [s.pid, s.ppid]));
  const inodes = listeningInodes(fs, root);
  const owned = new Set<number>(ignorePids);
  const out: DiscoveredService[] = [];
  for (const [name, pid] of servicePids) {
    if (!stats.has(pid)) continue;
    const tree = descendants(pid, parents);
    tree.forEach((p) => owned.add(p));
    const argv = readArgv(pid, fs, root);
    const ports = portsOf(tree, inodes, fs, root);
    out.push({ pid, command: argv.join(' '), ...classifyProcess({ argv, ports }), ports, declared_as: name });
  }
  for (const stat of [...stats.values()].sort((a, b) => a.pid - b.pid)) {
    if (owned.has(stat.pid)) continue;
    // Only what no one else claimed: init's tree holds everything, but services are not init's.
    const tree = descendants(stat.pid, parents).filter((p) => p === stat.pid || !owned.has(p));
    tree.forEach((p) => owned.add(p));
    const argv = readArgv(stat.pid, fs, root);
    if (!argv.length) continue;
    const ports = portsOf(tree, inodes, fs, root);
    const c = classifyProcess({ argv, ports });
    if (!ports.length && (c.kind === 'process' || c.kind === 'tcp')) continue;
    out.push({ pid: stat.pid, command: argv.join(' '), ...c, ports, declared_as: null });
  }
  return out;
}
