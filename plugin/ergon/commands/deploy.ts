// `ergon deploy <image> --replicas N [--name S]` (Swarm service; `docker swarm init` on this single
// node when needed) and `ergon deploy --remove <name>`.
import type Docker from 'dockerode';
import { CommandError, UsageError, type Subcommand } from '../../plugin-api';
import { DockerImageClient } from '../../engine/image-client';
import { engineStatus } from '../../engine/docker-errors';
import { ensureSwarm, waitForTasks } from '../swarm-service';
import { defaultContainerName } from '../run-plan';
import { planSwarmDeploy, slotDir } from '../swarm-plan';
import { writeCiToken } from '../../files/ci-token';
import { existsSync } from 'node:fs';
import { removeRunDirsWhenUnmounted } from '../run-dir-removal';
import { syncRegistry } from '../../registry/registry-sync';
import { randomBytes } from 'node:crypto';
import type { MakeDeps } from './ergon-deps';
import { extraLabels } from '../../tekton/extra-labels';

/** The `ergon deploy` subcommand. */
export function deployCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'deploy',
    summary: 'Deploy an image as a Docker Swarm service with replicas, each with its CI',
    usage: 'ergon deploy <image> --replicas N [--name S] | ergon deploy --remove <name>',
    options: { replicas: { type: 'string', short: 'r' }, name: { type: 'string' }, remove: { type: 'boolean' } },
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const docker = await deps.getDocker();
      const target = ctx.args[0];
      if (!target) throw new UsageError(`usage: aish ${this.usage}`);
      if (ctx.options.remove === true) {
        try {
          await docker.getService(target).remove();
        } catch (err) {
          if (engineStatus(err) === 404) throw new CommandError(`No Swarm service '${target}'`);
          throw err;
        }
        // service.remove() returns while the tasks are still stopping, their slot dirs mounted (B05).
        const slots = Array.from({ length: 100 }, (_, i) => slotDir(deps.stateDir, target, i + 1)).filter((d) =>
          existsSync(d),
        );
        const { kept } = await removeRunDirsWhenUnmounted(deps.containers, slots, { timeoutMs: 60_000 });
        for (const k of kept) ctx.stderr.write(`Warning: run dir ${k}\n`);
        ctx.stdout.write(`Removed service ${target}; its CIs leave the registry as the tasks stop\n`);
        return 0;
      }
      const image = await new DockerImageClient(docker).inspect(target);
      if (!image)
        throw new CommandError(`No image '${target}' on this engine: build it with 'aish docker build <project>'`);
      let plan;
      try {
        plan = planSwarmDeploy({
          image,
          service:
            typeof ctx.options.name === 'string' ? ctx.options.name : defaultContainerName(image).replace(/[_.]/g, '-'),
          replicas: Number(ctx.options.replicas ?? 1),
          stateDir: deps.stateDir,
          remoteEngine: !deps.engineIsLocal,
          extraLabels: extraLabels(ctx.env),
        });
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const initialised = await ensureSwarm(docker);
      if (initialised)
        ctx.stderr.write(
          'Initialised a single-node Docker Swarm advertised on 127.0.0.1 (docker swarm leave --force undoes it)\n',
        );
      const token = randomBytes(24).toString('hex');
      for (const dir of plan.slotDirs) writeCiToken(dir, { token });
      try {
        await docker.createService(plan.spec as unknown as Docker.CreateServiceOptions);
      } catch (err) {
        if (engineStatus(err) === 409)
          throw new CommandError(
            `A Swarm service '${plan.service}' already exists: remove it with 'aish ergon deploy --remove ${plan.service}'`,
            { cause: err },
          );
        throw err;
      }
      const running = await waitForTasks(docker, plan.service, plan.replicas, 60_000);
      await syncRegistry(deps.registry, deps.containers);
      const cis = (await deps.registry.list()).filter((e) => e.app === plan.service);
      if (ctx.json) {
        ctx.stdout.write(
          `${JSON.stringify(
            {
              service: plan.service,
              replicas: plan.replicas,
              running,
              cis: cis.map((c) => ({ ci_name: c.ci_name, endpoint: c.endpoint })),
            },
            null,
            2,
          )}\n`,
        );
        return running === plan.replicas ? 0 : 1;
      }
      ctx.stdout.write(`Service ${plan.service}: ${running}/${plan.replicas} replicas running\n`);
      for (const c of cis) ctx.stdout.write(`  ${c.ci_name} (${c.container})\n`);
      if (running < plan.replicas) {
        ctx.stderr.write(
          `Error: only ${running} of ${plan.replicas} replicas started within 60 s; see 'docker service ps ${plan.service}'\n`,
        );
        return 1;
      }
      return 0;
    },
  };
}
