// A record of what happened in a simulated run, in order: messages sent and what became of
// them, state changes of each node, notes, and cluster-wide marks such as "partition".
//
// Notebooks draw it as a timeline (timeline-svg.ts), the website animates it, and tests compare
// it: two runs from the same seed produce the same `toJSONL()`, byte for byte.

export type MessageFate = "in-flight" | "delivered" | "dropped";

export interface MessageEvent {
  type: "message";
  /** Sequence number of the send, unique within a trace. */
  id: number;
  at: number;
  from: string;
  to: string;
  label: string;
  fate: MessageFate;
  deliveredAt?: number;
  droppedAt?: number;
  /** Why a message was dropped: "loss", "partition", "filter", "down". */
  reason?: string;
  /** Set on the extra copy that a duplicating link delivers. */
  duplicate?: boolean;
}

export interface StateEvent {
  type: "state";
  at: number;
  node: string;
  state: string;
}

export interface NoteEvent {
  type: "note";
  at: number;
  node: string;
  label: string;
}

export interface MarkEvent {
  type: "mark";
  at: number;
  label: string;
}

export type TraceEvent = MessageEvent | StateEvent | NoteEvent | MarkEvent;

export class Trace {
  readonly events: TraceEvent[] = [];
  private nextMessageId = 0;
  private readonly nodeOrder: string[] = [];

  constructor(private readonly now: () => number) {}

  /** A node takes a new state (follower, leader, Ready, ...); timelines colour its lane by it. */
  state(node: string, state: string): void {
    this.see(node);
    this.events.push({ type: "state", at: this.now(), node, state });
  }

  /** Something worth showing happened at a node. */
  note(node: string, label: string): void {
    this.see(node);
    this.events.push({ type: "note", at: this.now(), node, label });
  }

  /** Something happened to the whole system, such as a partition or a heal. */
  mark(label: string): void {
    this.events.push({ type: "mark", at: this.now(), label });
  }

  /** Records a send; the returned event is updated in place when its fate is known. */
  message(from: string, to: string, label: string): MessageEvent {
    this.see(from);
    this.see(to);
    const event: MessageEvent = { type: "message", id: ++this.nextMessageId, at: this.now(), from, to, label, fate: "in-flight" };
    this.events.push(event);
    return event;
  }

  /** Nodes in the order they first appeared: the lanes of a timeline. */
  nodes(): string[] {
    return [...this.nodeOrder];
  }

  messages(): MessageEvent[] {
    return this.events.filter((e): e is MessageEvent => e.type === "message");
  }

  /** One JSON object per line, keys in a fixed order: the byte-stable form of a run. */
  toJSONL(): string {
    return this.events.map((e) => JSON.stringify(e)).join("\n") + (this.events.length ? "\n" : "");
  }

  private see(node: string): void {
    if (!this.nodeOrder.includes(node)) this.nodeOrder.push(node);
  }
}
