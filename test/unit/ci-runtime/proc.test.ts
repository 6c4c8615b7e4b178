import { describe, expect, it } from 'vitest';
import {
  descendants,
  parsePrivateBytes,
  parseProcStat,
  parseUid,
  parseVmRss,
} from '../../../ci-runtime/metrics/proc-parse';
import { parseProcNetTcp, socketInode } from '../../../ci-runtime/discovery/proc-net';
import { scanProcesses } from '../../../ci-runtime/discovery/scan';
import type { ProcFs } from '../../../ci-runtime/metrics/proc-reader';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 62068 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F40 0100007F:8942 06 00000000:00000000 03:000013A4 00000000     0        0 0 3 0000000000000000
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 70001 1 0000000000000000 100 0 0 10 0
`;

describe('/proc parsing', () => {
  it('parses stat even when the command name has spaces and parentheses', () => {
    const text =
      '42 (my (odd) proc) S 7 42 42 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 1 0 12345 1000000 200 18446744073709551615';
    expect(parseProcStat(text)).toEqual({
      pid: 42,
      comm: 'my (odd) proc',
      state: 'S',
      ppid: 7,
      cpuTicks: 200,
      startTicks: 12345,
    });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('reads VmRSS, Uid and private memory', () => {
    expect(parseVmRss('Name:\tx\nVmRSS:\t   40960 kB\n')).toBe(40960 * 1024);
    expect(parseVmRss('Name:\tkthread\n')).toBeNull();
    expect(parseUid('Uid:\t10001\t10001\t10001\t10001\n')).toBe(10001);
    expect(parsePrivateBytes('Rss: 100 kB\nPrivate_Clean:   1000 kB\nPrivate_Dirty:   5000 kB\n')).toBe(6000 * 1024);
  });

  it('finds all descendants of a process', () => {
    const parents = new Map([
      [1, 0],
      [10, 1],
      [11, 10],
      [12, 11],
      [20, 1],
    ]);
    expect(descendants(10, parents).sort()).toEqual([10, 11, 12]);
  });

  it('parses listening sockets from tcp and tcp6 (LISTEN only)', () => {
    expect(parseProcNetTcp(TCP)).toEqual([{ port: 6379, inode: 62068, address: '0100007F' }]);
    expect(parseProcNetTcp(TCP6)).toEqual([{ port: 3000, inode: 70001, address: '00000000000000000000000000000000' }]);
    expect(socketInode('socket:[62068]')).toBe(62068);
    expect(socketInode('pipe:[1]')).toBeNull();
  });

  it('maps ports to processes through fd socket inodes, both tcp and tcp6', () => {
    const files: Record<string, string> = {
      '/p/net/tcp': TCP,
      '/p/net/tcp6': TCP6,
      '/p/1/stat': '1 (tini) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0',
      '/p/7/stat': '7 (node) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0',
      '/p/13/stat': '13 (redis-server) S 7 13 13 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3 0 0',
      '/p/13/cmdline': 'redis-server\x00127.0.0.1:6379\x00',
      '/p/30/stat': '30 (node) S 1 30 30 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4 0 0',
      '/p/30/cmdline': 'node\x00server.js\x00',
    };
    const links: Record<string, string> = {
      '/p/13/fd/6': 'socket:[62068]',
      '/p/30/fd/20': 'socket:[70001]',
      '/p/30/fd/1': 'pipe:[5]',
    };
    const fs: ProcFs = {
      list: (dir) => {
        if (dir === '/p') return ['1', '7', '13', '30', 'net', 'self'];
        const prefix = `${dir}/`;
        return Object.keys(links)
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.slice(prefix.length));
      },
      read: (p) => files[p] ?? null,
      link: (p) => links[p] ?? null,
    };
    const found = scanProcesses({ servicePids: new Map([['cache', 13]]), ignorePids: [1, 7], fs, root: '/p' });
    expect(found).toEqual([
      {
        pid: 13,
        command: 'redis-server 127.0.0.1:6379',
        kind: 'redis',
        label: 'Redis',
        ports: [6379],
        declared_as: 'cache',
      },
      { pid: 30, command: 'node server.js', kind: 'web', label: 'Express', ports: [3000], declared_as: null },
    ]);
  });
});
