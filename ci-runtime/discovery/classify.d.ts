import type { ServiceKind } from '../../protocol';
/** What a process looks like from the outside. */
export interface ProcessFacts {
    argv: string[];
    ports: number[];
}
/** The recognised kind and a human label ('FastAPI', 'Redis', 'Celery beat'). */
export interface Classification {
    kind: ServiceKind;
    label: string;
}
/** Kinds and labels of a process; Node processes are 'Express' when they look like one, else 'Node'. */
export declare function classifyProcess({ argv, ports }: ProcessFacts): Classification;
/** The human label for a declared application's kind/framework ('fastapi' → 'FastAPI'). */
export declare function labelFor(kind: string, framework: string | null, name: string): string;
