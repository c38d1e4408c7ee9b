// Inter-pod anti-affinity, the Filter: may the pod run on this node, given the pods already
// running in the node's topology domains?
//
// Anti-affinity keeps pods apart: "no two replicas of web in the same zone" is
//
//   podAntiAffinity:
//     requiredDuringSchedulingIgnoredDuringExecution:
//     - labelSelector: { matchLabels: { app: web } }
//       topologyKey: topology.kubernetes.io/zone
//
// A topology DOMAIN is a (topologyKey, value) pair: every node labelled zone=a is in the domain
// (zone, a), whichever node it is. The pod may not run on a node whose domain already holds a pod
// the term selects. Two rules, both required:
//
//   1. the incoming pod's own terms: for each of its anti-affinity terms, no pod matching the term
//      may run in the node's domain for that term's topologyKey;
//   2. symmetry, the EXISTING pods' terms: a pod already running with anti-affinity against the
//      incoming pod keeps it out of that pod's domain, even if the incoming pod has no
//      anti-affinity at all (otherwise the order of creation would decide what is allowed).
//
// Counting is done for you, once per scheduling cycle (PreFilter, in
// src/scheduler/plugins/interpodaffinity/filtering.ts), so that Filter costs a few lookups per node
// instead of a scan of every pod in the cluster:
//
//   s.antiAffinityCounts          per domain, how many existing pods match one of the incoming
//                                 pod's anti-affinity terms (counted under that term's topologyKey)
//   s.existingAntiAffinityCounts  per domain, how many existing pods have an anti-affinity term
//                                 the incoming pod matches (counted under THEIR term's topologyKey)
//   counts.get(key, value)        the count for the domain (key, value); 0 if none
//   counts.size                   how many domains have a count at all
//
// A node without a label for the topologyKey is in no domain of that key: a term with that key
// cannot rule it out.
//
// Your functions replace satisfyPodAntiAffinity and satisfyExistingPodsAntiAffinity in
// src/scheduler/plugins/interpodaffinity/filtering.ts in the real scheduler: the InterPodAffinity
// plugin's Filter calls them for every node (plugin.ts), and the graded tests schedule whole
// clusters with them. filtering.ts is the course's own answer: try before you look at it.
import type { NodeInfo } from "../../src/scheduler/framework/node-info";
import type { PreFilterState } from "../../src/scheduler/plugins/interpodaffinity/filtering";

/**
 * Rule 1: true unless, for one of the incoming pod's anti-affinity terms
 * (`s.requiredAntiAffinityTerms`), the node's domain for the term's topologyKey already holds a
 * pod matching a term (`s.antiAffinityCounts`).
 */
export function satisfyPodAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  // SOLUTION BEGIN
  // TODO(anti-affinity-filter): for each term, read the node's label for term.topologyKey; if the
  // node has it and s.antiAffinityCounts.get(term.topologyKey, value) > 0, the node is ruled out.
  // Read: Kubernetes docs, "Assigning Pods to Nodes", "Inter-pod affinity and anti-affinity"
  // (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity);
  // pkg/scheduler/framework/plugins/interpodaffinity/filtering.go, satisfyPodAntiAffinity.
  // STUB: return false;
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = nodeInfo.node.metadata?.labels ?? {};
  for (const term of s.requiredAntiAffinityTerms) {
    const value = labels[term.topologyKey];
    if (value !== undefined && s.antiAffinityCounts.get(term.topologyKey, value) > 0) return false;
  }
  return true;
  // SOLUTION END
}

/**
 * Rule 2 (symmetry): true unless one of the node's domains holds an existing pod whose required
 * anti-affinity the incoming pod matches (`s.existingAntiAffinityCounts`). Those pods' terms may use
 * any topologyKey, so every label of the node is a domain to check.
 */
export function satisfyExistingPodsAntiAffinity(s: PreFilterState, nodeInfo: NodeInfo): boolean {
  // SOLUTION BEGIN
  // TODO(anti-affinity-filter): for every (key, value) label of the node, the node is ruled out if
  // s.existingAntiAffinityCounts.get(key, value) > 0. Read: the same docs section (anti-affinity is
  // symmetric); filtering.go, satisfyExistingPodsAntiAffinity and getExistingAntiAffinityCounts.
  // STUB: return false;
  if (s.existingAntiAffinityCounts.size === 0) return true;
  for (const [key, value] of Object.entries(nodeInfo.node.metadata?.labels ?? {})) {
    if (s.existingAntiAffinityCounts.get(key, value) > 0) return false;
  }
  return true;
  // SOLUTION END
}
