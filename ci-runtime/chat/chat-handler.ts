// Chat: parse the phrase, answer inspect intents from current state, and turn control intents
// into a confirmation request (or, with a valid confirm token, into the action).
import { INTENT_RISK, type ContainerMetrics, type DiscoveredService, type IntentArgs, type ParsedIntent, type ServiceStatus } from '../../protocol';
import type { RecipeEngine } from '../recipe-engine/types';
import type { ChatAnswer, ChatOptions } from '../server/core';
import { parseIntent } from '../intents/parse-intent';
import { extractArgs, type ParseContext } from '../intents/extract-args';
import { words } from '../intents/tokens';
import * as say from './answers';
import type { ConfirmationStore } from './confirmations';
import { diagnose, diagnosisText } from './diagnose';
import { askModel } from './model';
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
  control(action: 'restart' | 'stop' | 'start', service: string): Promise<{ ok: boolean; detail: string }>;
  /** Learned baselines: answers to "what changed?" and "anything unusual?" (ci-runtime/learning). */
  learning?: { changes(): string; anomalies(): string };
  recipes: RecipeEngine | null;
  recipesReady?: () => Promise<RecipeEngine | null>;
  peers: Peer[];
  confirmations: ConfirmationStore;
  model: { url: string; name: string } | null;
}

/** The parse context of this container. */
export function contextOf(world: ChatWorld): ParseContext {
  return {
    services: world.services().map((s) => ({ name: s.name, label: s.label, kind: s.kind })),
    peers: world.peers.map((p) => p.name),
    recipes: world.recipes?.list().map((r) => r.name) ?? [],
  };
}

/** Answers one chat message. */
export async function handleChat(world: ChatWorld, content: string, opts: ChatOptions): Promise<ChatAnswer> {
  if (opts.confirm) {
    const action = world.confirmations.consume(opts.confirm);
    if (action) return act(world, action);
    // Not ours: maybe the recipe engine's own token (optimize-memory, run-recipe).
  }
  let parsed = parseIntent(content, contextOf(world));
  if (parsed.intent === 'unknown' && world.model) {
    const facts = say.statusAnswer({ services: world.services(), container: world.container() }, {});
    const intent = await askModel({ url: world.model.url, model: world.model.name, question: content, facts });
    // The model only names an intent; arguments come from the user's own words, and the risk from
    // the catalogue, so a control intent still needs confirmation.
    if (intent !== 'unknown') parsed = { intent, args: extractArgs(content, words(content), contextOf(world)), risk: INTENT_RISK[intent], confidence: 0.5 };
  }
  const answer = (text: string, data?: unknown): ChatAnswer => ({ content: text, intent: parsed.intent, args: parsed.args, ...(data !== undefined ? { data } : {}) });
  if (parsed.negated) return answer(`OK, I won't ${parsed.intent.replace('-', ' ')}${parsed.args.service ? ` ${parsed.args.service}` : ''}. Nothing was done.`);
  if (parsed.risk === 'control') {
    if (parsed.intent === 'optimize-memory' || parsed.intent === 'run-recipe') return runRecipe(world, parsed, content, opts);
    const problem = missingTarget(world, parsed);
    if (problem) return answer(problem);
    return { ...answer(`${confirmPrompt(parsed)} Send the confirm token back to go ahead.`), confirm: world.confirmations.ask(parsed, confirmPrompt(parsed)) };
  }
  // The recipe list waits for the engine when it is still loading (the first second after start).
  if (parsed.intent === 'recipes' && !world.recipes) await world.recipesReady?.();
  return inspect(world, parsed, answer);
}

function missingTarget(world: ChatWorld, p: ParsedIntent): string | null {
  const names = world.services().map((s) => s.name);
  if ((p.intent === 'restart' || p.intent === 'stop' || p.intent === 'start') && !p.args.service) {
    return `Which service should I ${p.intent}? This container runs: ${names.join(', ')}.`;
  }
  if (p.intent === 'ask-peer' && !world.peers.some((x) => x.name === p.args.peer)) {
    return `I know no peer by that name; peers: ${world.peers.map((x) => x.name).join(', ') || 'none (set TEKTON_CI_PEERS)'}.`;
  }
  return null;
}

