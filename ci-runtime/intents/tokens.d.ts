/** Splits a phrase into normalised words (filler kept; callers decide). */
export declare function words(text: string): string[];
/** Whether a word is politeness or glue. */
export declare function isFiller(word: string): boolean;
/** Light stemmer: plural and -ing forms fold onto the base word for comparison. */
export declare function stem(word: string): string;
/** Damerau-Levenshtein (optimal string alignment) distance. */
export declare function editDistance(a: string, b: string): number;
/** 1 for the same word, a lower score for a likely typo, 0 otherwise. */
export declare function wordMatch(typed: string, known: string): number;
