// Answers one validated, authorised request (everything but the `events` stream, which the
// connection handles). Every failure becomes an error reply.
import { PROTOCOL_VERSION, type Reply, type Request } from '../../protocol';
import { overallHealth, summarize } from '../status-view';
import type { CiCore } from './core';
import type { RecipeEngine } from '../recipe-engine/types';

type Body = Reply extends infer R ? (R extends Reply ? Omit<R, 'id' | 'ai_id'> : never) : never;

/** An error reply body. */
export function errorBody(code: Extract<Reply, { type: 'error' }>['code'], message: string): Body {
  return { type: 'error', code, message };
}

/** Computes the reply body for a request; `clients` is the number of open connections. */
export async function dispatch(req: Request, core: CiCore, clients: number): Promise<Body> {
  switch (req.type) {
    case 'ping':
      return { type: 'pong', timestamp: new Date().toISOString() };
    case 'health': {
      const services = core.services();
      return {
        type: 'health_response',
        status: overallHealth(services),
        component: core.ciName,
        model: core.modelName,
        clients,
        services,
      };
    }
    case 'info':
      return {
        type: 'info_response',
        component: core.ciName,
        description: "Container CI: supervises, probes and answers for this container's services",
        model_provider: core.modelName ? 'external' : null,
        model_name: core.modelName,
        port: core.tcpPort,
        version: core.version,
        protocol_version: PROTOCOL_VERSION,
        capabilities: core.capabilities,
        ...(core.isolation ? { isolation: core.isolation } : {}),
      };
    case 'status': {
      const services = core.services();
      return {
        type: 'status_response',
        summary: summarize(services),
        services,
        container: core.container(),
        ...(core.isolation ? { isolation: core.isolation } : {}),
      };
    }
    case 'services':
      return { type: 'services_response', ...core.discover() };
    case 'parse': {
      const p = core.parse(req.content);
      return {
        type: 'parse_response',
        intent: p.intent,
        args: p.args,
        risk: p.risk,
        confidence: p.confidence,
        ...(p.negated ? { negated: true } : {}),
        ...(p.notAnOrder ? { not_an_order: p.notAnOrder } : {}),
      };
    }
    case 'chat':
      return {
        type: 'response',
        ...(await core.chat(req.content, { confirm: req.confirm, sender: req.sender ?? 'client' })),
      };
    case 'catalogue':
      return { type: 'catalogue_response', catalogue: core.catalogue() };
    case 'control': {
      const r = await core.control({
        action: req.action,
        service: req.service,
        reason: req.reason,
        confirm: req.confirm,
        sender: req.sender ?? 'client',
      });
      if (r.kind === 'error') return errorBody(r.code, r.detail);
      const base = { type: 'control_response' as const, action: req.action, service: req.service };
      return r.kind === 'confirm'
        ? { ...base, ok: false, detail: r.detail, confirm: r.confirm }
        : { ...base, ok: r.ok, detail: r.detail };
    }
    case 'logs': {
      const lines = core.logs(req.service ?? null, req.lines ?? 100);
      return { type: 'logs_response', service: req.service ?? null, lines };
    }
    case 'recipes':
    case 'audit':
    case 'run':
    case 'recipe_add':
      return dispatchRecipes(req, (await core.recipesReady?.()) ?? core.recipes);
    case 'events':
      return errorBody('internal', 'events is a stream and is handled by the connection');
  }
  return errorBody('unknown_type', `unknown request type '${String((req as { type: unknown }).type)}'`);
}

type RecipeRequest = Extract<Request, { type: 'recipes' | 'audit' | 'run' | 'recipe_add' }>;

// The recipe requests, once the engine has loaded (it loads while the services start).
async function dispatchRecipes(req: RecipeRequest, recipes: RecipeEngine | null): Promise<Body> {
  if (!recipes)
    return errorBody(
      'not_found',
      'this CI has no recipe engine (it failed to load; see the container log), so there are no recipes and no audit log',
    );
  switch (req.type) {
    case 'recipes':
      return { type: 'recipes_response', recipes: recipes.list() };
    case 'audit':
      return { type: 'audit_response', entries: recipes.audit(req.lines ?? 50) };
    case 'run': {
      const r = await recipes.run({
        recipe: req.recipe,
        params: req.params ?? {},
        dryRun: req.dry_run ?? false,
        confirm: req.confirm,
        sender: req.sender ?? 'client',
      });
      return {
        type: 'run_response',
        recipe: r.recipe,
        dry_run: r.dryRun,
        ok: r.ok,
        summary: r.summary,
        steps: r.steps,
        ...(r.data !== undefined ? { data: r.data } : {}),
        duration_ms: r.durationMs,
        ...(r.confirm ? { confirm: r.confirm } : {}),
      };
    }
    case 'recipe_add': {
      try {
        return { type: 'recipe_add_response', recipe: await recipes.add(req.source, req.sender ?? 'client') };
      } catch (err) {
        // The engine throws with the reasons the recipe was refused: the client's input, not our fault.
        return errorBody('bad_request', (err as Error).message);
      }
    }
  }
}
