/*
 * clean-exec: starts one of the container CI's own programs (the CI, the HEALTHCHECK, the relay
 * that `docker exec` runs) with an environment of our choosing, never the image's.
 *
 * Why a static C program: Docker hands the image's environment (ENV of every stage, the base
 * image's included) to the entrypoint, to the HEALTHCHECK and to every `docker exec`, as root. A
 * dynamically linked program cannot drop LD_PRELOAD, LD_LIBRARY_PATH or LD_AUDIT itself: the
 * loader obeys them before main() runs, and Node obeys NODE_OPTIONS before any script. This binary
 * has no loader and reads no variable, so the image's environment runs nothing here.
 *
 * It keeps an allow-list, not a deny-list: a fixed PATH and the CI's own settings that are not
 * paths (TEKTON_CI_TOKEN, _NAME, ...). Nothing else passes: no NODE_OPTIONS, LD_*, PYTHON*,
 * PERL5*, RUBYOPT, BASH_ENV, npm_config_*, HOME. Paths the CI reads as root are fixed under
 * /opt/tekton-ci and /run/tekton-ci, so no variable can point root at a file the app can write.
 *
 * With --app-env (the CI's entrypoint only) the environment it was given, which is the app's, is
 * handed over in a sealed-off memory file (memfd) whose descriptor the CI reads once and closes:
 * the app's services get it, and nothing started as root ever runs with it.
 *
 * Usage: clean-exec [--app-env] /absolute/program [args...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern char **environ;

#define FIXED_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* The CI's settings that pass (names without "TEKTON_CI_"); keep in step with protocol/places.ts. */
static const char *const KEPT[] = {
    "TOKEN", "NAME", "CONTAINER", "SERVICES", "TCP_PORT", "TCP_HOST", "PEERS", "MAX_RESTARTS",
    "MODEL_URL", "MODEL", "PROBE_INTERVAL_MS", "STOP_BUDGET_MS", NULL,
};

static int kept(const char *entry) {
    static const char prefix[] = "TEKTON_CI_";
    if (strncmp(entry, prefix, sizeof prefix - 1) != 0) return 0;
    const char *name = entry + sizeof prefix - 1;
    for (const char *const *k = KEPT; *k; k++) {
        size_t n = strlen(*k);
        if (strncmp(name, *k, n) == 0 && name[n] == '=') return 1;
    }
    return 0;
}

/* Writes every entry of `env`, each ending in NUL, to a memfd; returns its descriptor or -1. */
static int app_env_file(char **env) {
    int fd = memfd_create("tekton-app-env", MFD_ALLOW_SEALING);
    if (fd < 0) return -1;
    for (char **e = env; *e; e++) {
        const char *p = *e;
        size_t left = strlen(p) + 1;
        while (left > 0) {
            ssize_t n = write(fd, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return -1;
            p += n;
            left -= (size_t)n;
        }
    }
    /* Nobody may change it after this point; the CI reads it from the start. */
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    if (lseek(fd, 0, SEEK_SET) != 0) return -1;
    return fd;
}

int main(int argc, char **argv) {
    int first = 1;
    int pass_app_env = 0;
    if (first < argc && strcmp(argv[first], "--app-env") == 0) {
        pass_app_env = 1;
        first++;
    }
    if (first >= argc || argv[first][0] != '/') {
        fputs("clean-exec: usage: clean-exec [--app-env] /absolute/program [args...]\n", stderr);
        return 2;
    }
    size_t count = 0;
    for (char **e = environ; *e; e++) count++;
    char **env = calloc(count + 3, sizeof *env);
    if (!env) return 71;
    size_t k = 0;
    env[k++] = FIXED_PATH;
    for (char **e = environ; *e; e++)
        if (kept(*e)) env[k++] = *e;
    char fd_entry[64];
    if (pass_app_env) {
        int fd = app_env_file(environ);
        if (fd < 0) {
            fprintf(stderr, "clean-exec: cannot hand the app's environment over: %s\n", strerror(errno));
            return 71;
        }
        snprintf(fd_entry, sizeof fd_entry, "TEKTON_CI_APP_ENV_FD=%d", fd);
        env[k++] = fd_entry;
    }
    env[k] = NULL;
    execve(argv[first], argv + first, env);
    fprintf(stderr, "clean-exec: cannot run %s: %s\n", argv[first], strerror(errno));
    return 127;
}
