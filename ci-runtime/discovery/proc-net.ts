// Listening sockets from /proc/net/tcp and /proc/net/tcp6 (pure parser). Node and many servers
// listen on `::`, which appears only in tcp6, so both files are read.

/** One listening socket: its port and the inode that links it to a process's fd. */
export interface ListeningSocket {
  port: number;
  inode: number;
  address: string;
}

const LISTEN = '0A';

/** Parses the text of /proc/net/tcp or tcp6; returns only sockets in LISTEN state. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== LISTEN) continue;
    const [address = '', portHex = ''] = (cols[1] ?? '').split(':');
    out.push({ port: parseInt(portHex, 16), inode: Number(cols[9]), address });
  }
  return out;
}

/** Socket inode from a /proc/<pid>/fd link target like 'socket:[12345]', else null. */
export function socketInode(linkTarget: string): number | null {
  const match = /^socket:\[(\d+)\]$/.exec(linkTarget);
  return match ? Number(match[1]) : null;
}
