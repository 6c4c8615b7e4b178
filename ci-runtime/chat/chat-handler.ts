// Chat: parse the phrase against the catalogue, answer inspect intents from current state, and turn
// action intents into a confirmation request (or, with a valid confirm token, into the action). A
// negated, hypothetical, reported or questioning action phrase is never executed.
import {
  INTENT_RISK,
  MAX_CHAT_BYTES,
  type Catalogue,
  type ContainerMetrics,
  type ControlAction,
  type DiscoveredService,
  type IntentArgs,
  type ParsedIntent,
  type ServiceStatus,
} from '../../protocol';
import type { RecipeEngine } from '../recipe-engine/types';
import type { ChatAnswer, ChatOptions } from '../server/core';
import type { ConfirmationStore } from '../confirmations';
import { buildCatalogue, closeMatches, helpText, parseContextOf } from '../intents/catalogue';
import { findService } from '../intents/extract-args';
import { parseIntent } from '../intents/parse-intent';
import { recognised } from '../intents/recognised';
import { words } from '../intents/tokens';
import * as say from './answers';
import { noSuchService, requestControl } from './control';
import { diagnose, diagnosisText } from './diagnose';
import { askModel } from './model';
import { notUnderstood } from './not-understood';
import { askPeer, type Peer } from './peers';

/** Everything chat may read or do. */
export interface ChatWorld {
  ciName: string;
  token: string;
  services(): ServiceStatus[];
  container(): ContainerMetrics;
  discover(): { declared: string[]; discovered: DiscoveredService[]; mismatches: string[] };
  logs(service: string | null, lines: number): string[];
  disks(): Array<{ path: string; freeBytes: number; totalBytes: number }>;
  control(action: ControlAction, service: string, reason: string): Promise<{ ok: boolean; detail: string }>;
  /** Learned baselines: answers to "what changed?" and "anything unusual?" (ci-runtime/learning). */
  learning?: { changes(): string; anomalies(service?: string | null): string };
  recipes: RecipeEngine | null;
  recipesReady?: () => Promise<RecipeEngine | null>;
  peers: Peer[];
  confirmations: ConfirmationStore;
  model: { url: string; name: string } | null;
  /** "what changed?" and "anything unusual?" (learned baselines); absent until the CI has them. */
  changes?: (args: IntentArgs) => string;
  anomalies?: (args: IntentArgs) => string;
  /** How long a peer may take to answer (ms). */
  peerTimeoutMs?: number;
}

/** The catalogue of this container, now. */
export function catalogueOf(world: ChatWorld): Catalogue {
  return buildCatalogue({
    services: world.services(),
    peers: world.peers.map((p) => p.name),
    recipes: world.recipes?.list() ?? [],
  });
}

/** Parses a phrase against this container's catalogue; a message naming this CI is for here. */
export function parseFor(world: ChatWorld, content: string): ParsedIntent {
  return parseIntent(content, { ...parseContextOf(catalogueOf(world)), self: world.ciName });
}

/** The error for chat or parse content over the limit (null when it fits). */
export function contentTooLarge(content: string): string | null {
  const bytes = Buffer.byteLength(content);
  return bytes > MAX_CHAT_BYTES
    ? `message is ${bytes} bytes; chat and parse take at most ${MAX_CHAT_BYTES} bytes: send a shorter question`
    : null;
}

