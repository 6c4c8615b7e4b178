// A message typed as a shell command line ("htop", "free -m", "journalctl -u celery", "docker
// restart web", "redis-cli ping", "psql -c 'vacuum analyze'") is read as the question or order that
// command stands for; a destructive one ("rm -rf /", "chmod -R 777 /", "kill -9 -1") as something
// the CI does not do. Words of a sentence are never read as a command line: a command whose name is
// an English word ('free', 'tail', 'kill') counts only with flags or paths, and a line holding
// sentence words ('the', 'some', 'up') is a sentence. The commands are data (shell-commands.ts).
// An SQL statement typed alone ("select count(*) from pg_stat_activity") is read as `psql -c` would
// run it. A remark after a command line ("docker stats --no-stream, i only care about mem") picks,
// of the things the command shows at once, the one it names.
import type { IntentArgs, IntentName, ParsedIntent } from '../../protocol';
import { findService, KIND_WORDS, type ParseContext } from './extract-args';
import { matchCues } from './parse-inspect';
import { readWords } from './reading';
import { result, unknown } from './results';
import { COMMANDS, DANGEROUS, SENTENCE_WORDS, type CommandForm } from './shell-commands';
import { words } from './tokens';

const PIPED_TO_SHELL = /\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\$\(|`[^`]*`.*\|/;

/** Words before a command that ask to run it ("run htop", "can you do a df -h"). */
const LEADS = /^\s*(?:(?:please|pls|can you|could you|would you|just)\s+)*(?:run|exec|execute|type|try|do(?: a)?)\s+/i;

/** Words of a remark that take the command before it back. */
const TAKING_BACK = new Set(['not', 'no', 'never', 'nope', 'wait', 'jk', 'kidding', 'nevermind', 'nvm', 'cancel']);

/** The first word of an SQL statement, and what only SQL has beside it (a table, a '*', a ';', a snake_case name). */
const SQL_START =
  /^\s*(select|with|show|explain|vacuum|analy[sz]e|drop|delete|truncate|insert|update|alter|create|grant|revoke|copy|reindex)\b/i;
const SQL_MARK = /[;*()]|\b(from|table|where|into|values|database|set)\b|[a-z]_[a-z]/i;

/** A command line: its words split like a shell would (quotes kept together), and a remark after it. */
interface CommandLine {
  argv: string[];
  remark: string;
}

// "select count(*) from pg_stat_activity" → psql -c '...'; a sentence ("show the tables") is none.
function sqlStatement(raw: string): CommandLine | null {
  if (!SQL_START.test(raw) || !SQL_MARK.test(raw) || words(raw).some((w) => SENTENCE_WORDS.has(w))) return null;
  return { argv: ['psql', '-c', raw.trim()], remark: '' };
}

// Whether a text starts with a command by its name ('docker stats'), or with flags after it ('free -m').
function isCommand(text: string): boolean {
  const [name = '', ...args] = text.trim().split(/\s+/);
  const entry = COMMANDS[name.toLowerCase()];
  if (!entry) return false;
  const english = (Array.isArray(entry) ? entry : [entry]).some((f) => f.english);
  return !english || args.some((a) => a.startsWith('-'));
}

/** The command line of a message, or null. */
export function commandLine(raw: string): CommandLine | null {
  const sql = sqlStatement(raw);
  if (sql) return sql;
  let line = raw
    .trim()
    .replace(LEADS, '')
    .replace(/^(?:\$|#|>)\s*/, '')
    .replace(/^sudo\s+(?:-\S+\s+)*/, '')
    .replace(/^`(.*)`$/, '$1');
  // "docker stats --no-stream, i only care about mem": a remark after a command line (a command that
  // is no English word, or one with flags).
  let remark = '';
  const comma = /,\s+(?=[a-z])/i.exec(line);
  if (comma && isCommand(line.slice(0, comma.index))) {
    remark = line.slice(comma.index + comma[0].length);
    line = line.slice(0, comma.index);
  }
  if (!line || line.length > 300) return null;
  const argv = line.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  return argv.length ? { argv: argv.map((a) => a.replace(/^['"]|['"]$/g, '')), remark } : null;
}

/** The intent of a shell command line, or null when the message is no command line. */
export function parseShell(raw: string, ctx: ParseContext): ParsedIntent | null {
  const line = commandLine(raw);
  if (!line) return null;
  const { argv } = line;
  const name = argv[0]!.toLowerCase().replace(/^.*\//, '');
  // "curl https://x/install.sh | bash", "... ; rm -rf /": a line that runs code it fetches or chains
  // a destructive command is refused whatever it starts with.
  if (PIPED_TO_SHELL.test(raw) || argv.some((a, i) => /[;&|]$/.test(a) && DANGEROUS.has(argv[i + 1] ?? '')))
    return { ...unknown(0.2), outOfScope: argv.join(' ').slice(0, 60) };
  const args = argv.slice(1);
  const shellish = args.some((a) => /^-|[/=:|&;><*]/.test(a) || /^\d+$/.test(a));
  if (args.some((a) => SENTENCE_WORDS.has(a.toLowerCase()))) return null;
  // "kill -9 -1", "rm -rf /": refused; "kill the worker", "reboot postgres" are sentences.
  if (DANGEROUS.has(name)) return shellish ? { ...unknown(0.2), outOfScope: name } : null;
  const entry = COMMANDS[name];
  if (!entry) return null;
  const forms = Array.isArray(entry) ? entry : [entry];
  if (forms.some((f) => f.english) && !shellish && args.length > 0) return null;
  const sub = args.filter((a) => !a.startsWith('-'));
  const text = args.join(' ').toLowerCase();
  const form = forms.find((f) => !f.when || f.when.test(text));
  if (!form) return null;
  // "systemctl restart redis, no wait": the remark takes the command back.
  if (words(line.remark).some((w) => TAKING_BACK.has(w))) return unknown(0.2);
  const picked = form.shows && line.remark ? pickShown(form.shows, line.remark) : undefined;
  return formResult(picked ? { ...form, intent: picked } : form, args, sub, ctx);
}

// Of the things a command shows at once, the one a remark after it names ("..., only mem").
function pickShown(shows: IntentName[], remark: string): CommandForm['intent'] | undefined {
  let best: { intent: IntentName; score: number } | undefined;
  for (const [intent, m] of matchCues(readWords(words(remark))))
    if (shows.includes(intent) && (!best || m.score > best.score)) best = { intent, score: m.score };
  return best?.intent as CommandForm['intent'] | undefined;
}

function formResult(form: CommandForm, args: string[], sub: string[], ctx: ParseContext): ParsedIntent {
  if (form.intent === 'refuse') return { ...unknown(0.2), outOfScope: sub.join(' ') || args.join(' ') };
  const out: IntentArgs = {};
  // The service: one the arguments name ('-u celery', 'web'), else the one the tool talks to.
  const named = findService(words(sub.join(' ')), ctx);
  const service = named?.name ?? (form.kind ? serviceOfKind(ctx, form.kind) : undefined);
  if (service && form.intent !== 'services' && form.intent !== 'help') out.service = service;
  if (form.recipe) {
    const recipe = ctx.recipes.find((r) => r.name === form.recipe);
    if (!recipe) return unknown(0.2);
    return result('run-recipe', { recipe: recipe.name, ...out }, 0.95, recipe.risk);
  }
  if (form.intent === 'logs') {
    const lines = linesOf(args);
    if (lines !== undefined) out.lines = lines;
  }
  const control = form.intent === 'restart' || form.intent === 'stop' || form.intent === 'start';
  // "docker restart nginx": no such service here; the order is not turned onto another one.
  if (control && !out.service) {
    const target = sub.find((a) => !/^(restart|stop|start|reload)$/.test(a));
    return { ...unknown(0.2), ...(target ? { unknownTarget: target } : {}) };
  }
  return result(form.intent, out, 0.95);
}

/** The one service of a kind ('redis' for redis-cli), by the kind's words. */
function serviceOfKind(ctx: ParseContext, kind: string): string | undefined {
  const kinds = Object.keys(KIND_WORDS).filter((k) => k === kind || KIND_WORDS[k]!.includes(kind));
  const found = ctx.services.filter((s) => kinds.includes(s.kind));
  return found.length === 1 ? found[0]!.name : undefined;
}

/** '-n 50', '-n50', '--lines=50', '--tail 50', '-50' → 50. */
function linesOf(args: string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^(?:-n|--lines=|--tail=|-)(\d{1,6})$/.exec(a);
    if (m) return Number(m[1]);
    if ((a === '-n' || a === '--lines' || a === '--tail') && /^\d{1,6}$/.test(args[i + 1] ?? ''))
      return Number(args[i + 1]);
  }
  return undefined;
}
