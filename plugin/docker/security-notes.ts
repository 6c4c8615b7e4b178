// What `docker plan` says about privileges: how the image runs by default, what each unprivileged
// mode costs, whose environment reaches what, which paths the app and the CI may write, and the resources a Kubernetes export would ask for
// (pure: the manifest in, lines out).
import { APP_UID, WORKER_UID, type Manifest } from '../../protocol';
import { resourcesFor } from '../ergon/k8s-resources';
import { containerWritablePaths } from './dockerfile/app-writable';
import { CI_WRITABLE_PATHS } from './dockerfile/ci-writable';

/** Lines for the plan's "security" section. */
export function securityNotes(manifest: Manifest): string[] {
  const lines = [
    `default: the CI starts as root only to drop privileges: services run as app (${APP_UID}), recipes in a worker of their own (UID ${WORKER_UID}, Node's permission model)`,
    `unprivileged: the same image runs with --user <uid>:0 (OpenShift), --cap-drop ALL, --security-opt no-new-privileges and --read-only;`,
    '  then the CI cannot change UID: services and the recipe worker share its UID (the worker keeps the permission model but could signal services); `info` and `status` say so',
    "environment: the CI, its tools, the HEALTHCHECK and `docker exec` relays start clean (clean-exec: a fixed PATH and the CI's own settings); the image's ENV (NODE_OPTIONS, LD_PRELOAD, ...) reaches the app's services only",
    "app folder: root's and read-only to the app user in a generated image (your own Dockerfile decides its owner); the app writes only its writable paths, /tmp and its home",
    `the CI's writable paths (tmpfs, volumes or emptyDirs under --read-only): ${CI_WRITABLE_PATHS.join(', ')}`,
  ];
  for (const name of Object.keys(manifest.containers)) {
    const { declared, data } = containerWritablePaths(manifest, name);
    lines.push(
      `app writable paths ${name}: ${declared.length ? declared.join(', ') : 'none declared'} (manifest writable_paths)${data.length ? `; data: ${data.join(', ')}` : ''}`,
    );
  }
  for (const name of Object.keys(manifest.containers)) {
    const r = resourcesFor(manifest, name);
    lines.push(
      `kubernetes (ergon export k8s) ${name}: requests cpu ${r.requests.cpu}, memory ${r.requests.memory}; limits cpu ${r.limits.cpu}, memory ${r.limits.memory}`,
    );
    if (r.defaults.length)
      lines.push(
        `  defaults (set containers.${name}.resources in the manifest to change them):`,
        ...r.defaults.map((d) => `    ${d}`),
      );
  }
  return lines;
}
