// Helpers for chapter 4's graded scheduler exercises: small clusters on the in-memory driver
// (src/scheduler/driver/in-memory.ts), which runs the real scheduler (queue, framework, the default
// plugins, preemption) with no API server. The graded tests replace one small module of that
// scheduler with your code (vi.mock), then schedule whole clusters: a wrong rule shows up as pods
// in the wrong place, and the message says which rule and where to read about it.
//
// This file is not an exercise; you do not need to change it.
import type { Node, Pod } from "kubernetes-types/core/v1";
import { InMemoryCluster, type InMemoryClusterOptions } from "../../../src/scheduler/driver/in-memory";
import { LabelTopologyZone } from "../../../src/scheduler/framework/snapshot";
import { makeNode, makePod, type NodeWrapper, type PodWrapper } from "../../../src/scheduler/testing/wrappers";
import type { ScheduleResult } from "../../../src/scheduler/scheduler";

export { InMemoryCluster, LabelTopologyZone, makeNode, makePod, type NodeWrapper, type PodWrapper, type ScheduleResult };

/** A cluster of these nodes and (bound) pods, replayable from the seed. */
export function cluster(nodes: Node[], opts: Omit<InMemoryClusterOptions, "nodes"> = {}): InMemoryCluster {
  return new InMemoryCluster({ seed: 1, ...opts, nodes });
}

/** `n` nodes named `${prefix}-0` .. with this capacity; `shape` adds labels, taints... */
export function nodes(n: number, prefix: string, capacity: Record<string, string>, shape: (w: NodeWrapper, i: number) => NodeWrapper = (w) => w): Node[] {
  return Array.from({ length: n }, (_, i) => shape(makeNode().name(`${prefix}-${i}`).capacity(capacity), i).obj());
}

/** Nodes spread over zones: `perZone` in each, named `${zone}-${i}`, labelled with the zone. */
export function zonedNodes(zones: readonly string[], perZone: number, capacity: Record<string, string> = { cpu: "4", memory: "16Gi" }): Node[] {
  return zones.flatMap((z) => nodes(perZone, z, capacity, (w) => w.label(LabelTopologyZone, z)));
}

/** The node a pod (by name, in namespace default) is bound to, or undefined. */
export function nodeOf(c: InMemoryCluster, podName: string, namespace = "default"): string | undefined {
  return c.pods.get(`${namespace}/${podName}`)?.spec?.nodeName;
}

/** How many pods each node runs (every node listed, 0 included). */
export function podsPerNode(c: InMemoryCluster): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, pods] of c.podsByNode()) out.set(name, pods.length);
  return out;
}

/** The label of a node. */
export function labelOf(c: InMemoryCluster, nodeName: string | undefined, key: string): string | undefined {
  return c.snapshot.get(nodeName ?? "")?.node.metadata?.labels?.[key];
}

/** "a-0: 3, a-1: 2, ..." for failure messages. */
export function show(counts: Map<string, number>): string {
  return [...counts].map(([k, v]) => `${k}: ${v}`).join(", ");
}

/** A pod named `name` with cpu and memory requests. */
export function pod(name: string, cpu = "500m", memory = "512Mi"): PodWrapper {
  return makePod().name(name).req({ cpu, memory });
}

/** The results that did not end in a binding, as "pod: message" lines. */
export function failures(results: readonly ScheduleResult[]): string {
  return results.filter((r) => r.outcome !== "Scheduled").map((r) => `${r.pod}: ${r.message ?? r.outcome}`).join("\n");
}

export type { Pod };
