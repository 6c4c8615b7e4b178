// Checks the route table (ui-routes.ts) against the running server: each route, asked the way the
// page asks it, must reach its handler. An answer from the router itself ("No route …", "No page …")
// means the server has changed and the table has not.
import { httpExchange } from './http-exchange';
import { pageRequest } from './ui-fuzz';
import type { UiWorld } from './ui-requests';
import { fillRoute, type RouteParams, UI_ROUTES } from './ui-routes';

/** Routes of the table the server does not route, with what it answered. */
export async function routeGaps(w: UiWorld, p: RouteParams): Promise<string[]> {
  const gaps: string[] = [];
  for (const route of UI_ROUTES) {
    // Heavy routes are asked for a project that does not exist: routed, refused by their handler.
    const path = fillRoute(route.pattern, route.heavy ? { ...p, project: 'no-such-project' } : p);
    const a = await httpExchange(w.port, pageRequest(w, route.method, path, route.body?.(p)), 30_000);
    if (a.status === null || /"error":"No (route|page) /.test(a.body))
      gaps.push(`${route.method} ${route.pattern}: ${a.status ?? 'no answer'} ${a.body.slice(0, 120)}`);
  }
  return gaps;
}
