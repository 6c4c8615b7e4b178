/** Parses .env text into key/value pairs; lines that are not assignments are ignored. */
export declare function parseDotEnv(text: string): Record<string, string>;
