// The Node authorization mode as kube-apiserver runs it: the graph decides what it knows (a
// node's own Node object, the pods bound to it, the Secrets, ConfigMaps and Lease they need);
// everything else a kubelet does is checked against the static NodeRules (list services, create
// events, list pods...). That is why upstream's system:node ClusterRoleBinding has no subjects.
//
// Upstream: plugin/pkg/auth/authorizer/node/node_authorizer.go (Authorize: the graph's resources
// first, then `rbac.RulesAllow(attrs, r.nodeRules...)`).
//
// SIMPLIFICATION: listing and watching pods and creating the Node are decided by NodeRules, as
// before v1.32's AuthorizeNodeWithSelectors (which allows pod lists only with a
// spec.nodeName=<node> field selector); node.ts does not see selectors.

import { allow, noOpinion, type Authorizer } from "../authz/authorizer";
import { nodeAuthorizer, nodeIdentity, type NodeGraphSource } from "../authz/node";
import { ruleAllows } from "../authz/rbac-rules";
import { cannotResolveRules, type SubjectRuleResolver } from "../authz/rule-resolver";
import type { RequestAttributes } from "../types";
import { nodeRules } from "./bootstrap-policy";

/** Requests the graph (node.ts) decides alone. */
function graphDecides(a: RequestAttributes): boolean {
  if (!a.isResourceRequest) return false;
  if (a.apiGroup === "" && (a.resource === "secrets" || a.resource === "configmaps")) return true;
  if (a.apiGroup === "coordination.k8s.io" && a.resource === "leases") return true;
  if (a.apiGroup === "" && a.resource === "nodes") return a.verb !== "create";
  if (a.apiGroup === "" && a.resource === "pods") return a.subresource === "status" || (a.verb === "get" && a.subresource === "");
  return false;
}

//> apiserver-node-authorizer
export function nodeModeAuthorizer(graph: NodeGraphSource): Authorizer & SubjectRuleResolver {
  const byGraph = nodeAuthorizer(graph);
  const rules = nodeRules();
  return {
    name: "Node",
    authorize(attrs) {
      if (nodeIdentity(attrs.user) === undefined) return noOpinion();
      if (graphDecides(attrs)) return byGraph.authorize(attrs);
      return rules.some((r) => ruleAllows(attrs, r)) ? allow() : noOpinion();
    },
    // NodeAuthorizer.RulesFor: a node's permissions depend on the graph, so they are not listed.
    rulesFor: (user) => nodeIdentity(user) === undefined ? { resourceRules: [], nonResourceRules: [], incomplete: false } : cannotResolveRules("node"),
  };
}
//< apiserver-node-authorizer
