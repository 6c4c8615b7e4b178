/** Who a child process runs as. */
export interface RunAs {
    uid: number;
    gid: number;
    home: string;
    name: string;
}
/** Finds `user` (a name or numeric UID) in passwd text; the app user (10001) when unset. */
export declare function resolveUser(passwd: string, user: string | undefined): RunAs | null;
