// What the fuzzer found before anything was fixed, what was fixed and with which test, and what is
// left: written once, by hand, when it happened (as "Security: attacks" keeps its first shot), so a
// rerun of the bench replaces its figures but never this record.

/** The first shot and the fixes, as paragraphs of the "Security: fuzzing" section. */
export const FUZZ_HISTORY: string[] = [
  '**First shot** (2026-12-07, seed 1631450745, 6000 NDJSON inputs and 3000 HTTP requests, on the code as it was): ' +
    '422 findings, no crash, no restart, no request answered without the token on either surface, no refused UI request ' +
    'that changed a file, the engine or the container. Found, each fixed by its mechanism and held by a test:',
  '1. A last request line without a newline, the client then ending its side (`printf \'{"type":"ping"}\' | nc -U ci.sock`), ' +
    "was never answered (333 of 333): the server did not read the splitter's last line at the end of the stream. " +
    '2. A request answered later (chat, run, recipe_add) from a client that ended its side lost its reply (35 of 333): the ' +
    'socket was not half-open, so the CI closed it with the reply still to come. ' +
    '3. A client pipelining a few thousand requests, reading every reply, was cut (13 of 333): every reply was produced at ' +
    'once and passed the 4 MiB meant for clients that read nothing. ' +
    '4. 600 connections trickling a line that never ends held every slot: the host\'s own ping and status got "too many ' +
    'connections", during the attack and in the check just after it. ' +
    '5. An id of `1e999` (JSON reads Infinity) was echoed as `null` (7). ' +
    '6. One connection could subscribe to events 100 000 times (+7 to +47 MB, and each event sent that often). ' +
    '7. `aish ui`: an id that is no valid percent-encoding (`%`, `%E0%A4%A`, `%c0%af`) gave 500 "URI malformed" (32).',
  'Found by later runs, once those were fixed: 8. a `run` whose `sender` was an array nested 30 000 deep gave an `internal` ' +
    'error (the audit log turned it into text and overflowed the stack; `sender` was the one field `run` did not check); ' +
    '9. `aish ui`: a body `{"text": {"toString": 1}}` gave 500, and `{"path": ["/tmp"]}` was taken as the folder `/tmp` ' +
    '(`String()` of whatever came).',
  "**Fixed**: the CI's connections (`ci-runtime/server/connection.ts`) are half-open, read the last line at the end of the " +
    'stream and end only after the last reply owed; a reply waits until the client has read all but 256 KiB, the CI stops ' +
    'reading past 256 queued lines or 256 KiB, and a client that reads nothing for 30 s is cut; `events` once per connection; ' +
    'at 512 connections the one idle the longest makes room (`idle-connection.ts`), a newcomer is refused only when every ' +
    "connection is working; an id must be a string or a finite number; `run`'s `sender` must be text, and the audit log " +
    'records a field that is no text as `[array]`/`[object]`. The UI decodes path segments once, a bad one is a 400 naming ' +
    'it; body fields must be text (400 naming the field). Tests: `test/unit/ci-runtime/server-connections.test.ts` (1 to 6, ' +
    'each failing on the old server), `test/unit/ci-runtime/request-validation.test.ts` (5, 8), ' +
    '`test/unit/security/audit-log.test.ts` (8), `test/e2e/ui-http.test.ts` (7, 9).',
  "**Left**: under the pipelined and concurrent classes the CI's RSS grows from about 60 MB to 200 to 250 MB and stays there " +
    '(V8 keeps the heap it grew; it levels off, and a garbage collection brings the used heap back to a few MB, so it is no ' +
    'leak, but it is far above the idle figure of "Container CI"). An early answer of the UI (413, 404) to a client still ' +
    'sending a large body with `Connection: close` is sometimes lost to the TCP reset of the close ("reset while sending the ' +
    'body"); with keep-alive, as browsers send, it arrives (6 of 6 413s). "connect failed: EAGAIN" is the kernel\'s listen ' +
    'backlog during the 2000-connection burst, before the CI sees a connection.',
];
