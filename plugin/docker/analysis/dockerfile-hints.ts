// Hints from a Dockerfile the project already has: EXPOSE and the base image.
import { parseDockerfile } from '../dockerfile/parse-dockerfile';

/** Ports named by EXPOSE lines (a heredoc that mentions EXPOSE is not one). */
export function exposedPorts(dockerfile: string): number[] {
  const ports: number[] = [];
  for (const ins of parseDockerfile(dockerfile)) {
    if (ins.keyword !== 'EXPOSE') continue;
    for (const word of ins.args.split(/\s+/)) {
      const port = Number(word.replace(/\/(tcp|udp)$/i, ''));
      if (Number.isInteger(port) && port > 0 && port < 65536) ports.push(port);
    }
  }
  return ports;
}
