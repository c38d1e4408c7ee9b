// A watch as a response: the storage watch's events, each encoded as the client asked (the
// object, or a one-row Table for `kubectl get -w`), pushed to whoever subscribes, until the
// client stops, the storage watch ends (an ERROR event), or the timeout passes.
//
//   GET /api/v1/namespaces/default/pods?watch=true&resourceVersion=42&allowWatchBookmarks=true
//   {"type":"ADDED","object":{"kind":"Pod",...}}
//   {"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"57"}}}
//
// Upstream: k8s.io/apiserver/pkg/endpoints/handlers/watch.go (serveWatch: the timeout, the
// per-event encoding) and get.go (ListResource: a watch without timeoutSeconds lasts a random
// time between minRequestTimeout and twice that, 30 to 60 minutes, so that clients reconnect
// and spread across API servers).
//
// Events that arrive before anyone subscribes are buffered, so none is lost between the
// response and the subscription.

import type { RandomSource } from "../../api/names";
import type { Clock, TimerId } from "../../sim/clock";
import type { ResponseStream } from "../pipeline/request";
import type { Watch, WatchEvent } from "../storage/interfaces";

/** --min-request-timeout's default: 1800 s. */
export const MIN_REQUEST_TIMEOUT_SECONDS = 1800;

export type WireEvent = { type: string; object: unknown };

export interface WatchStreamOptions {
  clock: Clock;
  rng: RandomSource;
  /** The client's timeoutSeconds; undefined: 30 to 60 minutes, at random. */
  timeoutSeconds: number | undefined;
  /** Encodes each event's object for the wire (adds kind, makes a Table...). */
  encode: (event: WatchEvent) => WireEvent;
}

export class WatchStream implements ResponseStream {
  private buffer: WireEvent[] = [];
  private onEvent: ((event: WireEvent) => void) | undefined;
  private onEnd: (() => void) | undefined;
  private ended = false;
  private timer: TimerId | undefined;
  private watch: Watch | undefined;

  constructor(private readonly o: WatchStreamOptions) {
    const seconds = o.timeoutSeconds !== undefined && o.timeoutSeconds > 0
      ? o.timeoutSeconds
      : MIN_REQUEST_TIMEOUT_SECONDS + o.rng.int(0, MIN_REQUEST_TIMEOUT_SECONDS);
    this.timer = o.clock.setTimer(seconds * 1000, () => this.end(), "watch timeout");
  }

  /** Connects the storage watch; call from its onEvent, or after it is created. */
  attach(watch: Watch): void {
    this.watch = watch;
    if (this.ended) watch.stop();
    else if (watch.stopped) this.end();
  }

  /** The storage watch's onEvent. */
  push(event: WatchEvent): void {
    if (this.ended) return;
    const wire = this.o.encode(event);
    if (this.onEvent !== undefined) this.onEvent(wire);
    else this.buffer.push(wire);
    // An ERROR is the last event of its watch.
    if (event.type === "ERROR") this.end();
  }

  subscribe(onEvent: (event: WireEvent) => void, onEnd: () => void): () => void {
    if (this.onEvent !== undefined) throw new Error("a watch response can be subscribed to once");
    this.onEvent = onEvent;
    this.onEnd = onEnd;
    for (const e of this.buffer.splice(0)) onEvent(e);
    if (this.ended) onEnd();
    return () => this.end();
  }

  /** Stops the storage watch and the timer; tells the subscriber, once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.watch?.stop();
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.onEnd?.();
  }
}