/** Answers one chat message. */
export async function handleChat(world: ChatWorld, content: string, opts: ChatOptions): Promise<ChatAnswer> {
  if (opts.confirm) {
    const done = await actOnToken(world, opts);
    if (done) return done;
  }
  let parsed = parseFor(world, content);
  // The model may name an intent only for words nothing recognised: never for a phrase that was no
  // order, out of scope, a container the CI cannot reach or a statement (confidence above 0).
  if (parsed.intent === 'unknown' && parsed.confidence === 0 && !parsed.notAnOrder && world.model) {
    const facts = say.statusAnswer({ services: world.services(), container: world.container() }, {});
    const cat = catalogueOf(world);
    const intent = await askModel({
      url: world.model.url,
      model: world.model.name,
      question: content,
      facts,
      catalogue: cat,
    });
    // The model only names an intent; arguments come from the user's own words, and the risk from
    // the catalogue, so a control intent still needs confirmation.
    if (intent !== 'unknown') {
      const service = findService(words(content), parseContextOf(cat));
      parsed = { intent, args: service ? { service: service.name } : {}, risk: INTENT_RISK[intent], confidence: 0.5 };
    }
  }
  const answer = (text: string, data?: unknown): ChatAnswer => ({
    content: text,
    intent: parsed.intent,
    args: parsed.args,
    ...(data !== undefined ? { data } : {}),
  });
  if (parsed.negated)
    return answer(
      `OK, I won't ${parsed.intent.replace('-', ' ')}${parsed.args.service ? ` ${parsed.args.service}` : ''}. Nothing was done.`,
    );
  if (parsed.intent === 'run-recipe' || parsed.intent === 'optimize-memory')
    return runRecipe(world, parsed, content, opts);
  if (parsed.intent === 'restart' || parsed.intent === 'stop' || parsed.intent === 'start') {
    const names = world.services().map((s) => s.name);
    if (!parsed.args.service)
      return answer(`Which service should I ${parsed.intent}? This container runs: ${names.join(', ')}.`);
    const r = await requestControl(world, { action: parsed.intent, service: parsed.args.service, sender: opts.sender });
    return r.kind === 'confirm' ? { ...answer(r.detail), confirm: r.confirm } : answer(r.detail);
  }
  if (parsed.intent === 'ask-peer') {
    const peer = world.peers.find((x) => x.name === parsed.args.peer);
    if (!peer)
      return answer(
        `I know no peer by that name; peers: ${world.peers.map((x) => x.name).join(', ') || 'none (set TEKTON_CI_PEERS)'}.`,
      );
    const prompt = `Ask peer ${peer.name}: "${parsed.args.message ?? ''}"?`;
    const confirm = world.confirmations.issue({
      action: 'ask-peer',
      target: peer.name,
      key: `ask-peer:${peer.name}`,
      risk: 'control',
      prompt,
      payload: parsed,
    });
    return { ...answer(`${prompt} Send the confirm token back to go ahead.`), confirm };
  }
  // The recipe list waits for the engine when it is still loading (the first second after start).
  if (parsed.intent === 'recipes' && !world.recipes) await world.recipesReady?.();
  return inspect(world, parsed, content, answer);
}

// A confirm token: a control action or a peer question parked by chat or `control`, or a recipe's.
async function actOnToken(world: ChatWorld, opts: ChatOptions): Promise<ChatAnswer | null> {
  const pending = world.confirmations.peek(opts.confirm!);
  if (!pending) return null;
  if (pending.action.startsWith('recipe:')) {
    const { recipe, params } = pending.payload as { recipe: string; params: Record<string, unknown> };
    const p: ParsedIntent = {
      intent: recipe === 'optimize-memory' ? 'optimize-memory' : 'run-recipe',
      args: { recipe },
      risk: 'control',
      confidence: 1,
    };
    return runRecipe(
      world,
      {
        ...p,
        args: {
          ...p.args,
          ...(typeof params.service === 'string' && params.service ? { service: params.service } : {}),
        },
      },
      '',
      opts,
      params,
    );
  }
  if (pending.action === 'ask-peer') {
    world.confirmations.consume(opts.confirm!, pending.key);
    const p = pending.payload as ParsedIntent;
    const peer = world.peers.find((x) => x.name === p.args.peer);
    if (!peer)
      return {
        intent: p.intent,
        args: p.args,
        content: `Peer ${p.args.peer} is no longer configured; nothing was asked.`,
      };
    try {
      const reply = await askPeer(peer, p.args.message ?? 'status', {
        token: world.token,
        sender: `peer:${world.ciName}`,
        timeoutMs: world.peerTimeoutMs,
      });
      return { intent: p.intent, args: p.args, content: `${peer.name} says: ${reply}` };
    } catch (err) {
      return { intent: p.intent, args: p.args, content: (err as Error).message };
    }
  }
  const action = pending.action as ControlAction;
  const r = await requestControl(world, {
    action,
    service: pending.target,
    confirm: opts.confirm,
    sender: opts.sender,
    reason: (pending.payload as { reason?: string } | undefined)?.reason,
  });
  const base = { intent: action, args: { service: pending.target } };
  if (r.kind === 'done') return { ...base, content: r.detail, data: { ok: r.ok } };
  return { ...base, content: r.detail };
}

