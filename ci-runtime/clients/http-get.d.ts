/** Resolves with the status code of GET http://host:port/path. */
export declare function httpStatus(port: number, path: string, { host, timeoutMs }?: {
    host?: string | undefined;
    timeoutMs?: number | undefined;
}): Promise<number>;
