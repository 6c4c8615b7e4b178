// Messages between the CI (parent) and a recipe worker process, over Node's IPC channel. Plain
// JSON only; the parent treats everything from the worker as untrusted.

/** Parent → worker: what to do. */
export type ToWorker =
  | { op: 'describe'; sources: { id: string; source: string }[] }
  | { op: 'run'; source: string; params: Record<string, unknown>; dryRun: boolean }
  | { op: 'reply'; id: number; ok: boolean; value?: unknown; error?: string };

/** One recipe's metadata as the sandbox reported it (unvalidated). */
export interface DescribeResult {
  id: string;
  ok: boolean;
  meta?: unknown;
  error?: string;
}

/** Worker → parent. */
export type FromWorker =
  | { op: 'described'; results: DescribeResult[] }
  | { op: 'call'; id: number; method: string; args: unknown[] }
  | { op: 'log'; text: string }
  | { op: 'done'; ok: boolean; summary?: string; data?: unknown; error?: string };
