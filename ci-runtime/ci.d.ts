import { createRecipeHost } from './recipe-host';
import type { RecipeEngine } from './recipe-engine/types';
import type { CiCore } from './server/core';
import { Supervisor } from './supervisor/supervisor';
/** Process-level inputs, defaulted by main.ts. */
export interface CiOptions {
    env: Record<string, string | undefined>;
    argv: string[];
    out: (line: string) => void;
    /** Builds the recipe engine; absent means none. */
    loadRecipes?: (host: ReturnType<typeof createRecipeHost>) => Promise<RecipeEngine>;
    exit: (code: number) => void;
}
/** A running CI. */
export interface RunningCi {
    core: CiCore;
    supervisor: Supervisor;
    shutdown(reason: string): Promise<void>;
}
/** Starts the server first (so the CI answers at once), then the services in order. */
export declare function startCi(opts: CiOptions): Promise<RunningCi>;
