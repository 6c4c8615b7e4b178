// Pulls arguments out of a phrase (pure): which service, how many lines, which recipe or peer.
import type { IntentArgs } from '../../../../protocol';
import { stem, wordMatch, words } from './tokens';

/** What the parser may refer to: the container's services, peer CIs and recipes. */
export interface ParseContext {
  services: Array<{ name: string; label: string; kind: string }>;
  peers: string[];
  recipes: string[];
}

/** A context naming nothing (pure parsing, tests). */
export const EMPTY_CONTEXT: ParseContext = { services: [], peers: [], recipes: [] };

// Words people use for a kind of service.
const KIND_WORDS: Record<string, string[]> = {
  web: ['web', 'api', 'app', 'server', 'website', 'backend', 'frontend', 'http'],
  worker: ['worker', 'queue', 'job', 'task', 'celery'],
  scheduler: ['scheduler', 'beat', 'cron'],
  redis: ['redis', 'cache', 'broker'],
  postgres: ['postgres', 'postgresql', 'database', 'db', 'pg'],
  mysql: ['mysql', 'mariadb', 'database', 'db'],
  memcached: ['memcached', 'cache'],
  rabbitmq: ['rabbitmq', 'rabbit', 'broker'],
  nginx: ['nginx', 'proxy'],
};

/** The service a phrase names, by name, label or kind word; null when none or ambiguous. */
export function findService(tokens: string[], ctx: ParseContext): string | null {
  let best: { name: string; score: number } | null = null;
  let tie = false;
  for (const s of ctx.services) {
    const names = [s.name, ...s.name.split(/[-_]/), s.label.toLowerCase(), ...(KIND_WORDS[s.kind] ?? [])];
    let score = 0;
    for (const t of tokens)
      for (const n of names) {
        const m = wordMatch(t, n);
        // An exact name beats a kind word ('redis' the name over 'cache' the kind).
        const weight = n === s.name || n === s.label.toLowerCase() ? m : m * 0.8;
        score = Math.max(score, weight);
      }
    if (score <= 0) continue;
    if (!best || score > best.score) {
      best = { name: s.name, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best && !tie ? best.name : null;
}

/** "last 50 lines", "50 lines", "tail 20" → the number. */
export function findLines(text: string): number | undefined {
  const m =
    /\b(?:last|latest|tail|recent|final|first)\s+(\d{1,6})\b/.exec(text) ??
    /\b(\d{1,6})\s+(?:lines?|entries|rows)\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** 'ask db whether the disk is full' → peer db, message 'whether the disk is full'. */
export function findPeer(original: string, ctx: ParseContext): { peer: string; message: string } | null {
  const m = /\bask\s+(?:the\s+)?([a-z0-9][\w-]*)(?:\s+(?:peer|ci|container))?\b[\s,:]*(.*)$/i.exec(original);
  if (!m) return null;
  const peer = ctx.peers.find((p) => wordMatch(m[1]!.toLowerCase(), p) > 0) ?? null;
  if (!peer) return null;
  const message = (m[2] ?? '').replace(/^(?:if|whether|about|to tell me|to)\s+/i, '').trim();
  return { peer, message: message || 'status' };
}

/** A recipe named in the phrase ('run the clear-cache recipe' → clear-cache). */
export function findRecipe(text: string, ctx: ParseContext): string | null {
  const tokens = words(text).map(stem);
  for (const r of ctx.recipes) {
    const parts = r
      .toLowerCase()
      .split(/[-_\s]+/)
      .map(stem);
    if (text.toLowerCase().includes(r.toLowerCase())) return r;
    if (parts.every((p) => tokens.some((t) => wordMatch(t, p) > 0))) return r;
  }
  return null;
}

/** All arguments a phrase carries. */
export function extractArgs(text: string, tokens: string[], ctx: ParseContext): IntentArgs {
  const args: IntentArgs = {};
  const service = findService(tokens, ctx);
  if (service) args.service = service;
  const lines = findLines(text.toLowerCase());
  if (lines !== undefined) args.lines = lines;
  const recipe = findRecipe(text, ctx);
  if (recipe) args.recipe = recipe;
  const peer = findPeer(text, ctx);
  if (peer) {
    args.peer = peer.peer;
    args.message = peer.message;
  }
  return args;
}
