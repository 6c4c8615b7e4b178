import { describe, expect, it } from 'vitest';
import { cpuPercent, parseCgroup, parseKeyValues } from '../../../ci-runtime/metrics/cgroup';

describe('cgroup parsing', () => {
  it('reads v2: memory.current, memory.max and cpu.stat usage_usec', () => {
    const s = parseCgroup({
      current: '52428800\n',
      max: '536870912\n',
      cpuStat: 'usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n',
    });
    expect(s).toEqual({ version: 'v2', memoryBytes: 52428800, limitBytes: 536870912, cpuUsec: 1500000 });
  });

  it('reads v2 "max" as no limit', () => {
    expect(parseCgroup({ current: '1024\n', max: 'max\n' }).limitBytes).toBeNull();
  });

  it('reads v1: usage minus inactive file cache, limit, cpuacct.usage in ns', () => {
    const s = parseCgroup({
      usageInBytes: '104857600\n',
      limitInBytes: '268435456\n',
      memoryStat: 'cache 20971520\nrss 62914560\ntotal_inactive_file 10485760\n',
      cpuacctUsage: '2500000000\n',
    });
    expect(s).toEqual({ version: 'v1', memoryBytes: 94371840, limitBytes: 268435456, cpuUsec: 2500000 });
  });

  it('reads the v1 "unlimited" sentinel as no limit', () => {
    expect(parseCgroup({ usageInBytes: '1000\n', limitInBytes: '9223372036854771712\n' }).limitBytes).toBeNull();
  });

  it('reports nothing when no cgroup file is readable', () => {
    expect(parseCgroup({})).toEqual({ version: null, memoryBytes: null, limitBytes: null, cpuUsec: null });
  });

  it('computes CPU percent of one core between samples', () => {
    expect(cpuPercent(1_000_000, 1_500_000, 1000)).toBe(50);
    expect(cpuPercent(null, 1, 1000)).toBeNull();
    expect(cpuPercent(1, 2, 0)).toBeNull();
  });

  it('parses key/value stat files and ignores junk', () => {
    expect(parseKeyValues('a 1\nb two\n\nc 3')).toEqual({ a: 1, c: 3 });
  });
});
