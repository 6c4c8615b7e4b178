// Where a phrase names a peer CI (another container's): by its name ('db', 'db-container-ci',
// 'the db ci'), or by another word of the same kind followed by a container word ('the database
// container' for the peer 'db', 'the redis box' for 'cache'). A bare kind word without a container
// word is this container's own service ('restart the db'), never the peer.
import { KIND_WORDS, type ParseContext } from './extract-args';
import { knownWords as words } from './tokens';

/** A peer named in a phrase: its name, the token span, and whether a container word followed. */
export interface PeerHit {
  peer: string;
  at: number;
  end: number;
  /** 'db container', 'db-container-ci', 'cache peer': unmistakably the other container. */
  suffixed: boolean;
}

/** Words that make a name a container's ('the db container', 'cache peer', 'db-container-ci'). */
// Not 'host', 'node' or 'side': "on the redis side" may well mean this container's own redis.
export const PEER_SUFFIX = new Set(['container', 'ci', 'peer', 'box']);

const synonyms = new Map<string, Set<string>>();

// Other words for a peer: the kind words of every kind its name is a word of ('db' → 'database').
function synonymsOf(peer: string): Set<string> {
  let out = synonyms.get(peer);
  if (!out) {
    out = new Set<string>();
    for (const kinds of Object.values(KIND_WORDS)) if (kinds.includes(peer)) for (const k of kinds) out.add(k);
    out.delete(peer);
    if (synonyms.size > 1000) synonyms.clear();
    synonyms.set(peer, out);
  }
  return out;
}

/** The peer named at token `i`, if any. */
export function peerAt(tokens: string[], i: number, ctx: ParseContext): PeerHit | null {
  for (const p of ctx.peers) {
    const seq = words(p);
    let end = i + seq.length;
    const named = seq.every((w, k) => tokens[i + k] === w);
    if (!named) {
      if (seq.length !== 1 || !synonymsOf(p).has(tokens[i] ?? '') || !PEER_SUFFIX.has(tokens[i + 1] ?? '')) continue;
      end = i + 1;
    }
    while (end < tokens.length && PEER_SUFFIX.has(tokens[end]!)) end++;
    return { peer: p, at: i, end, suffixed: end > i + seq.length };
  }
  return null;
}

/** Whether a container's name (or its CI's) is this CI's own ("how are we looking on shop-container-ci"). */
export function isSelf(name: string, ctx: ParseContext): boolean {
  if (!ctx.self) return false;
  const own = ctx.self.toLowerCase();
  return name === own || `${name}-container-ci` === own;
}

/** A container CI named in full that is no peer of this one ('payments-container-ci'), and where. */
export function strangerAt(tokens: string[], ctx: ParseContext): { name: string; at: number } | null {
  for (let i = 1; i + 1 < tokens.length; i++) {
    if (tokens[i] !== 'container' || tokens[i + 1] !== 'ci') continue;
    if (peerAt(tokens, i - 1, ctx) || isSelf(tokens[i - 1]!, ctx)) continue;
    return { name: `${tokens[i - 1]}-container-ci`, at: i - 1 };
  }
  return null;
}
