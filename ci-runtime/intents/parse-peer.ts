// ask-peer: a question for another container CI ("ask db ...", "check with db ...", "have db tell
// us ...", "what does db say ...").
import type { ParsedIntent } from '../../protocol';
import { peerAt, type ParseContext } from './extract-args';
import type { Reading } from './reading';
import { byMood, unknown } from './results';
import { hasSeq, moodAt } from './structure';

/** Opening words that address someone other than a peer CI ("ask bob about ..."). */
const ASKING = new Set(['ask', 'consult', 'poll', 'query']);

/** A question for a peer, or (for "ask bob ...") nothing to do; null when no peer is addressed. */
export function parsePeer(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const { tokens } = r;
  for (let i = 0; i < tokens.length; i++) {
    const hit = peerAt(tokens, i, ctx);
    if (!hit) continue;
    const frame = peerFrame(tokens, i);
    if (frame === null) continue;
    const message = tokens
      .slice(hit.end)
      .join(' ')
      .replace(/^(?:and\s+)?(?:ask\s+)?(?:whether|if|about|for|to tell (?:me|us)|to|tell (?:me|us)|how)?\s*/, (m) =>
        m.trim() === 'how' || m.endsWith('how ') ? 'how ' : '',
      );
    const forwarded =
      (frame.before
        ? tokens
            .slice(frame.at + 1, i - 1)
            .filter((w) => w !== 'the')
            .join(' ')
        : '') ||
      message.trim() ||
      'status';
    const head = tokens.slice(0, hit.end);
    const mood = frame.question ? 'order' : moodAt({ ...r, tokens: head, raw: head.join(' ') }, frame.at);
    return byMood(mood, 'ask-peer', { peer: hit.peer, message: forwarded });
  }
  // "ask bob about the weather": someone the CI does not know; not a question for the CI either.
  const first = tokens.find((w) => !['please', 'could', 'can', 'you', 'hey', 'would'].includes(w));
  if (first && (ASKING.has(first) || hasSeq(tokens, ['check', 'with']))) return unknown(0.2);
  return null;
}

// The word that makes a peer mention a question to it, and where it is.
function peerFrame(tokens: string[], i: number): { at: number; question?: boolean; before?: boolean } | null {
  for (let k = Math.max(0, i - 4); k < i; k++) {
    const w = tokens[k]!;
    if (
      ['ask', 'consult', 'poll', 'query', 'ping', 'have', 'consult'].includes(w) &&
      tokens.slice(k + 1, i).every((x) => ['the', 'peer'].includes(x))
    )
      return { at: k };
    if (
      w === 'with' &&
      (tokens[k - 1] === 'check' || tokens[k - 1] === 'in') &&
      tokens.slice(k + 1, i).every((x) => x === 'the')
    )
      return { at: tokens.lastIndexOf('check', k) };
    if (w === 'from' && k === i - 1)
      return {
        at: Math.max(
          0,
          tokens.findIndex((x) => ['get', 'find', 'fetch'].includes(x)),
        ),
        before: tokens[0] === 'get',
      };
    if (
      w === 'what' &&
      (tokens[i + 1] === 'say' || tokens[i + 1] === 'thinks' || tokens[i + 1] === 'think') &&
      tokens.slice(k + 1, i).every((x) => x === 'does' || x === 'the')
    ) {
      return { at: k === 0 ? 0 : k - 1, question: k === 0 };
    }
  }
  return null;
}
