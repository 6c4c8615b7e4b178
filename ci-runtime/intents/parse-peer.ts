// ask-peer: a sentence for another container CI goes to that CI, never answered here. A peer is
// addressed by a frame around its name ("ask db ...", "check with db ...", "find out from db ...",
// "relay this to cache: ...", "db: ...", "ssh db ..."), or by naming its container outright ("is
// db-container-ci's disk full", "over on the db container, ...", "the state on the cache peer").
// A container CI named in full that is no peer is reported as unreachable, not answered locally.
import type { ParsedIntent } from '../../protocol';
import type { ParseContext } from './extract-args';
import { isSelf, PEER_SUFFIX, peerAt, strangerAt, type PeerHit } from './peers';
import { knownWords, words } from './tokens';
import type { Reading } from './reading';
import { byMood, unknown } from './results';
import { hasSeq, MODALS, moodAt, type Mood } from './structure';

/** Opening words that ask someone a question ("ask bob about ..."). */
const ASKING = new Set(['ask', 'consult', 'poll', 'query']);
/** Verbs that hand a question on ("forward to db: ...", "relay this to cache"). */
const HANDING = new Set(['forward', 'relay', 'pass', 'send', 'route', 'redirect', 'tell']);
/** Words that may stand between a handing verb and 'to' ("relay this to", "pass the question on to"). */
const HANDED = new Set(['this', 'it', 'that', 'the', 'question', 'on', 'over', 'along', 'my', 'these']);
/** Words between a place word and the peer ("over on the db container", "at the cache box"). */
const PLACE = new Set(['on', 'at', 'in', 'over', 'from', 'to', 'with', 'of', 'the', 'their', 'your']);
/** Words after 'ask' that name nobody ("ask me anything", "ask if ..."). */
const NOT_NAMES = new Set([
  'me',
  'us',
  'you',
  'him',
  'her',
  'them',
  'if',
  'whether',
  'about',
  'for',
  'a',
  'an',
  'anything',
]);
/** Words between a modal and the peer it is put to ("can the other container, db-container-ci, ..."). */
const APPOSITION = new Set(['the', 'other', 'container', 'box', 'peer', 'ci', 'one', 'that']);
/** Words that are no part of the question forwarded. */
const FRAME_WORDS = new Set(['please', 'pls', 'hey', 'could', 'can', 'you', 'would', 'kindly', 'and', 'then']);

/** A question for a peer, nothing to do ("ask bob ..."), an unreachable CI, or null. */
export function parsePeer(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const { tokens } = r;
  const handle = addressed(r, ctx);
  if (handle) return handle;
  for (let i = 0; i < tokens.length; i++) {
    const hit = peerAt(tokens, i, ctx);
    if (!hit) continue;
    const asked = askPeer(r, hit);
    if (asked) return asked;
  }
  // "what's the other container up to": not this one; the one peer, or no telling which.
  const other = tokens.findIndex((w, i) => w === 'other' && PEER_SUFFIX.has(tokens[i + 1] ?? ''));
  if (other >= 0) {
    if (ctx.peers.length !== 1) return { ...unknown(0.2), unknownPeer: 'the other container' };
    const asked = askPeer(r, { peer: ctx.peers[0]!, at: other, end: other + 2, suffixed: true });
    if (asked) return asked;
  }
  // "ask payments-container-ci ...": a CI this one cannot reach; saying so, nothing answered here.
  const stranger = strangerAt(tokens, ctx);
  if (stranger) return { ...unknown(0.2), unknownPeer: stranger.name };
  // "ask bob about the weather": someone the CI does not know, so cannot reach; not a question for
  // the CI either.
  const at = tokens.findIndex((w) => !FRAME_WORDS.has(w));
  if (at >= 0 && (ASKING.has(tokens[at]!) || hasSeq(tokens, ['check', 'with']))) {
    const who = tokens.slice(at + 1).find((w) => w !== 'the' && w !== 'with');
    return who && !NOT_NAMES.has(who) ? { ...unknown(0.2), unknownPeer: who } : unknown(0.2);
  }
  return null;
}

