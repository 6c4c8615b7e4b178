/** Runs `fn` with the effective UID/GID of `pid`'s owner when the CI is root; plain `fn` otherwise. */
export declare function asOwnerOf<T>(pid: number, fn: () => T, root?: string): T;
