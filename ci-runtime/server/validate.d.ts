import type { Request } from '../../protocol';
/** The result of validation. */
export type Validated = {
    ok: true;
    request: Request;
} | {
    ok: false;
    code: 'bad_request' | 'unknown_type';
    message: string;
};
/** Validates a parsed line. */
export declare function validateRequest(value: unknown): Validated;
