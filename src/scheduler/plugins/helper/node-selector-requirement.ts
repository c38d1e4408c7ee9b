// One `matchExpressions` requirement of a node selector term against a node's labels: the six
// operators of node affinity, on their own so that they can be read, and replaced, in one place.
//
//   In, NotIn         the label's value is (not) one of `values`; NotIn also matches a node
//                     WITHOUT the label, which is how "keep off the nodes labelled X" is written
//   Exists,           the node has (does not have) the label, whatever its value
//   DoesNotExist
//   Gt, Lt            the label's value, read as an integer, is greater (less) than the single
//                     value; a node without the label, or with a value that is not an integer,
//                     does not match
//
// The requirement has been validated before this is called (node-selector.ts: a known operator,
// In and NotIn with at least one value, Gt and Lt with exactly one integer): a term that does not
// validate matches no node, and never gets here.
//
// Reference: k8s.io/apimachinery/pkg/labels/selector.go (Requirement.Matches), which
// k8s.io/component-helpers/scheduling/corev1/nodeaffinity converts node selector requirements
// into (nodeSelectorRequirementsAsSelector).
import type { NodeSelectorRequirement } from "kubernetes-types/core/v1";
import type { Labels } from "../../../api";

//> node-selector-requirement-matches
/** Does the node with these labels satisfy this (validated) node selector requirement? */
export function nodeSelectorRequirementMatches(req: NodeSelectorRequirement, labels: Labels): boolean {
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
      const actual = parseInt64(value);
      const wanted = parseInt64(values[0]!);
      if (actual === undefined || wanted === undefined) return false;
      return req.operator === "Gt" ? actual > wanted : actual < wanted;
    }
    default:
      return false;
  }
}

/** strconv.ParseInt(s, 10, 64), or undefined: "07" and "+7" parse, "7.0", "7Gi" and "" do not. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
}
//< node-selector-requirement-matches
