// A project's compose file is the project's code (red team B03): a cloned repository that ships one
// chose its volumes, capabilities and namespaces, and `ergon run <dir>` ran it as written, so its
// container could mount `/`, read every CI's token, or take the host's PID namespace. What reaches the
// engine is rebuilt from a reviewed subset, key by key: images (built by us or named), the command,
// the environment, ports (bound where the user says, never where the file says), depends_on, the
// healthcheck, named volumes and networks of the app's own, resource limits and settings that act only
// inside the container. Every other key, and every value of an allowed key that would reach the host
// (a bind mount, a device reservation, an external volume), is refused by service and key. `$` is
// escaped: Compose would fill `${VAR}` from the user's environment (their secrets included).
// Pure: a parsed document in, the reviewed document and the refusals out.
import { parse } from 'yaml';

/** One thing the review did not let through. */
export interface ComposeRefusal {
  /** The service, or '(top level)'. */
  service: string;
  key: string;
  why: string;
}

/** The reviewed file: what may reach the engine, and what was refused. */
export interface ComposeReview {
  services: Record<string, Record<string, unknown>>;
  volumes: Record<string, unknown> | null;
  networks: Record<string, unknown> | null;
  refusals: ComposeRefusal[];
  /** Keys dropped because ergon sets them itself (build, container_name): said once, not refused. */
  notes: string[];
}

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => !!v && typeof v === 'object' && !Array.isArray(v);
const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

// Why a key that is not in the subset matters, for the ones people meet most.
const WIDENS: Record<string, string> = {
  privileged: 'gives the container every capability and device of the host',
  cap_add: 'adds kernel capabilities',
  security_opt: 'changes the seccomp, AppArmor or SELinux confinement',
  devices: 'gives the container host devices',
  device_cgroup_rules: 'lets the container use host devices',
  pid: "can join the host's (or another container's) process namespace",
  ipc: "can join the host's IPC namespace",
  network_mode: "can join the host's (or another container's) network",
  userns_mode: 'can leave the user namespace remapping',
  uts: "can join the host's UTS namespace",
  cgroup: "can join the host's cgroup namespace",
  cgroup_parent: 'places the container in another cgroup',
  sysctls: 'sets kernel parameters',
  extra_hosts: 'rewrites name resolution inside the container',
  dns: 'chooses the resolver',
  env_file: 'reads a file of the host into the environment',
  secrets: 'reads a file of the host',
  configs: 'reads a file of the host',
  volumes_from: "mounts another container's volumes",
  links: 'reaches into other containers',
  external_links: 'reaches into containers outside the app',
  runtime: 'chooses another container runtime',
  gpus: 'gives the container host GPUs',
  ulimits: 'raises resource limits',
  oom_score_adj: "changes the host's OOM choices",
  oom_kill_disable: 'keeps the kernel from killing the container',
  logging: "sends the container's output to a log driver of the host",
  extends: 'pulls in another file',
  storage_opt: 'sets storage driver options',
  isolation: 'chooses the isolation technology',
  group_add: 'adds groups',
};

// Keys that act only inside the container: taken as they are (their values escaped).
const INSIDE = new Set([
  'command',
  'entrypoint',
  'working_dir',
  'user',
  'hostname',
  'domainname',
  'stop_signal',
  'stop_grace_period',
  'init',
  'tty',
  'stdin_open',
  'read_only',
  'restart',
  'expose',
  'tmpfs',
  'mem_limit',
  'memswap_limit',
  'mem_reservation',
  'cpus',
  'cpu_shares',
  'shm_size',
  'pids_limit',
  'cap_drop',
  'platform',
  'pull_policy',
  'healthcheck',
]);

/** Reviews a parsed compose document (see the header); `hostIp` is where published ports bind. */
export function reviewCompose(doc: unknown, opts: { hostIp: string }): ComposeReview {
  const refusals: ComposeRefusal[] = [];
  const notes: string[] = [];
  if (!isObject(doc) || !isObject(doc.services) || Object.keys(doc.services).length === 0)
    throw new Error('compose file has no services');
  const top = (key: string, why: string) => refusals.push({ service: '(top level)', key, why });
  for (const key of Object.keys(doc)) {
    if (key === 'services' || key === 'volumes' || key === 'networks' || key === 'version' || key.startsWith('x-'))
      continue;
    top(
      key,
      key === 'include'
        ? 'pulls in other files'
        : key === 'name'
          ? 'names the Compose project (ergon names it after the app)'
          : 'is not in the reviewed subset',
    );
  }
  const volumes = reviewTopLevel(doc.volumes, 'volumes', ['labels'], top);
  const networks = reviewTopLevel(doc.networks, 'networks', ['labels', 'internal', 'attachable', 'driver'], top);
  const names = Object.keys(doc.services);
  const services: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const svc = doc.services[name];
    const refuse = (key: string, why: string) => refusals.push({ service: name, key, why });
    if (!isObject(svc)) {
      refuse('(service)', 'is not a mapping');
      continue;
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(svc)) {
      if (key === 'build' || key === 'container_name') {
        notes.push(
          `${name}: '${key}' is not used (ergon runs images built by 'aish docker build', and names the containers)`,
        );
        continue;
      }
      if (key.startsWith('x-')) continue;
      const why = reviewKey(key, value, { names, volumes, networks, hostIp: opts.hostIp, out });
      if (why) refuse(key, why);
    }
    if (typeof out.image !== 'string') refuse('image', `is missing; build it first with 'aish docker build'`);
    services[name] = escapeDollars(out) as Record<string, unknown>;
  }
  return {
    services,
    volumes: volumes ? (escapeDollars(volumes) as Doc) : null,
    networks: networks ? (escapeDollars(networks) as Doc) : null,
    refusals,
    notes: [...new Set(notes)],
  };
}

