// Node affinity: does a node's labels satisfy one `matchExpressions` requirement?
//
// A pod chooses nodes by their labels. `nodeSelector: { disktype: ssd }` asks for exact labels;
// node affinity says more with requirements of the form { key, operator, values }:
//
//   affinity:
//     nodeAffinity:
//       requiredDuringSchedulingIgnoredDuringExecution:      # a Filter: other nodes are out
//         nodeSelectorTerms:                                 # terms are ORed
//         - matchExpressions:                                # requirements in a term are ANDed
//           - { key: topology.kubernetes.io/zone, operator: In, values: [a, b] }
//           - { key: cpu-generation, operator: Gt, values: ["9"] }
//       preferredDuringSchedulingIgnoredDuringExecution:     # a Score: matching terms add weight
//       - { weight: 50, preference: { matchExpressions: [...] } }
//
// The ORs, ANDs, `matchFields` and validation are done for you
// (src/scheduler/plugins/helper/node-selector.ts); you write the six operators:
//
//   In            the node has the label, and its value is one of `values`
//   NotIn         the node does NOT have the label, or its value is none of `values`
//   Exists        the node has the label (any value, the empty string included)
//   DoesNotExist  the node does not have the label
//   Gt, Lt        the node has the label, its value is an integer, and it is greater (less) than
//                 the one integer in `values`; compared as numbers: "10" is greater than "9"
//
// Your function is called only with requirements that passed validation: In and NotIn have at
// least one value, Exists and DoesNotExist none, Gt and Lt exactly one, which is an integer. The
// node's label values are not validated that way: a node may well be labelled "cpu-generation: new".
//
// Your function replaces src/scheduler/plugins/helper/node-selector-requirement.ts in the real
// scheduler: NodeAffinity's Filter and Score, and PodTopologySpread's node inclusion policy, call
// it. src/scheduler/plugins/helper/node-selector-requirement.ts is the course's own answer: try
// before you look at it.
import type { NodeSelectorRequirement } from "kubernetes-types/core/v1";
import type { Labels } from "../../src/api";

/**
 * Does a node with these labels satisfy the requirement? For example
 * `{ key: "zone", operator: "NotIn", values: ["a"] }` is satisfied by `{ zone: "b" }` and by a
 * node with no zone label at all, and `{ key: "gen", operator: "Gt", values: ["9"] }` by
 * `{ gen: "10" }`.
 */
export function nodeSelectorRequirementMatches(req: NodeSelectorRequirement, labels: Labels): boolean {
  // SOLUTION BEGIN
  // TODO(node-affinity-match): switch on req.operator; "has the label" is Object.hasOwn(labels,
  // req.key). For Gt and Lt, parse both sides as integers and return false if either is not one.
  // Read: Kubernetes docs, "Assigning Pods to Nodes", section "Node affinity" and its operator table
  // (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#operators);
  // k8s.io/apimachinery/pkg/labels/selector.go, Requirement.Matches.
  // STUB: return false;
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key] ?? "";
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return has && values.includes(value);
    case "NotIn":
      return !has || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || values.length !== 1) return false;
      const actual = parseInteger(value);
      const wanted = parseInteger(values[0]!);
      if (actual === undefined || wanted === undefined) return false;
      return req.operator === "Gt" ? actual > wanted : actual < wanted;
    }
    default:
      return false;
  }
  // SOLUTION END
}

/**
 * A whole decimal integer that fits in 64 bits ("42", "-7", "0206"), or undefined ("4.2", "4Gi",
 * "", "new"): what Go's strconv.ParseInt(s, 10, 64) accepts.
 */
function parseInteger(s: string): bigint | undefined {
  // SOLUTION BEGIN
  // TODO(node-affinity-match): if you want a helper to read integers, write it here. Careful:
  // JavaScript's parseInt("4Gi") is 4 and Number("") is 0, where Go refuses both.
  // STUB: return undefined;
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
  // SOLUTION END
}
