// Names and places both sides agree on: paths inside the container, labels on Docker objects,
// environment variables the ci-runtime reads.

/** Everything the container CI needs, shipped into every generated image (no Node required in the app image). */
export const CI_HOME = '/opt/tekton-ci';
export const CI_NODE = `${CI_HOME}/node`;
export const CI_INIT = `${CI_HOME}/tini`;
/**
 * Starts the CI and its tools with a clean environment (ci-runtime/clean-exec/clean-exec.c): a static
 * program, so the image's LD_PRELOAD or NODE_OPTIONS never reaches a process that runs as root.
 */
export const CI_CLEAN_EXEC = `${CI_HOME}/clean-exec`;
export const CI_ENTRY = `${CI_HOME}/ci-runtime.js`;
/** The CI's helper programs (`ci-tool.js relay|healthcheck`): a separate entry, so no app argument can reach them. */
export const CI_TOOL = `${CI_HOME}/ci-tool.js`;
export const CI_MANIFEST = `${CI_HOME}/manifest.json`;
export const CI_RECIPES_DIR = `${CI_HOME}/recipes`;

/** Directory bind-mounted from the host; holds the socket and, when the host provides it, the token. */
export const CI_RUN_DIR = '/run/tekton-ci';
export const CI_SOCKET = `${CI_RUN_DIR}/ci.sock`;
export const CI_TOKEN_FILE = `${CI_RUN_DIR}/token`;
/** Audit log and user recipes, inside the container (not shared with the host). */
export const CI_STATE_DIR = '/var/lib/tekton-ci';

/** The app user services run as (the CI itself runs as root so it can drop privileges). */
export const APP_USER = 'app';
export const APP_UID = 10001;
/**
 * The recipe worker's own identity (UID and GID), neither the app's nor the CI's: an escape from
 * the sandbox cannot read the services' /proc/<pid>/environ, signal them or write their files.
 */
export const WORKER_UID = 10900;

export const LABELS = {
  ciName: 'tekton.ci.name',
  manifestHash: 'tekton.manifest.hash',
  project: 'tekton.project',
  container: 'tekton.container',
  ciVersion: 'tekton.ci.version',
  /** The app the container belongs to, for multi-container apps (compose/swarm). */
  app: 'tekton.app',
} as const;

export const ENV = {
  /** Shared secret for the socket/TCP protocol; removed from the environment of every service. */
  token: 'TEKTON_CI_TOKEN',
  /** When set, also listen on this TCP port (token required). */
  tcpPort: 'TEKTON_CI_TCP_PORT',
  /** Comma-separated application names this container runs (default: the manifest's container). */
  services: 'TEKTON_CI_SERVICES',
  /** The CI's name, chosen by `ergon run` (resolveCiName); wins over the manifest's default. */
  ciName: 'TEKTON_CI_NAME',
  /** Which manifest container this is, when the manifest has several. */
  container: 'TEKTON_CI_CONTAINER',
  /** Peer CIs for ask-peer: 'db=myapp-db:7070,cache=myapp-cache:7070'. */
  peers: 'TEKTON_CI_PEERS',
  /** Consecutive failures before a service is FATAL (default 5). */
  maxRestarts: 'TEKTON_CI_MAX_RESTARTS',
  /** Optional model backend (OpenAI-compatible or Ollama) for questions outside the catalogue. */
  modelUrl: 'TEKTON_CI_MODEL_URL',
  modelName: 'TEKTON_CI_MODEL',
} as const;

/** TCP port the CI listens on inside the container when TCP is enabled (compose/swarm peers). */
export const CI_DEFAULT_TCP_PORT = 7070;
