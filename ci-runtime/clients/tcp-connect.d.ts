/** Resolves when host:port accepts a connection; rejects with a clear message otherwise. */
export declare function tcpConnect(port: number, { host, timeoutMs }?: {
    host?: string | undefined;
    timeoutMs?: number | undefined;
}): Promise<void>;