/** One line per refusal: `service 'web': 'volumes' ('/:/host') binds a host path`. */
export function describeRefusals(refusals: ComposeRefusal[]): string[] {
  return refusals.map((r) =>
    r.service === '(top level)' ? `top level: '${r.key}' ${r.why}` : `service '${r.service}': '${r.key}' ${r.why}`,
  );
}

interface KeyContext {
  names: string[];
  volumes: Doc | null;
  networks: Doc | null;
  hostIp: string;
  out: Record<string, unknown>;
}

// Reviews one key of a service into `ctx.out`; returns why it is refused, or null.
function reviewKey(key: string, value: unknown, ctx: KeyContext): string | null {
  const { out } = ctx;
  switch (key) {
    case 'image':
      if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/.test(value))
        return 'is not an image reference';
      out.image = value;
      return null;
    case 'environment':
      if (!isObject(value) && !isStringList(value)) return 'is not a mapping or a list of KEY=value';
      out.environment = value;
      return null;
    case 'labels': {
      if (!isObject(value) && !isStringList(value)) return 'is not a mapping or a list of KEY=value';
      // tekton.* labels name the CI: ergon sets them (given-labels.ts), the file does not.
      const entries = Array.isArray(value)
        ? value.map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)] as const)
        : Object.entries(value).map(([k, v]) => [k, String(v ?? '')] as const);
      out.labels = Object.fromEntries(entries.filter(([k]) => !k.startsWith('tekton.') || k === 'tekton.project'));
      return null;
    }
    case 'ports':
      return reviewPorts(value, ctx);
    case 'depends_on': {
      const deps = Array.isArray(value) ? value : isObject(value) ? Object.keys(value) : null;
      if (!deps || deps.some((d) => typeof d !== 'string' || !ctx.names.includes(d)))
        return 'names a service that is not in this file';
      out.depends_on = Array.isArray(value)
        ? value
        : Object.fromEntries(
            Object.entries(value as Doc).map(([d, c]) => [
              d,
              isObject(c) && typeof c.condition === 'string'
                ? { condition: c.condition }
                : { condition: 'service_started' },
            ]),
          );
      return null;
    }
    case 'volumes':
      return reviewVolumes(value, ctx);
    case 'networks': {
      const list = Array.isArray(value) ? value : isObject(value) ? Object.keys(value) : null;
      if (!list || list.some((n) => typeof n !== 'string' || (n !== 'default' && !(ctx.networks && n in ctx.networks))))
        return "names a network the file does not define (only the app's own networks)";
      out.networks = Array.isArray(value)
        ? value
        : Object.fromEntries(
            Object.entries(value as Doc).map(([n, c]) => [
              n,
              isObject(c) && isStringList(c.aliases) ? { aliases: c.aliases } : null,
            ]),
          );
      return null;
    }
    case 'deploy': {
      if (!isObject(value)) return 'is not a mapping';
      const deploy: Doc = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === 'replicas' && Number.isInteger(v)) deploy.replicas = v;
        else if (k === 'resources' && isObject(v) && Object.keys(v).every((r) => r === 'limits') && isObject(v.limits))
          deploy.resources = { limits: pick(v.limits, ['cpus', 'memory', 'pids']) };
        else if (k === 'restart_policy' && isObject(v))
          deploy.restart_policy = pick(v, ['condition', 'delay', 'max_attempts', 'window']);
        else
          return `holds '${k}'${k === 'resources' ? ' beyond limits (a device or a reservation)' : ''}, which is not in the reviewed subset`;
      }
      out.deploy = deploy;
      return null;
    }
    default:
      if (INSIDE.has(key)) {
        out[key] = value;
        return null;
      }
      return WIDENS[key] ?? 'is not in the reviewed subset (it may widen what the container can do to the host)';
  }
}

// Ports bind where the user said (127.0.0.1 unless --publish-all): an address in the file is dropped.
function reviewPorts(value: unknown, ctx: KeyContext): string | null {
  if (!Array.isArray(value)) return 'is not a list';
  const ports: unknown[] = [];
  for (const p of value) {
    if (isObject(p)) {
      if (p.target === undefined) return 'holds a port without a target';
      ports.push({ ...pick(p, ['target', 'published', 'protocol']), host_ip: ctx.hostIp });
      continue;
    }
    const m = /^(?:(?:\[[^\]]*\]|\d+\.\d+\.\d+\.\d+):)?(?:(\d+(?:-\d+)?)?:)?(\d+(?:-\d+)?)(\/(?:tcp|udp|sctp))?$/.exec(
      String(p),
    );
    if (!m) return `holds '${String(p)}', which is not [address:][host:]container[/protocol]`;
    ports.push(`${ctx.hostIp}:${m[1] ?? ''}:${m[2]}${m[3] ?? ''}`);
  }
  ctx.out.ports = ports;
  return null;
}

