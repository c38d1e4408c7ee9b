// The filter chain as hono composes middleware: each phase is a function of the request context
// and `next`, the rest of the chain. A phase can answer by itself (401, 403) without calling
// `next`, or call it and look at, or replace, what the inner phases answered.
//
// Upstream builds the same thing inside out, by wrapping http.Handlers
// (k8s.io/apiserver/pkg/server/config.go, DefaultBuildHandlerChain); reading a list top to bottom
// is easier than reading wrappers bottom to top.

import type { ApiResponse, RequestContext } from "./request";

export type Next = () => Promise<ApiResponse>;

/** One phase of the pipeline. `name` labels its latency metric. */
export interface Phase {
  readonly name: string;
  run(ctx: RequestContext, next: Next): Promise<ApiResponse>;
}

/** Observes how long each phase spent on its own work, excluding the phases it called. */
export type PhaseObserver = (phase: string, selfMillis: number) => void;

//> compose
/**
 * Runs the phases in order; the last one's `next` answers `terminal`. Each phase's own time
 * (its total minus the time spent inside `next`) goes to `observe`, measured on `now`.
 */
export function compose(phases: readonly Phase[], now: () => number, observe: PhaseObserver, terminal: Next): (ctx: RequestContext) => Promise<ApiResponse> {
  return (ctx) => {
    const dispatch = async (i: number): Promise<ApiResponse> => {
      const phase = phases[i];
      if (phase === undefined) return terminal();
      const start = now();
      let inner = 0;
      let called = false;
      const next: Next = async () => {
        if (called) throw new Error(`phase ${phase.name} called next() twice`);
        called = true;
        const t = now();
        try {
          return await dispatch(i + 1);
        } finally {
          inner += now() - t;
        }
      };
      try {
        return await phase.run(ctx, next);
      } finally {
        observe(phase.name, now() - start - inner);
      }
    };
    return dispatch(0);
  };
}
//< compose
