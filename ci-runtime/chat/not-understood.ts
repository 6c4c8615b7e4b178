// The short answer to a message the CI did not take as a request: why nothing was done (an order
// for later, someone else's words, something it never does, a container it cannot reach), or what
// it can do for the words it did recognise ("I can show redis's status, health, logs, memory, cpu
// or uptime ..."). Nothing is ever done on a guess. Pure: text in, text out.
import type { IntentName, ParsedIntent } from '../../protocol';
import type { Recognised } from '../intents/recognised';

/** What the answer may name besides the parse. */
export interface NotUnderstoodFacts {
  recognised: Recognised;
  services: string[];
  peers: string[];
  /** Catalogue words close to the message's unknown words. */
  near: string[];
}

// Inspect intents as the thing shown ("the memory"), in the order people ask for them.
const SHOWN: Partial<Record<IntentName, string>> = {
  status: 'status',
  health: 'health',
  logs: 'logs',
  memory: 'memory',
  cpu: 'cpu',
  uptime: 'uptime',
  disk: 'disk space',
  processes: 'processes',
  services: 'services',
  diagnose: 'what is wrong',
  changes: 'what changed',
  anomalies: 'anything unusual',
  recipes: 'recipes',
  help: 'what I can do',
};
const CONTROL = new Set<IntentName>(['restart', 'stop', 'start']);

/** The answer to a parse that is `unknown`. */
export function notUnderstood(p: ParsedIntent, facts: NotUnderstoodFacts): string {
  if (p.notAnOrder === 'scheduled')
    return 'That is an order for later or on a condition, and I do not schedule actions, so I did nothing. Ask me again when it is time (e.g. "restart redis"); I will ask you to confirm.';
  if (p.notAnOrder) {
    const why = { question: 'a question', hypothetical: 'a hypothetical', reported: "someone else's words" }[
      p.notAnOrder
    ];
    return `That reads as ${why}, not an order, so I did nothing. To act, say it as an order (e.g. "restart redis"); I will still ask you to confirm.`;
  }
  if (p.outOfScope)
    return `That is outside what I do ("${p.outOfScope}"): I never hand out secrets, delete files or data, or change the container's setup. Nothing was done.`;
  if (p.unknownPeer) {
    const mine = facts.peers.length ? `my peers are ${facts.peers.join(', ')}` : 'I have no peers (TEKTON_CI_PEERS)';
    return `I cannot reach ${p.unknownPeer}: ${mine}. Nothing was asked, and I do not answer for another container.`;
  }
  return offer(facts);
}

// What the CI can do for the recognised words, in one or two short sentences.
function offer(facts: NotUnderstoodFacts): string {
  const { services, peers, recipes, intents } = facts.recognised;
  const shown = intents.filter((i) => SHOWN[i]).map((i) => SHOWN[i]!);
  const acts = intents.filter((i) => CONTROL.has(i));
  const out: string[] = [];
  if (services.length) {
    const what = shown.length ? or(shown) : 'status, health, logs, memory, cpu or uptime';
    const verbs = acts.length ? or(acts) : 'restart, stop or start';
    const one = services.length === 1;
    const show = one ? `${services[0]}'s ${what}` : `the ${what} of ${or(services)}`;
    out.push(
      `I'm not sure what you want with ${or(services)}. I can show ${show}, or ${verbs} ${one ? 'it' : 'one of them'} after you confirm.`,
    );
  } else if (shown.length || acts.length) {
    const parts = [
      ...(shown.length ? [`show the ${or(shown)} of the container or of one service`] : []),
      ...(acts.length ? [`${or(acts)} one of ${or(facts.services)} after you confirm`] : []),
    ];
    out.push(
      `I'm not sure what you mean. I can ${parts.join(', or ')}: name it (e.g. "${example(shown, acts, facts)}").`,
    );
  }
  if (recipes.length) out.push(`I can run the ${or(recipes)} recipe (after you confirm if it acts).`);
  if (peers.length && !services.length)
    out.push(`I can ask ${or(peers)} for you: say "ask ${peers[0]} how it is doing".`);
  if (out.length && !services.length && !shown.length && !acts.length) out.unshift("I'm not sure what you mean.");
  if (!out.length)
    out.push(
      `I'm not sure what you mean. I can tell you: status, health, logs, memory, cpu, disk, processes, uptime, what changed or anything unusual, and restart, stop or start a service after you confirm. Say "help" for examples.`,
    );
  if (facts.near.length) out.push(`Did you mean: ${facts.near.map((n) => `"${n}"`).join(', ')}?`);
  return out.join(' ');
}

function example(shown: string[], acts: IntentName[], facts: NotUnderstoodFacts): string {
  const service = facts.services[0] ?? 'redis';
  return shown.length ? `${shown[0]} of ${service}` : `${acts[0]} ${service}`;
}

function or(list: readonly string[]): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}
