/** Returns the token and where it came from. */
export declare function loadToken(env: Record<string, string | undefined>, file: string): {
    token: string;
    source: 'env' | 'file' | 'generated';
};
/** Constant-time token comparison. */
export declare function tokenMatches(expected: string, given: unknown): boolean;