// Named volumes of the app (declared at the top level) and anonymous ones; never a host path.
function reviewVolumes(value: unknown, ctx: KeyContext): string | null {
  if (!Array.isArray(value)) return 'is not a list';
  const declared = (name: unknown) => typeof name === 'string' && !!ctx.volumes && name in ctx.volumes;
  const out: unknown[] = [];
  for (const v of value) {
    if (isObject(v)) {
      if (v.type === 'tmpfs' && typeof v.target === 'string') out.push(pick(v, ['type', 'target', 'tmpfs']));
      else if (
        (v.type === 'volume' || v.type === undefined) &&
        (v.source === undefined || declared(v.source)) &&
        typeof v.target === 'string'
      )
        out.push({ type: 'volume', ...pick(v, ['source', 'target', 'read_only']) });
      else
        return `('${JSON.stringify(v).slice(0, 120)}') ${v.type === 'bind' ? 'binds a host path' : 'is not a named volume of this file'}`;
      continue;
    }
    const parts = String(v).split(':');
    const [source, target, mode] = parts.length === 1 ? [null, parts[0], undefined] : parts;
    const modeOk = mode === undefined || mode === 'ro' || mode === 'rw';
    if (
      parts.length <= 3 &&
      typeof target === 'string' &&
      target.startsWith('/') &&
      modeOk &&
      (source === null || declared(source))
    ) {
      out.push(String(v));
      continue;
    }
    const host = source !== null && source !== undefined && /^[./~$]|\//.test(source);
    return `('${String(v)}') ${host ? 'binds a host path' : 'is not a named volume of this file'}`;
  }
  ctx.out.volumes = out;
  return null;
}

// Top-level volumes and networks: the app's own, made by Compose for it (no external one, no driver
// options, which can bind a host folder).
function reviewTopLevel(
  value: unknown,
  what: 'volumes' | 'networks',
  allowed: string[],
  refuse: (key: string, why: string) => void,
): Doc | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    refuse(what, 'is not a mapping');
    return null;
  }
  const out: Doc = {};
  for (const [name, def] of Object.entries(value)) {
    if (def === null || (isObject(def) && Object.keys(def).length === 0)) {
      out[name] = {};
      continue;
    }
    const bad = isObject(def)
      ? Object.keys(def).find((k) => !allowed.includes(k) || (k === 'driver' && def[k] !== 'bridge'))
      : '(definition)';
    if (bad) refuse(`${what}.${name}`, `holds '${bad}': only the app's own ${what}, made by Compose, are used`);
    else out[name] = def;
  }
  return out;
}

function pick(o: Doc, keys: string[]): Doc {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/**
 * Every string with Compose's interpolation taken out: `$$` (a literal `$`) stays, any other `$`
 * becomes `$$`, so nothing is filled from the user's environment.
 */
export function escapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$(\$?)/g, (m, second) => (second ? m : '$$'));
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

/** The reviewed services, with the refused keys put back as the file wrote them (escaped): --allow-host-access. */
export function withRefusedKeys(doc: unknown, review: ComposeReview): ComposeReview {
  const d = doc as { services: Record<string, Doc>; volumes?: Doc; networks?: Doc };
  const services: Record<string, Record<string, unknown>> = {};
  for (const [name, svc] of Object.entries(review.services)) {
    const refused = review.refusals.filter((r) => r.service === name).map((r) => r.key);
    services[name] = { ...svc, ...(escapeDollars(pick(d.services[name] ?? {}, refused)) as Doc) };
  }
  const topRefused = (what: string) =>
    review.refusals.some((r) => r.service === '(top level)' && r.key.startsWith(`${what}.`));
  return {
    ...review,
    services,
    volumes: topRefused('volumes') ? (escapeDollars(d.volumes) as Doc) : review.volumes,
    networks: topRefused('networks') ? (escapeDollars(d.networks) as Doc) : review.networks,
  };
}

/** A compose file whose review refused something, and the user did not allow host access. */
export class ComposeRefused extends Error {
  override name = 'ComposeRefused';
  constructor(
    readonly file: string,
    readonly refusals: ComposeRefusal[],
  ) {
    super(
      [
        `Refused to run ${file}: a project's compose file is its code, and these keys would give its containers power over this host:`,
        ...describeRefusals(refusals).map((l) => `  ${l}`),
        'Nothing was started or written. If you trust this project, run again with --allow-host-access (asked on a terminal).',
      ].join('\n'),
    );
  }
}

/** Parses compose text; a clear error for what is no YAML. */
export function parseCompose(composeText: string): unknown {
  try {
    return parse(composeText);
  } catch (err) {
    throw new Error(`compose file is not valid YAML: ${(err as Error).message}`);
  }
}