async function runRecipe(
  world: ChatWorld,
  p: ParsedIntent,
  content: string,
  opts: ChatOptions,
  confirmedParams?: Record<string, unknown>,
): Promise<ChatAnswer> {
  const base = { intent: p.intent, args: p.args };
  const recipes = world.recipes ?? (await world.recipesReady?.()) ?? null;
  if (!recipes) return { ...base, content: 'This CI has no recipe engine, so I cannot run recipes.' };
  const recipe = p.args.recipe ?? (p.intent === 'optimize-memory' ? 'optimize-memory' : recipes.match(content));
  if (!recipe)
    return {
      ...base,
      content: `Which recipe? Available: ${
        recipes
          .list()
          .map((r) => r.name)
          .join(', ') || 'none'
      }.`,
    };
  const info = recipes.list().find((r) => r.name === recipe);
  if (!info)
    return {
      ...base,
      content: `No recipe named '${recipe}'. Known: ${
        recipes
          .list()
          .map((r) => r.name)
          .join(', ') || 'none'
      }.`,
    };
  // A service named in the phrase goes to the recipe only when it takes one.
  const params = confirmedParams ?? (p.args.service && 'service' in info.params ? { service: p.args.service } : {});
  const r = await recipes.run({ recipe, params, dryRun: false, confirm: opts.confirm, sender: opts.sender });
  return {
    ...base,
    args: { ...p.args, recipe },
    content: r.summary,
    data: { ok: r.ok, steps: r.steps, data: r.data, duration_ms: r.durationMs },
    ...(r.confirm ? { confirm: r.confirm } : {}),
  };
}

function inspect(
  world: ChatWorld,
  p: ParsedIntent,
  content: string,
  answer: (text: string, data?: unknown) => ChatAnswer,
): ChatAnswer {
  const facts = { services: world.services(), container: world.container() };
  const args: IntentArgs = p.args;
  if (args.service && !facts.services.some((s) => s.name === args.service))
    return answer(noSuchService(args.service, facts.services));
  switch (p.intent) {
    case 'status':
      return answer(say.statusAnswer(facts, args), facts.services);
    case 'health':
      return answer(say.healthAnswer(facts, args), facts.services);
    case 'memory':
      return answer(say.memoryAnswer(facts, args), {
        container: facts.container,
        services: facts.services.map((s) => ({ name: s.name, memory_bytes: s.memory_bytes })),
      });
    case 'cpu':
      return answer(say.cpuAnswer(facts, args));
    case 'uptime':
      return answer(say.uptimeAnswer(facts, args));
    case 'disk':
      return answer(say.diskAnswer(world.disks()));
    case 'services': {
      const d = world.discover();
      return answer(say.servicesAnswer(d.declared, d.discovered, d.mismatches), d);
    }
    case 'processes': {
      const d = world.discover();
      return answer(say.processesAnswer(d.discovered), d.discovered);
    }
    case 'logs': {
      const lines = world.logs(args.service ?? null, args.lines ?? 20);
      return answer(lines.length ? lines.join('\n') : `No output from ${args.service ?? 'any service'} yet.`, lines);
    }
    case 'recipes': {
      const list = world.recipes?.list() ?? [];
      return answer(
        list.length
          ? `Recipes:\n${list.map((r) => `  ${r.name} (${r.risk}): ${r.description}`).join('\n')}`
          : 'No recipes are installed.',
        list,
      );
    }
    case 'diagnose': {
      // "why is the worker failing?" is about the worker (and the container it shares), not the others.
      const about = args.service ? facts.services.filter((s) => s.name === args.service) : facts.services;
      const findings = diagnose(about, facts.container);
      return answer(diagnosisText(findings, about, facts.container), findings);
    }
    case 'changes':
      return answer(
        world.learning?.changes() ??
          'No baselines yet: I have not watched this container long enough to say what changed.',
      );
    case 'anomalies': {
      const found = facts.services.flatMap((s) => s.anomalies ?? []);
      return answer(
        world.learning?.anomalies(args.service) ??
          'No baselines yet: I have not watched this container long enough to call anything unusual.',
        found,
      );
    }
    case 'help':
      return answer(helpText(catalogueOf(world)));
    default:
      return answer(unknownAnswer(world, p, content));
  }
}

// Not understood: why nothing was done, or what the CI can do for the words it recognised.
function unknownAnswer(world: ChatWorld, p: ParsedIntent, content: string): string {
  const cat = catalogueOf(world);
  if (p.unknownTarget) return `${noSuchService(p.unknownTarget, world.services())} Nothing was done.`;
  return notUnderstood(p, {
    recognised: recognised(content, parseContextOf(cat)),
    services: cat.services.map((s) => s.name),
    peers: cat.peers,
    near: closeMatches(content, cat),
  });
}
