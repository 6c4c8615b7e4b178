// Which lines of a failed run say why (supervisor/failure-quote.ts), on output captured from real
// runtimes: Python's tracebacks (with and without the "Traceback" header), an exception that names
// no "Error", Node's missing module, a Go panic, Java's "Caused by", a logger's ERROR line, and
// output with no error word at all.
import { describe, expect, it } from 'vitest';
import { quoteFailure } from '../../../ci-runtime/supervisor/failure-quote';

const lines = (text: string) => text.split('\n');

describe('quoting the error of a failed run', () => {
  it("takes a Python traceback's exception line with the frame that locates it", () => {
    const uvicorn = lines(`INFO:     Will watch for changes
Traceback (most recent call last):
  File "/usr/local/bin/uvicorn", line 8, in <module>
    sys.exit(main())
             ^^^^^^
  File "<frozen importlib._bootstrap_external>", line 1004, in source_to_code
  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed
  File "/app/main.py", line 3
    print("hello"
         ^
SyntaxError: '(' was never closed`);
    expect(quoteFailure(uvicorn)).toEqual({
      error: "SyntaxError: '(' was never closed",
      lines: ['  File "/app/main.py", line 3', '    print("hello"', '         ^', "SyntaxError: '(' was never closed"],
    });
  });

  it('finds a SyntaxError printed without a Traceback header (a script run directly)', () => {
    const direct = lines(`  File "/app/main.py", line 3
    print("hello"
         ^
SyntaxError: '(' was never closed`);
    expect(quoteFailure(direct).error).toBe("SyntaxError: '(' was never closed");
    expect(quoteFailure(direct).lines[0]).toBe('  File "/app/main.py", line 3');
  });

  it('takes the last line of a traceback even when the exception names no Error', () => {
    const celery = lines(`Traceback (most recent call last):
  File "/usr/local/bin/celery", line 5, in <module>
    from celery.__main__ import main
pkg_resources.ContextualVersionConflict: (kombu 5.2.0, Requirement.parse('kombu<6.0,>=5.3.4'), {'celery'})`);
    expect(quoteFailure(celery).error).toBe(
      "pkg_resources.ContextualVersionConflict: (kombu 5.2.0, Requirement.parse('kombu<6.0,>=5.3.4'), {'celery'})",
    );
  });

  it("takes V8's syntax error with the file, line, code and caret above it", () => {
    const v8 = lines(`/app/server.js:2
http.createServer((q, s) => s.end('ok')).listen(0;
                                                ^

SyntaxError: missing ) after argument list
    at wrapSafe (node:internal/modules/cjs/loader:1486:18)

Node.js v24.11.1`);
    expect(quoteFailure(v8)).toEqual({
      error: 'SyntaxError: missing ) after argument list',
      lines: [
        '/app/server.js:2',
        "http.createServer((q, s) => s.end('ok')).listen(0;",
        '                                                ^',
        'SyntaxError: missing ) after argument list',
      ],
    });
  });

  it("takes Node's error line, not the stack after it nor its own internals above it", () => {
    const node = lines(`node:internal/modules/cjs/loader:1210
  throw err;
  ^

Error: Cannot find module 'express'
Require stack:
- /app/server.js
    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)
    at Module._load (node:internal/modules/cjs/loader:1038:27) {
  code: 'MODULE_NOT_FOUND',
  requireStack: [ '/app/server.js' ]
}

Node.js v24.11.1`);
    expect(quoteFailure(node)).toEqual({
      error: "Error: Cannot find module 'express'",
      lines: ["Error: Cannot find module 'express'"],
    });
  });

  it("takes a Go panic and Java's root cause", () => {
    const go = lines(`listening on :8080
panic: runtime error: index out of range [3] with length 3

goroutine 1 [running]:
main.main()
	/app/main.go:9 +0x1d
exit status 2`);
    expect(quoteFailure(go).error).toBe('panic: runtime error: index out of range [3] with length 3');
    const java = lines(`Exception in thread "main" java.lang.IllegalStateException: boot failed
	at demo.App.main(App.java:12)
Caused by: java.io.FileNotFoundException: /app/config.yml (No such file or directory)
	at java.base/java.io.FileInputStream.open0(Native Method)`);
    expect(quoteFailure(java).error).toBe(
      'Caused by: java.io.FileNotFoundException: /app/config.yml (No such file or directory)',
    );
  });

  it("takes a logger's ERROR line, coloured or not, over the lines that follow it", () => {
    const celery = [
      '[2026-12-01 10:00:00,000: INFO/MainProcess] Connected to redis://127.0.0.1:6379/0',
      '\u001b[31m[2026-12-01 10:00:01,000: ERROR/MainProcess] consumer: Cannot connect to redis://127.0.0.1:6379/0\u001b[0m',
      'Trying again in 2.00 seconds... (1/100)',
    ];
    expect(quoteFailure(celery).error).toBe(
      '[2026-12-01 10:00:01,000: ERROR/MainProcess] consumer: Cannot connect to redis://127.0.0.1:6379/0',
    );
  });

  it('falls back to the last lines before the exit, ignores the CI own notes, and says null for silence', () => {
    const quiet = ['starting job', 'processed 3 items', '', 'bye', '[tekton-ci] job exited unexpectedly (exit code 0)'];
    expect(quoteFailure(quiet)).toEqual({ error: 'bye', lines: ['starting job', 'processed 3 items', 'bye'] });
    expect(quoteFailure(['[tekton-ci] web run 1 started (pid 7)'])).toEqual({ error: null, lines: [] });
    // A process killed by a signal had no last words: its last line is no error.
    expect(quoteFailure(['* Ready to accept connections'], { lastWords: false })).toEqual({ error: null, lines: [] });
    expect(quoteFailure(['panic: boom'], { lastWords: false }).error).toBe('panic: boom');
    // Words that only look like errors are not errors: "0 errors", "error_log", lowercase "errors".
    expect(quoteFailure(['compiled with 0 errors', 'error_log=/dev/stderr', 'done']).error).toBe('done');
  });
});
