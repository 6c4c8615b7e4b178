/** A bounded line buffer; `push` splits chunks into lines and keeps a partial last line. */
export declare class LineRing {
    private readonly capacity;
    private readonly maxLineChars;
    private readonly lines;
    private partial;
    constructor(capacity?: number, maxLineChars?: number);
    /** Adds a chunk of output; returns the complete lines it contained. */
    push(chunk: string): string[];
    /** The last `count` lines, oldest first. */
    tail(count: number): string[];
}