function confirmPrompt(p: ParsedIntent): string {
  if (p.intent === 'ask-peer') return `Ask peer ${p.args.peer}: "${p.args.message ?? ''}"?`;
  return `${p.intent.charAt(0).toUpperCase()}${p.intent.slice(1)} ${p.args.service}?`;
}

async function act(world: ChatWorld, p: ParsedIntent): Promise<ChatAnswer> {
  const base = { intent: p.intent, args: p.args };
  if (p.intent === 'ask-peer') {
    const peer = world.peers.find((x) => x.name === p.args.peer)!;
    try {
      const reply = await askPeer(peer, p.args.message ?? 'status', { token: world.token, sender: `peer:${world.ciName}` });
      return { ...base, content: `${peer.name} says: ${reply}` };
    } catch (err) {
      return { ...base, content: (err as Error).message };
    }
  }
  const r = await world.control(p.intent as 'restart' | 'stop' | 'start', p.args.service!);
  return { ...base, content: r.detail, data: { ok: r.ok } };
}

async function runRecipe(world: ChatWorld, p: ParsedIntent, content: string, opts: ChatOptions): Promise<ChatAnswer> {
  const base = { intent: p.intent, args: p.args };
  const recipes = world.recipes ?? (await world.recipesReady?.()) ?? null;
  if (!recipes) return { ...base, content: 'This CI has no recipe engine, so I cannot run recipes.' };
  const recipe = p.args.recipe ?? recipes.match(content) ?? (p.intent === 'optimize-memory' ? 'optimize-memory' : null);
  if (!recipe) return { ...base, content: `Which recipe? Available: ${recipes.list().map((r) => r.name).join(', ') || 'none'}.` };
  const r = await recipes.run({ recipe, params: p.args.params ?? {}, dryRun: false, confirm: opts.confirm, sender: opts.sender });
  return { ...base, args: { ...p.args, recipe }, content: r.summary, data: { ok: r.ok, steps: r.steps, data: r.data, duration_ms: r.durationMs }, ...(r.confirm ? { confirm: r.confirm } : {}) };
}

function inspect(world: ChatWorld, p: ParsedIntent, answer: (text: string, data?: unknown) => ChatAnswer): ChatAnswer {
  const facts = { services: world.services(), container: world.container() };
  const args: IntentArgs = p.args;
  switch (p.intent) {
    case 'status': return answer(say.statusAnswer(facts, args), facts.services);
    case 'health': return answer(say.healthAnswer(facts, args), facts.services);
    case 'memory': return answer(say.memoryAnswer(facts, args), { container: facts.container, services: facts.services.map((s) => ({ name: s.name, memory_bytes: s.memory_bytes })) });
    case 'cpu': return answer(say.cpuAnswer(facts, args));
    case 'uptime': return answer(say.uptimeAnswer(facts, args));
    case 'disk': return answer(say.diskAnswer(world.disks()));
    case 'services': { const d = world.discover(); return answer(say.servicesAnswer(d.declared, d.discovered, d.mismatches), d); }
    case 'processes': { const d = world.discover(); return answer(say.processesAnswer(d.discovered), d.discovered); }
    case 'logs': {
      const lines = world.logs(args.service ?? null, args.lines ?? 20);
      return answer(lines.length ? lines.join('\n') : `No output from ${args.service ?? 'any service'} yet.`, lines);
    }
    case 'recipes': {
      const list = world.recipes?.list() ?? [];
      return answer(list.length ? `Recipes:\n${list.map((r) => `  ${r.name} (${r.risk}): ${r.description}`).join('\n')}` : 'No recipes are installed.', list);
    }
    case 'diagnose': {
      const findings = diagnose(facts.services, facts.container);
      return answer(diagnosisText(findings, facts.services, facts.container), findings);
    }
    case 'changes': return answer(world.learning?.changes() ?? 'This CI keeps no baselines, so it cannot say what changed.');
    case 'anomalies': {
      const found = facts.services.flatMap((s) => s.anomalies ?? []);
      return answer(world.learning?.anomalies() ?? 'This CI keeps no baselines, so it cannot tell what is unusual.', found);
    }
    case 'help': return answer(say.helpText(world.recipes?.list().map((r) => r.name) ?? []));
    default: return answer(`I'm not sure what you mean. ${say.helpText(world.recipes?.list().map((r) => r.name) ?? [])}`);
  }
}
