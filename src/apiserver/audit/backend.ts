// Audit backends: where events go. Upstream has a log backend (--audit-log-path: one JSON object
// per line, appended to a file) and a webhook backend (batches POSTed to a remote service).
// Here the log backend writes to an injected sink, so a test, a notebook cell or a file can
// receive the lines.
//
// Upstream: k8s.io/apiserver/plugin/pkg/audit/log/backend.go (logEvent: the JSON and "\n").
//
// SIMPLIFICATION: synchronous and unbuffered; upstream wraps backends in a buffered, batching
// layer (plugin/pkg/audit/buffered) so that a slow disk never blocks a request.

import type { AuditEvent } from "./event";

export interface AuditBackend {
  processEvents(...events: AuditEvent[]): void;
}

/** Where the log lines go: `write` receives one JSON object followed by "\n". */
export interface AuditSink {
  write(line: string): void;
}

/** The log backend, format "json". */
export function logBackend(sink: AuditSink): AuditBackend {
  return {
    processEvents(...events) {
      for (const e of events) sink.write(`${JSON.stringify(e)}\n`);
    },
  };
}

/** A sink that keeps the lines, for tests and notebooks. */
export class MemorySink implements AuditSink {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  /** The events written so far, parsed back. */
  events(): AuditEvent[] {
    return this.lines.map((l) => JSON.parse(l) as AuditEvent);
  }
}
