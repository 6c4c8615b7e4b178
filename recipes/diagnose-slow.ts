// diagnose-slow: why is it slow? CPU throttling from the cgroup, memory against the limit, probe
// and HTTP latency, restart counts and the top consumers, turned into findings. Reads only.
import type { RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';
import { mb, servicesWithKinds } from './lib/figures';
import {
  MEMORY_CRITICAL_SHARE,
  MEMORY_WARN_SHARE,
  SERVICE_CPU_WARN_PERCENT,
  SLOW_MS,
  THROTTLED_SHARE,
} from '../ci-runtime/chat/thresholds';

const recipe: RecipeModule = {
  name: 'diagnose-slow',
  description:
    'Finds why the container is slow: CPU throttling, memory near the limit, slow probes, restarts, top consumers',
  risk: 'inspect',
  phrases: ['why is it slow', 'diagnose slow', 'diagnose', 'slow', 'sluggish', 'performance problem'],
  params: {},
  applies_to: [],
  async run(ctx) {
    const findings: string[] = [];
    const cpu = await ctx.cpuThrottling();
    if (cpu.periods && cpu.throttled_periods !== null) {
      const share = cpu.throttled_periods / cpu.periods;
      if (share > THROTTLED_SHARE)
        findings.push(
          `CPU throttled in ${Math.round(share * 100)}% of periods (${Math.round(cpu.throttled_ms ?? 0)} ms total, quota ${cpu.quota_cpus ?? 'none'} CPUs)`,
        );
    }
    const box = await ctx.container();
    if (box.memory_bytes !== null && box.memory_limit_bytes) {
      const share = box.memory_bytes / box.memory_limit_bytes;
      const level = share >= MEMORY_CRITICAL_SHARE ? ': close to being OOM-killed' : '';
      if (share >= MEMORY_WARN_SHARE)
        findings.push(
          `memory at ${Math.round(share * 100)}% of the limit (${mb(box.memory_bytes)} of ${mb(box.memory_limit_bytes)} MB)${level}`,
        );
    }
    const services = await servicesWithKinds(ctx);
    for (const s of services) {
      if (s.state !== 'running' || s.health === 'unhealthy') findings.push(`'${s.name}' is ${s.state}, ${s.health}`);
      if (s.restarts > 0) findings.push(`'${s.name}' restarted ${s.restarts} time(s)`);
      if (s.cpu_percent !== null && s.cpu_percent >= SERVICE_CPU_WARN_PERCENT)
        findings.push(`'${s.name}' uses ${Math.round(s.cpu_percent)}% CPU`);
      if (s.probe?.latency_ms != null && s.probe.latency_ms >= SLOW_MS)
        findings.push(`'${s.name}' probe took ${s.probe.latency_ms} ms (${s.probe.detail})`);
      if (s.type === 'web' && s.ports.length > 0 && s.state === 'running') {
        try {
          const reply = await ctx.http(s.name, '/');
          if (reply.latency_ms >= SLOW_MS) findings.push(`'${s.name}' answered GET / in ${reply.latency_ms} ms`);
          if (reply.status >= 500) findings.push(`'${s.name}' answered GET / with ${reply.status}`);
        } catch (err) {
          findings.push(`'${s.name}' did not answer GET /: ${(err as Error).message}`);
        }
      }
    }
    const top = [...services]
      .filter((s) => s.memory_bytes !== null)
      .sort((a, b) => (b.memory_bytes ?? 0) - (a.memory_bytes ?? 0))
      .slice(0, 3);
    const consumers = top.map(
      (s) => `${s.name} ${mb(s.memory_bytes ?? 0)} MB${s.cpu_percent !== null ? `, ${s.cpu_percent}% CPU` : ''}`,
    );
    const head =
      findings.length > 0
        ? `${findings.length} finding(s): ${findings.join('; ')}`
        : 'No sign of throttling, memory pressure, slow probes or restarts';
    return {
      summary: `${head}. Top consumers: ${consumers.join(', ') || 'none measured'}.`,
      data: {
        findings,
        cpu,
        top: top.map((s) => ({ name: s.name, memory_mb: mb(s.memory_bytes ?? 0), cpu_percent: s.cpu_percent })),
      },
    };
  },
};

export default recipe;
