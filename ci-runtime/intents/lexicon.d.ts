import type { IntentName } from '../../protocol';
/** One way of asking for an intent. */
export interface Cue {
    words: string[];
    weight: number;
}
/** The cues of every intent but `unknown`. */
export declare const LEXICON: Record<Exclude<IntentName, 'unknown'>, Cue[]>;
/** Words that negate what follows them. */
export declare const NEGATIONS: Set<string>;
/** Words that open a question rather than an order. */
export declare const QUESTION_WORDS: Set<string>;
