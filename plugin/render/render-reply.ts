// Plain text for a CI reply (what a user reads); `--json` prints the reply itself instead.
import type { Isolation, Reply } from '../../protocol';
import { formatBytes, formatTable } from './format-table';
import { plainText } from './plain-text';

/** Text for one reply, ending in a newline. Errors are rendered too (the caller decides the exit status). */
export function renderReply(reply: Reply): string {
  // The reply is the container's: text only, whoever prints it (render/plain-text.ts).
  return plainText(replyText(reply));
}

function replyText(reply: Reply): string {
  switch (reply.type) {
    case 'response':
      return reply.content.endsWith('\n') ? reply.content : `${reply.content}\n`;
    case 'pong':
      return `pong from ${reply.ai_id} at ${reply.timestamp}\n`;
    case 'health_response':
      return `${reply.ai_id}: ${reply.status}\n`;
    case 'info_response':
      return `${reply.component} ${reply.version}: ${reply.description}\n${isolationLines(reply.isolation, true)}`;
    case 'status_response':
      return (
        `${reply.summary}\n${isolationLines(reply.isolation, false)}` +
        (reply.services.length
          ? formatTable(
              ['SERVICE', 'STATE', 'HEALTH', 'PID', 'MEMORY', 'CPU', 'RESTARTS'],
              reply.services.map((s) => [
                s.name,
                s.state,
                s.health + (s.activity ? ` (${s.activity})` : ''),
                s.pid === null ? '-' : String(s.pid),
                formatBytes(s.memory_bytes),
                s.cpu_percent === null ? '-' : `${s.cpu_percent.toFixed(1)}%`,
                String(s.restarts),
              ]),
            )
          : '')
      );
    case 'services_response':
      return (
        `declared: ${reply.declared.join(', ') || '(none)'}\n` +
        reply.discovered
          .map((d) => `  pid ${d.pid} ${d.label} ${d.ports.join(',')} ${d.declared_as ?? '(undeclared)'}\n`)
          .join('') +
        reply.mismatches.map((m) => `  ! ${m}\n`).join('')
      );
    case 'parse_response':
      return `${reply.intent} (${reply.risk}, confidence ${reply.confidence.toFixed(2)})${reply.negated ? ' negated' : ''}\n`;
    case 'recipes_response':
      return formatTable(
        ['RECIPE', 'RISK', 'SOURCE', 'DESCRIPTION'],
        reply.recipes.map((r) => [r.name, r.risk, r.source, r.description]),
      );
    case 'run_response':
      return (
        `${reply.dry_run ? '[dry run] ' : ''}${reply.ok ? '' : 'FAILED: '}${reply.summary}\n` +
        reply.steps.map((s) => `  - ${s}\n`).join('')
      );
    case 'logs_response':
      return reply.lines.map((l) => `${l}\n`).join('');
    case 'audit_response':
      return reply.entries
        .map(
          (e) =>
            `${e.at} ${e.sender} ${e.recipe}${e.dry_run ? ' (dry run)' : ''} ${e.outcome ?? (e.ok ? 'done' : 'failed')}: ${e.summary}\n`,
        )
        .join('');
    case 'recipe_add_response':
      return `Added recipe ${reply.recipe.name} (${reply.recipe.risk}): ${reply.recipe.description}\n`;
    case 'event':
      return `${reply.event.at} ${reply.event.kind}${reply.event.service ? ` ${reply.event.service}` : ''}: ${reply.event.detail}\n`;
    case 'error':
      return `Error: ${reply.message} (${reply.code})\n`;
    default:
      return `${JSON.stringify(reply)}\n`;
  }
}

/** True when the reply means the operation failed. */
export function replyFailed(reply: Reply): boolean {
  return reply.type === 'error' || (reply.type === 'run_response' && !reply.ok);
}

// info always says what the CI runs on; status only speaks up when the isolation is weaker than usual.
function isolationLines(isolation: Isolation | undefined, always: boolean): string {
  if (!isolation) return '';
  const head = always
    ? `runtime: Node ${isolation.node}, CI UID ${isolation.uid}, recipe worker UID ${isolation.worker_uid}${isolation.worker_permission_model ? ' (permission model)' : ''}\n`
    : '';
  return head + isolation.notes.map((n) => `  ! ${n}\n`).join('');
}
