// What the analysis finds about one deployable app, before it becomes a manifest. Every choice
// carries the source that decided it, so `plan` can say why.
import type { Language } from '../../../protocol';

/** One decision and where it came from: `port 8000 ← uvicorn --port 8000`. */
export interface Reason {
  what: string;
  value: string;
  source: string;
}

/** A language that could explain the project, with the evidence for it. */
export interface Candidate {
  language: Language;
  score: number;
  signals: string[];
}

/** A process the app runs besides its main one (Celery worker, Procfile `worker:`). */
export interface ExtraProcess {
  name: string;
  kind: 'worker' | 'scheduler' | 'process';
  framework: string | null;
  command: string[];
}

/** A datastore the app needs, run in its container (or its own with --split). */
export interface NeededService {
  kind: 'redis' | 'postgres';
  /** Redis only: the app clearly uses it as a cache (see services.ts for the rule). */
  cache: boolean;
  /** The env var the app reads to find it, e.g. REDIS_URL. */
  envVars: string[];
}

/** The findings of one language detector for one app directory. */
export interface LanguageFindings {
  framework: string | null;
  packageManager: string | null;
  runtimeVersion: string | null;
  /** argv of the main process; empty when nothing runnable was found. */
  start: string[];
  /** The file or module the app starts from (`main:app`, `server.js`). */
  entrypoint: string | null;
  port: number | null;
  /** The app serves HTTP (decides the health probe). */
  web: boolean;
  build: string[];
  dependencies: string[];
  /** Debian packages needed at run time (libpq5 for psycopg2...). */
  systemPackages: string[];
  extras: ExtraProcess[];
  reasons: Reason[];
  /** Language-specific facts the Dockerfile template needs (lockfile names, binary name...). */
  details: Record<string, string>;
}

/** One deployable app: a directory of the project and everything decided about it. */
export interface AppAnalysis extends LanguageFindings {
  /** Short name, unique in the project ('web' style names are given by the manifest). */
  name: string;
  /** Directory relative to the project root ('' for the root). */
  dir: string;
  /** The build context, relative to the project root: `dir`, or the workspace root for a workspace member. */
  context: string;
  language: Language;
  candidates: Candidate[];
  services: NeededService[];
  /** The app already has a Dockerfile of its own. */
  hasDockerfile: boolean;
  /** Problems that make the result uncertain (conflicting signals...). */
  warnings: string[];
}

/** The whole analysis of a project. */
export interface ProjectAnalysis {
  name: string;
  apps: AppAnalysis[];
  notes: string[];
}

/** An empty set of findings, for detectors to fill. */
export function emptyFindings(): LanguageFindings {
  return {
    framework: null,
    packageManager: null,
    runtimeVersion: null,
    start: [],
    entrypoint: null,
    port: null,
    web: false,
    build: [],
    dependencies: [],
    systemPackages: [],
    extras: [],
    reasons: [],
    details: {},
  };
}
