// vitest globalSetup for the docker and e2e projects: these tests need a real engine and never skip.
// Without one, the run fails here with a message saying how to get one.
import Docker from 'dockerode';

/** Fails the run when no Docker engine answers on DOCKER_HOST or the default socket. */
export default async function requireDocker(): Promise<void> {
  const where = process.env.DOCKER_HOST || '/var/run/docker.sock';
  try {
    const docker = new Docker();
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref()),
    ]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `No Docker engine answers at ${where} (${reason}). These tests need a real engine and do not skip: ` +
        'run `npm run setup` (as root on Debian it installs docker.io and starts dockerd), ' +
        'or start Docker yourself, or point DOCKER_HOST at a running engine.',
    );
  }
}
