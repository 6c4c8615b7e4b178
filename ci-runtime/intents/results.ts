// The values the parser returns: an intent with its arguments, or `unknown` with the reason an
// action phrase was not taken as an order. Pure.
import { INTENT_RISK, type IntentArgs, type IntentName, type ParsedIntent, type Risk } from '../../protocol';
import type { Mood } from './structure';

/** Nothing understood (or nothing to do); `notAnOrder` says why an action phrase was no order. */
export function unknown(confidence = 0, notAnOrder?: Mood): ParsedIntent {
  const not =
    notAnOrder === 'question' ||
    notAnOrder === 'hypothetical' ||
    notAnOrder === 'reported' ||
    notAnOrder === 'scheduled'
      ? { notAnOrder }
      : {};
  return { intent: 'unknown', args: {}, risk: 'inspect', confidence, ...not };
}

/** An intent understood. */
export function result(
  intent: IntentName,
  args: IntentArgs,
  confidence: number,
  risk: Risk = INTENT_RISK[intent],
  negated = false,
): ParsedIntent {
  return {
    intent,
    args,
    risk,
    confidence: Math.round(Math.min(1, confidence) * 100) / 100,
    ...(negated ? { negated: true } : {}),
  };
}

/** An action phrase by its mood: the action for an order, a negated action, or nothing. */
export function byMood(mood: Mood, intent: IntentName, args: IntentArgs, risk?: Risk): ParsedIntent {
  if (mood === 'order') return result(intent, args, 0.95, risk);
  if (mood === 'negated') return result(intent, args, 0.9, risk, true);
  return unknown(0.3, mood);
}
