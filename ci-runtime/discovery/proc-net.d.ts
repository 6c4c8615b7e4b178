/** One listening socket: its port and the inode that links it to a process's fd. */
export interface ListeningSocket {
    port: number;
    inode: number;
    address: string;
}
/** Parses the text of /proc/net/tcp or tcp6; returns only sockets in LISTEN state. */
export declare function parseProcNetTcp(text: string): ListeningSocket[];
/** Socket inode from a /proc/<pid>/fd link target like 'socket:[12345]', else null. */
export declare function socketInode(linkTarget: string): number | null;
