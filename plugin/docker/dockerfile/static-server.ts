// Static files (a built single-page app, an exported site) are served by nginx from Debian: small
// (1.3 MB installed), in every Debian mirror, and `try_files` gives a single-page app its
// index.html fallback with status 200 (busybox httpd can only answer 404 with a page). It runs as
// the app user: pid and temp files in /tmp, errors to stderr, port 8080. No access log: the CI
// hands services a socket as stdout, which nginx cannot open as /dev/stdout (ENXIO).
import { plainPath, portNumber } from '../quoting/dockerfile-text';

/** Where the generated nginx configuration lives in the image. */
export const STATIC_CONF = '/etc/nginx/tekton-static.conf';

/** The RUN line writing the nginx configuration for `root` on `port`. */
export function staticServerLines(rootPath: string, portValue: number, spa: boolean): string[] {
  // Both sit inside a single-quoted printf argument and an nginx directive: plain path characters only.
  const root = plainPath(rootPath, 'the folder nginx serves');
  const port = portNumber(portValue);
  const conf = [
    'worker_processes 1;',
    'pid /tmp/nginx.pid;',
    'daemon off;',
    'error_log stderr warn;',
    'events { worker_connections 512; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    '  access_log off;',
    '  sendfile on;',
    '  client_body_temp_path /tmp/nginx-body;',
    '  proxy_temp_path /tmp/nginx-proxy;',
    '  fastcgi_temp_path /tmp/nginx-fastcgi;',
    '  uwsgi_temp_path /tmp/nginx-uwsgi;',
    '  scgi_temp_path /tmp/nginx-scgi;',
    `  server { listen ${port}; listen [::]:${port}; root ${root};`,
    `    location / { try_files $uri $uri/ ${spa ? '/index.html' : '=404'}; } }`,
    '}',
  ];
  return [
    `# nginx serves ${root}${spa ? ' with index.html for unknown paths (client-side routing)' : ''}, as the app user.`,
    `RUN printf '%s\\n' ${conf.map((l) => `'${l}'`).join(' ')} > ${STATIC_CONF}`,
  ];
}
