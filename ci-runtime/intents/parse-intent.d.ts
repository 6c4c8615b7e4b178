import { type ParsedIntent } from '../../protocol';
import { type ParseContext } from './extract-args';
/** Below this confidence the intent is `unknown`. */
export declare const CONFIDENCE_THRESHOLD = 0.55;
/** Parses a phrase; `ctx` names the services, peers and recipes it may refer to. */
export declare function parseIntent(text: string, ctx?: ParseContext): ParsedIntent;
