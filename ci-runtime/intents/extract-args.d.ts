import type { IntentArgs } from '../../protocol';
/** What the parser may refer to: the container's services, peer CIs and recipes. */
export interface ParseContext {
    services: Array<{
        name: string;
        label: string;
        kind: string;
    }>;
    peers: string[];
    recipes: string[];
}
/** A context naming nothing (pure parsing, tests). */
export declare const EMPTY_CONTEXT: ParseContext;
/** The service a phrase names, by name, label or kind word; null when none or ambiguous. */
export declare function findService(tokens: string[], ctx: ParseContext): string | null;
/** "last 50 lines", "50 lines", "tail 20" → the number. */
export declare function findLines(text: string): number | undefined;
/** 'ask db whether the disk is full' → peer db, message 'whether the disk is full'. */
export declare function findPeer(original: string, ctx: ParseContext): {
    peer: string;
    message: string;
} | null;
/** A recipe named in the phrase ('run the clear-cache recipe' → clear-cache). */
export declare function findRecipe(text: string, ctx: ParseContext): string | null;
/** All arguments a phrase carries. */
export declare function extractArgs(text: string, tokens: string[], ctx: ParseContext): IntentArgs;
