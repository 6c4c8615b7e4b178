import { type Reply, type Request } from '../../protocol';
import type { CiCore } from './core';
type Body = Reply extends infer R ? R extends Reply ? Omit<R, 'id' | 'ai_id'> : never : never;
/** An error reply body. */
export declare function errorBody(code: Extract<Reply, {
    type: 'error';
}>['code'], message: string): Body;
/** Computes the reply body for a request; `clients` is the number of open connections. */
export declare function dispatch(req: Request, core: CiCore, clients: number): Promise<Body>;
export {};