// "@cache are you healthy", "hey @db-container-ci, your disk?": a chat handle addresses its owner.
// A peer's handle asks the peer; a handle opening the message that is neither a peer nor this CI
// addresses someone else, and nothing is done here.
function addressed(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const m = /(?:^|[\s(])@([a-z0-9][\w.-]*[a-z0-9])/i.exec(r.raw);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  if (isSelf(name, ctx)) return null;
  const peer = ctx.peers.find((p) => name === p.toLowerCase() || name === `${p.toLowerCase()}-container-ci`);
  if (!peer) return r.raw.trimStart().startsWith('@') ? { ...unknown(0.2), unknownPeer: name } : null;
  const seq = words(name);
  const at = r.tokens.findIndex((_, i) => seq.every((w, k) => r.tokens[i + k] === w));
  const hit = at >= 0 ? peerAt(r.tokens, at, ctx) : null;
  if (!hit) return null;
  const frame: Frame = { at, question: true };
  const mood = peerMood(r, hit, frame);
  return byMood(mood, 'ask-peer', { peer, message: forwarded(r, hit, frame) });
}

// The question for a peer named at `hit`, by the frame around it and its mood; null with no frame.
function askPeer(r: Reading, hit: PeerHit): ParsedIntent | null {
  const frame = peerFrame(r.tokens, hit, r);
  if (frame === null) return null;
  const mood = peerMood(r, hit, frame);
  if (mood !== 'order' && mood !== 'negated') return unknown(0.3, mood);
  return byMood(mood, 'ask-peer', { peer: hit.peer, message: forwarded(r, hit, frame) });
}

interface Frame {
  /** The word that frames the question (its mood is the phrase's), or the peer itself. */
  at: number;
  /** A question put with 'what does db say', always an order to ask. */
  question?: boolean;
  /** 'get the status from db': the question is before the peer. */
  before?: boolean;
}

// What makes a peer mention a question to it, and where; null for a bare name with no frame.
function peerFrame(tokens: string[], hit: PeerHit, r: Reading): Frame | null {
  const i = hit.at;
  // "forward 'how full is your disk' to db": the question between the handing verb and 'to <peer>'.
  const lead = tokens.findIndex((w) => !FRAME_WORDS.has(w));
  if (HANDING.has(tokens[lead] ?? '') && tokens[i - 1] === 'to' && hit.end === tokens.length && i - 1 > lead + 1)
    return { at: lead, before: true };
  for (let k = Math.max(0, i - 5); k < i; k++) {
    const w = tokens[k]!;
    const between = tokens.slice(k + 1, i);
    if (
      (ASKING.has(w) || w === 'ping' || w === 'have' || w === 'ssh' || w === 'tell') &&
      between.every((x) => x === 'the' || x === 'peer' || x === 'to')
    )
      return { at: k };
    if (w === 'with' && (tokens[k - 1] === 'check' || tokens[k - 1] === 'in') && between.every((x) => x === 'the'))
      return { at: tokens.lastIndexOf('check', k) };
    if (HANDING.has(w) && between.every((x) => HANDED.has(x) || x === 'to') && between.includes('to')) return { at: k };
    if (w === 'from' && between.every((x) => x === 'the')) {
      const verb = tokens.findIndex((x) => ['get', 'find', 'fetch', 'learn', 'hear'].includes(x));
      return { at: Math.max(0, verb), before: tokens[0] === 'get' };
    }
    if (
      w === 'what' &&
      ['say', 'thinks', 'think', 'says'].includes(tokens[hit.end] ?? '') &&
      between.every((x) => x === 'does' || x === 'the')
    )
      return { at: k === 0 ? 0 : k - 1, question: k === 0 };
  }
  // "db: what is your lag", "db-container-ci how is your uptime": the message opens with the peer.
  if (tokens.slice(0, i).every((x) => FRAME_WORDS.has(x) || x === 'the' || x === 'hey')) {
    if (hit.suffixed || r.clauseStart[hit.end] === hit.end) return { at: i, question: true };
  }
  // "over on the db container, ...", "is db-container-ci's disk full": the other container, by name.
  if (hit.suffixed) return { at: i, question: true };
  return null;
}

// The mood of asking: read on the words up to the peer ("ask cache if redis is fine": the 'if'
// belongs to the question forwarded, not to the asking).
function peerMood(r: Reading, hit: PeerHit, frame: Frame): Mood {
  // "can the cache container tell us ...", "you can ask db ...": a modal puts the question to the
  // peer (or is politeness); asking has no effect here, and the peer confirms any action itself.
  const head = r.tokens.slice(0, hit.end);
  // "can the other container, db-container-ci, tell me ...": the peer in apposition is the subject too.
  const toPeer = (k: number) => head.slice(k + 1, hit.at).every((w) => APPOSITION.has(w)) || head[k - 1] === 'you';
  for (let k = 0; k < hit.at; k++) if (MODALS.has(head[k]!) && toPeer(k)) head[k] = 'please';
  const mood = moodAt({ ...r, tokens: head, raw: head.join(' ') }, frame.at);
  if (mood === 'negated') return mood;
  if (frame.question) return mood === 'hypothetical' || mood === 'reported' ? mood : 'order';
  return mood;
}

// The question to forward: the words after the peer without the frame ("ask db whether the disk
// is full" → "the disk is full"), or the sentence without the peer and the words that lead up to it
// ("over on the db container, is postgres healthy" → "is postgres healthy"), else "status".
function forwarded(r: Reading, hit: PeerHit, frame: Frame): string {
  // "the cache container is acting up, ask it for its logs": 'its', resolved to the peer, is the peer's own.
  const own = knownWords(hit.peer).join(' ');
  return question(r, hit, frame).replace(new RegExp(`\\b${own}( (?:container|ci|peer|box))+\\b`, 'g'), 'your');
}

function question(r: Reading, hit: PeerHit, frame: Frame): string {
  const { tokens } = r;
  if (frame.before) {
    const asked = tokens.slice(frame.at + 1, hit.at - 1).filter((w) => w !== 'the');
    if (asked.length) return asked.join(' ');
  }
  if (frame.at !== hit.at) {
    const after = tokens
      .slice(hit.end)
      .join(' ')
      .replace(/^(?:and\s+)?(?:ask\s+)?(?:whether|if|about|for|to tell (?:me|us)|to|tell (?:me|us)|how)?\s*/, (m) =>
        m.trim() === 'how' || m.endsWith('how ') ? 'how ' : '',
      )
      .trim();
    if (after) return after;
  }
  let lead = hit.at;
  while (lead > 0 && (PLACE.has(tokens[lead - 1]!) || FRAME_WORDS.has(tokens[lead - 1]!))) lead--;
  const rest = [...tokens.slice(0, lead), ...tokens.slice(hit.end)];
  while (rest.length && FRAME_WORDS.has(rest[0]!)) rest.shift();
  return rest.join(' ') || 'status';
}
