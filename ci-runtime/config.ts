// Which services this container runs (pure): the manifest's container (env TEKTON_CI_CONTAINER or
// the only/first one), narrowed by TEKTON_CI_SERVICES, in start order, with the command-line
// override applied to the main (first web) application.
import { validateManifest, type Manifest } from '../protocol';
import { labelFor } from './discovery/classify';
import { healthCheckFor } from './probes/probe-for';
import { dependenciesOf, startOrder } from './supervisor/order';
import type { ServiceSpec } from './supervisor/service-spec';

/** The container's resolved configuration. */
export interface CiConfig {
  container: string;
  ciName: string;
  services: ServiceSpec[];
}

/** Parses and validates manifest text; throws listing every problem. */
export function parseManifest(text: string, source: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${source} is not valid JSON (${(err as Error).message}); rebuild the image with a generated manifest.`,
    );
  }
  const problems = validateManifest(value);
  if (problems.length) throw new Error(`${source} is not a valid v1 manifest: ${problems.join('; ')}`);
  return value as Manifest;
}

/** Picks the container and its services; `override` replaces the main app's run_command. */
export function resolveConfig(
  manifest: Manifest,
  env: Record<string, string | undefined>,
  override: string[],
): CiConfig {
  const names = Object.keys(manifest.containers);
  const container = env.TEKTON_CI_CONTAINER || names[0];
  const spec = container ? manifest.containers[container] : undefined;
  if (!container || !spec) {
    throw new Error(
      `Container '${env.TEKTON_CI_CONTAINER ?? ''}' is not in the manifest (known: ${names.join(', ') || 'none'}); set TEKTON_CI_CONTAINER to one of them.`,
    );
  }
  let apps = spec.applications;
  const wanted = env.TEKTON_CI_SERVICES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted?.length) {
    const unknown = wanted.filter((w) => !apps.includes(w));
    if (unknown.length)
      throw new Error(
        `TEKTON_CI_SERVICES names ${unknown.join(', ')}, not in container '${container}' (has: ${apps.join(', ')}).`,
      );
    apps = apps.filter((a) => wanted.includes(a));
  }
  const main = apps.find((a) => manifest.applications[a]?.type === 'web') ?? apps[0];
  const services = startOrder(manifest.applications, apps).map((name): ServiceSpec => {
    const app = manifest.applications[name]!;
    const argv = name === main && override.length ? override : app.run_command;
    return {
      name,
      app,
      kind: app.type,
      label: labelFor(app.type, app.framework, name),
      argv,
      check: healthCheckFor(app.type, app.port, app.health),
      dependsOn: dependenciesOf(name, manifest.applications, apps),
    };
  });
  // `ergon run` names the CI (TEKTON_CI_NAME) so that its answers, its label and Hermes agree.
  return { container, ciName: env.TEKTON_CI_NAME || spec.ci_name || `${container}-container-ci`, services };
}
