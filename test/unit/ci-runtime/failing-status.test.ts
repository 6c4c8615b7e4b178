// How a failing service reads (pure): a process is healthy only after a stable run, a service
// restarted within its budget reads "restarting (n in the last m min)", a held one names what holds
// it, and the summary and "why?" quote the failed run's error; the manifest fields are validated.
import { describe, expect, it } from 'vitest';
import { type ServiceStatus, validateManifest } from '../../../protocol';
import { healthAnswer } from '../../../ci-runtime/chat/answers';
import { diagnose, diagnosisText } from '../../../ci-runtime/chat/diagnose';
import { processHealth } from '../../../ci-runtime/probes/probe-for';
import { failureSentence, overallHealth, stateWord, summarize } from '../../../ci-runtime/status-view';

const sup = {
  failures: 0,
  probe_failures: 0,
  unhealthy_threshold: 3,
  restarts_in_window: 0,
  max_restarts: 5,
  window_s: 60,
  max_memory_mb: null,
};
const svc = (over: Partial<ServiceStatus>): ServiceStatus => ({
  name: 'worker',
  kind: 'worker',
  label: 'Celery',
  state: 'running',
  health: 'healthy',
  pid: 10,
  ports: [],
  memory_bytes: null,
  cpu_percent: null,
  restarts: 0,
  uptime_s: 60,
  supervision: sup,
  ...over,
});
const box = { memory_bytes: null, memory_limit_bytes: null, cpu_percent: null, cgroup: null, uptime_s: 1 };
const failure = {
  run: 3,
  at: '2026-12-01T12:00:00.000Z',
  exit: 'exit code 1',
  exit_code: 1,
  signal: null,
  error: "ImportError: cannot import name 'Celery'",
  error_lines: ['  File "/app/tasks.py", line 1, in <module>', "ImportError: cannot import name 'Celery'"],
};

describe('a failing service, in words', () => {
  it('is healthy by process only once its run has lasted the stable period', () => {
    expect(processHealth(null, 10_000)).toEqual({ health: 'unhealthy', detail: 'process not running' });
    expect(processHealth(2_345, 10_000)).toEqual({
      health: 'starting',
      detail: 'process alive for 2.3 s; healthy once it has run 10 s',
    });
    expect(processHealth(10_000, 10_000).health).toBe('healthy');
  });

  it('reads "restarting (n in the last m min)" while restarted within its budget and not proven since', () => {
    const restarted = { ...sup, restarts_in_window: 3 };
    expect(stateWord(svc({ state: 'backoff', health: 'unhealthy', pid: null, supervision: restarted }))).toBe(
      'restarting (3 in the last 1 min)',
    );
    expect(stateWord(svc({ health: 'starting', supervision: { ...restarted, restarting: true } }))).toBe(
      'restarting (3 in the last 1 min)',
    );
    // Once its new run has been healthy, it is what it does again; what ails it later is its health.
    expect(stateWord(svc({ activity: 'busy', supervision: restarted }))).toBe('busy');
    expect(stateWord(svc({ health: 'unhealthy', supervision: restarted }))).toBe('unhealthy');
    expect(
      stateWord(svc({ state: 'starting', health: 'starting', pid: null, supervision: { ...sup, held_by: ['web'] } })),
    ).toBe('held (web is FATAL)');
  });

  it("puts the failing run's error in the summary and in the answer to why", () => {
    const web = svc({
      name: 'web',
      kind: 'web',
      label: 'Flask',
      ports: [8000],
      state: 'fatal',
      health: 'unhealthy',
      pid: null,
      last_failure: {
        ...failure,
        run: 6,
        error: "SyntaxError: '(' was never closed",
        error_lines: ["SyntaxError: '(' was never closed"],
      },
    });
    const worker = svc({
      state: 'backoff',
      health: 'unhealthy',
      pid: null,
      supervision: { ...sup, restarts_in_window: 2 },
      last_failure: failure,
    });
    const redis = svc({ name: 'redis', kind: 'redis', label: 'Redis', last_failure: failure });
    expect(summarize([redis, worker, web])).toBe(
      'Running 1 of 3 services: Flask (FATAL), Redis (healthy), Celery (restarting: 2 in the last 1 min). ' +
        "Flask run 6 ended with exit code 1: SyntaxError: '(' was never closed. " +
        "Celery run 3 ended with exit code 1: ImportError: cannot import name 'Celery'",
    );
    // A service that failed once and runs well since is not failing.
    expect(failureSentence(redis)).toBeNull();
    // "health" says why a fallen service fails, not what its last probe saw before it fell.
    const stale = { detail: 'process alive for 1.8 s; healthy once it has run 10 s', latency_ms: 3, at: '' };
    expect(healthAnswer({ services: [{ ...worker, probe: stale }, redis], container: box }, {})).toBe(
      "1 of 2 services need attention: Celery restarting (2 in the last 1 min) (ImportError: cannot import name 'Celery').",
    );
    expect(overallHealth([redis, web])).toBe('unhealthy');
    expect(diagnosisText(diagnose([worker], box), [worker], box)).toBe(
      'Found 1 problem: Celery keeps exiting and is being restarted (2 in the last 1 min): run 3 ended with exit code 1; ' +
        "last error: ImportError: cannot import name 'Celery'.\n" +
        'worker run 3, its last error lines:\n' +
        '    File "/app/tasks.py", line 1, in <module>\n' +
        "  ImportError: cannot import name 'Celery'",
    );
  });

  it('validates exit_on_fatal and stable_after_s in the manifest, naming the field', () => {
    const manifest = (container: object, supervision: object) => ({
      manifest_version: 1,
      project: { name: 'p', repository: null },
      applications: { web: { run_command: ['x'], supervision } },
      containers: { p: { applications: ['web'], ...container } },
      packaging: {},
    });
    expect(validateManifest(manifest({ exit_on_fatal: true }, { stable_after_s: 2 }))).toEqual([]);
    expect(validateManifest(manifest({ exit_on_fatal: 'yes' }, { stable_after_s: 0 }))).toEqual([
      'applications.web.supervision.stable_after_s must be a number from 0.1 to 3600, got 0',
      'containers.p.exit_on_fatal must be true or false, got "yes"',
    ]);
  });
});
