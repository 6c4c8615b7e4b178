// Confirmations asked in the page instead of a terminal. The CLI's own flow (sendToCi with
// decideConfirmation) runs unchanged; its Prompter here parks the question until the browser
// answers it with POST /api/confirm/<id>, or gives up (answer: no) after a timeout.
import { randomUUID } from 'node:crypto';
import type { Prompter } from '../transport/confirm-flow';

/** A question the page must answer: yes/no, or typing the target's name (destructive). */
export interface WebQuestion {
  id: string;
  kind: 'yes-no' | 'typed';
  message: string;
  /** For 'typed': the name to type. */
  target?: string;
}

interface Parked {
  question: WebQuestion;
  answer: (value: boolean | string) => void;
  result: () => Promise<unknown>;
}

/** The open questions of this server. */
export class WebConfirmations {
  private readonly parked = new Map<string, Parked>();
  constructor(private readonly timeoutMs = 120_000) {}

  /**
   * Runs `action` with a prompter; resolves with its result when it finishes without asking, or
   * with the question when it asks (the action then waits for `answer`).
   */
  async start<T>(action: (prompter: Prompter) => Promise<T>): Promise<{ done: T } | { question: WebQuestion }> {
    let asked!: (q: WebQuestion) => void;
    // The action may ask before `action(...)` has returned its promise: read it when answered.
    let result: Promise<T> | null = null;
    const question = new Promise<WebQuestion>((r) => {
      asked = r;
    });
    const park = (kind: WebQuestion['kind'], message: string, fallback: boolean | string) =>
      new Promise<boolean | string>((resolve) => {
        const id = randomUUID();
        const target = kind === 'typed' ? /Type '([^']+)'/.exec(message)?.[1] : undefined;
        const q: WebQuestion = { id, kind, message, ...(target ? { target } : {}) };
        const timer = setTimeout(() => {
          this.parked.delete(id);
          resolve(fallback);
        }, this.timeoutMs);
        timer.unref();
        this.parked.set(id, {
          question: q,
          result: () => result!,
          answer: (v) => {
            clearTimeout(timer);
            this.parked.delete(id);
            resolve(v);
          },
        });
        asked(q);
      });
    const prompter: Prompter = {
      confirm: async (message) => (await park('yes-no', message, false)) === true,
      input: async (message) => String(await park('typed', message, '')),
    };
    const running = action(prompter);
    result = running;
    running.catch(() => undefined);
    const first = await Promise.race([running.then((done) => ({ done })), question.then((q) => ({ question: q }))]);
    return first;
  }

  /** Answers a parked question; resolves with the action's outcome. Null when no such question is open. */
  answer(id: string, value: boolean | string): Promise<unknown> | null {
    const p = this.parked.get(id);
    if (!p) return null;
    p.answer(value);
    return p.result();
  }

  /** Asks one yes/no question the page must answer before `action` runs (the CLI's askFirst). */
  async ask<T>(message: string, action: () => Promise<T>): Promise<{ done: T } | { question: WebQuestion }> {
    return this.start(async (prompter) => {
      if (!(await prompter.confirm(message)))
        throw new NotConfirmed(`Not confirmed: ${message.replace(/\?$/, '')} was not done`);
      return action();
    });
  }
}

/** The page said no (or never answered). */
export class NotConfirmed extends Error {
  override name = 'NotConfirmed';
}
