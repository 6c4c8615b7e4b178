// Hints from a Dockerfile the project already has: EXPOSE and the base image.

/** Ports named by EXPOSE lines. */
export function exposedPorts(dockerfile: string): number[] {
  const ports: number[] = [];
  for (const m of dockerfile.matchAll(/^\s*EXPOSE\s+(.+)$/gim)) {
    for (const word of m[1]!.split(/\s+/)) {
      const port = Number(word.replace(/\/(tcp|udp)$/i, ''));
      if (Number.isInteger(port) && port > 0 && port < 65536) ports.push(port);
    }
  }
  return ports;
}
