/** An environment: the process's, with Tekton's .env files applied. */
export type Env = Record<string, string | undefined>;
/** File access used by the functions below; tests pass their own. */
export interface EnvIo {
    readFile(path: string): string | null;
    exists(path: string): boolean;
    home(): string;
}
/** The real file system. */
export declare const defaultEnvIo: EnvIo;
/** The .env files Tekton reads, in order (later files win). */
export declare function tektonEnvFiles(tektonRoot: string | undefined, home: string): string[];
/**
 * The process environment with Tekton's .env files applied: ~/.env, then $TEKTON_ROOT/.env.tekton,
 * then $TEKTON_ROOT/.env.local; values in those files win over the process environment.
 */
export declare function loadTektonEnv(processEnv?: Env, io?: EnvIo): Env;
/** Tekton is installed when TEKTON_ROOT names an existing directory. */
export declare function tektonRoot(env: Env, io?: Pick<EnvIo, 'exists'>): string | null;
/**
 * Our host state directory: $TEKTON_STATE_DIR (tests), else $TEKTON_ROOT/.tekton when Tekton is
 * installed, else ${XDG_STATE_HOME:-~/.local/state}/tekton.
 */
export declare function stateDir(env: Env, io?: Pick<EnvIo, 'exists' | 'home'>): string;
/** Port of a Tekton component (or of its CI with `ai: true`): <NAME>_PORT, else base + offset. */
export declare function componentPort(name: string, env: Env, options?: {
    ai?: boolean;
}): number;
/** URL of a Tekton component: http://<NAME>_HOST|TEKTON_HOST|localhost:<port>. */
export declare function componentUrl(name: string, env: Env): string;
/** The sender's identity in messages: TEKTON_NAME, else USER. */
export declare function senderName(env: Env): string;
/** Path of the real Tekton aish ($TEKTON_ROOT/shared/aish/aish) when it is installed, else null. */
export declare function tektonAishPath(env: Env, io?: Pick<EnvIo, 'exists'>): string | null;
/** Path of Tekton's own launcher: TEKTON_LAUNCHER, else $TEKTON_ROOT/tekton when it exists, else null. */
export declare function tektonLauncherPath(env: Env, io?: Pick<EnvIo, 'exists'>): string | null;
