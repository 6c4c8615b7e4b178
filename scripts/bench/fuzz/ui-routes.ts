// The routes of `aish ui`, read from its server code: plugin/ui/ui-server.ts (handle: the page, the
// event stream and its ticket; apiRoute: containers and confirm), project-routes.ts (folders and
// projects) and container-routes.ts (lifecycle actions); the page's files from static-files.ts. The
// bench checks the table against the running server (routeGaps): a route it lists that the server
// answers with its router's 404 means the table is out of date.
import { loadStaticFiles } from '../../../plugin/ui/static-files';

/** What fills a route's placeholders. */
export interface RouteParams {
  name: string;
  recipe: string;
  action: string;
  question: string;
  project: string;
  /** A folder path for POST /api/folders. */
  folder: string;
}

/** One API route. */
export interface UiRoute {
  method: 'GET' | 'POST';
  /** With :name, :recipe, :action, :question, :project placeholders. */
  pattern: string;
  /** A well-formed body for it. */
  body?: (p: RouteParams) => Record<string, unknown>;
  /** Changes state (files, the engine, a container) when it succeeds. */
  changes: boolean;
  /** May run a build or write into the project: the fuzzer sends it only where it must be refused. */
  heavy?: boolean;
}

/** The lifecycle actions container-routes.ts's `lifecycle` knows. */
export const LIFECYCLE_ACTIONS = ['run', 'stop', 'restart', 'export', 'build'];

/** Every API route. */
export const UI_ROUTES: UiRoute[] = [
  { method: 'POST', pattern: '/api/events/ticket', changes: false },
  { method: 'GET', pattern: '/api/containers', changes: false },
  { method: 'GET', pattern: '/api/containers/:name', changes: false },
  { method: 'POST', pattern: '/api/containers/:name/chat', body: () => ({ text: 'status' }), changes: true },
  {
    method: 'POST',
    pattern: '/api/containers/:name/recipes/:recipe',
    body: () => ({ dry_run: true }),
    changes: true,
  },
  { method: 'POST', pattern: '/api/containers/:name/:action', body: () => ({}), changes: true },
  { method: 'POST', pattern: '/api/confirm/:question', body: () => ({ answer: false }), changes: true },
  { method: 'POST', pattern: '/api/folders', body: (p) => ({ path: p.folder }), changes: true },
  { method: 'GET', pattern: '/api/projects', changes: false },
  { method: 'GET', pattern: '/api/projects/:project/plan', changes: false },
  { method: 'POST', pattern: '/api/projects/:project/save', body: () => ({}), changes: true, heavy: true },
  { method: 'POST', pattern: '/api/projects/:project/build', body: () => ({}), changes: true, heavy: true },
  { method: 'POST', pattern: '/api/projects/:project/send', body: () => ({}), changes: true, heavy: true },
];

/** The event stream (GET with ?ticket=, no token: access-guard.ts). */
export const EVENTS_STREAM = '/api/events';

/** The page and its files: public (no token). */
export function publicPaths(): string[] {
  return ['/', ...loadStaticFiles().keys()];
}

/** The route's path with its placeholders filled (each value used as given: encode it first). */
export function fillRoute(pattern: string, p: RouteParams): string {
  return pattern.replace(/:(name|recipe|action|question|project)/g, (_, k: keyof RouteParams) => p[k]);
}
