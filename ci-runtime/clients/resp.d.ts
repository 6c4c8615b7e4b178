/** A decoded RESP value: simple/bulk strings, integers, arrays, null, or a server error. */
export type RespValue = string | number | null | RespValue[] | RespError;
/** A `-ERR ...` reply from the server, returned as a value (not thrown) by the decoder. */
export declare class RespError {
    readonly message: string;
    constructor(message: string);
}
/** Encodes a command as a RESP array of bulk strings. */
export declare function encodeCommand(args: string[]): Buffer;
/** Decodes one value from the start of `buf`; returns null when more bytes are needed. */
export declare function decodeValue(buf: Buffer, start?: number): {
    value: RespValue;
    end: number;
} | null;
/** Parses `INFO` text into a flat key → value map (section headers and blanks dropped). */
export declare function parseInfo(text: string): Record<string, string>;
