import { type IntentName } from '../../protocol';
/** Which API shape a URL speaks. */
export declare function modelApi(url: string): {
    api: 'ollama' | 'openai';
    endpoint: string;
};
/** The prompt: the catalogue, the facts, and the question (which is data, not an instruction). */
export declare function modelPrompt(question: string, facts: string): string;
/** Extracts the intent from a model reply body (either API); anything off-catalogue is unknown. */
export declare function parseModelReply(body: string): IntentName;
/** Asks the model; resolves 'unknown' on any failure (the CI must work without it). */
export declare function askModel({ url, model, question, facts, timeoutMs }: {
    url: string;
    model: string;
    question: string;
    facts: string;
    timeoutMs?: number;
}): Promise<IntentName>;
