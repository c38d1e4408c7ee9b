// The Node authorizer: what a kubelet may read and write. Kubelets authenticate as
// `system:node:<nodeName>` in group `system:nodes`; a compromised node should reach only what
// its own pods need: its own Node object, the pods bound to it, and the Secrets and ConfigMaps
// those pods reference; not every Secret in the cluster.
//
// Upstream: k8s.io/kubernetes/plugin/pkg/auth/authorizer/node/node_authorizer.go (and
// graph.go, the node -> pod -> secret/configmap/pvc graph kept up to date by informers),
// pkg/auth/nodeidentifier (who is a node). It is used as --authorization-mode=Node,RBAC: Node
// answers Allow or NoOpinion (with a reason), and RBAC's system:node role covers the rest.
//
// SIMPLIFICATION: the graph is computed from the pods on each request instead of maintained
// incrementally; it covers pods, secrets, configmaps and leases, not PVCs, PVs, ResourceSlices,
// VolumeAttachments, CSINodes or ServiceAccount token requests. The writes that upstream's
// NodeRestriction admission plugin limits (a node may only modify its own Node and the status
// of its own pods) are folded in here.

import type { Pod } from "kubernetes-types/core/v1";
import { NodesGroup, type RequestAttributes, type UserInfo } from "../types";
import { allow, type AuthorizerResult, noOpinion, type SyncAuthorizer } from "./authorizer";

const nodeUserNamePrefix = "system:node:";
const NamespaceNodeLease = "kube-node-lease";

/** nodeidentifier.NodeIdentity: the node name, or undefined if the user is not a node. */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.name.startsWith(nodeUserNamePrefix) || !user.groups.includes(NodesGroup)) return undefined;
  return user.name.slice(nodeUserNamePrefix.length);
}

/** What the graph is built from: the pods as the informer sees them. */
export interface NodeGraphSource {
  listPods(): Iterable<Pod>;
}

/** The names of the Secrets or ConfigMaps a pod references (volumes, env, envFrom, image pull secrets). */
export function podReferences(pod: Pod, kind: "secrets" | "configmaps"): Set<string> {
  const out = new Set<string>();
  const spec = pod.spec;
  if (spec === undefined) return out;
  const add = (name: string | undefined) => { if (name) out.add(name); };
  for (const v of spec.volumes ?? []) {
    if (kind === "secrets") add(v.secret?.secretName);
    else add(v.configMap?.name);
    for (const p of v.projected?.sources ?? []) add(kind === "secrets" ? p.secret?.name : p.configMap?.name);
  }
  for (const c of [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c.envFrom ?? []) add(kind === "secrets" ? e.secretRef?.name : e.configMapRef?.name);
    for (const e of c.env ?? []) add(kind === "secrets" ? e.valueFrom?.secretKeyRef?.name : e.valueFrom?.configMapKeyRef?.name);
  }
  if (kind === "secrets") for (const s of spec.imagePullSecrets ?? []) add(s.name);
  return out;
}

export function nodeAuthorizer(graph: NodeGraphSource): SyncAuthorizer {
  const podsOn = (nodeName: string, namespace: string): Pod[] =>
    [...graph.listPods()].filter((p) => p.spec?.nodeName === nodeName && (p.metadata?.namespace ?? "") === namespace);
  const noRelationship = (nodeName: string) => noOpinion(`no relationship found between node '${nodeName}' and this object`);

  //> node-authorize
  function authorize(attrs: RequestAttributes): AuthorizerResult {
    const nodeName = nodeIdentity(attrs.user);
    if (nodeName === undefined) return noOpinion(); // not a node: not our business
    if (nodeName === "") return noOpinion(`unknown node for user ${JSON.stringify(attrs.user.name)}`);
    if (!attrs.isResourceRequest || attrs.apiGroup !== (attrs.resource === "leases" ? "coordination.k8s.io" : "")) return noOpinion();
    switch (attrs.resource) {
      case "nodes": return authorizeNode(nodeName, attrs);
      case "pods": return authorizePod(nodeName, attrs);
      case "secrets":
      case "configmaps": return authorizeReadNamespacedObject(nodeName, attrs);
      case "leases": return authorizeLease(nodeName, attrs);
      default: return noOpinion(); // other resources are left to RBAC
    }
  }
  //< node-authorize

  function authorizeNode(nodeName: string, attrs: RequestAttributes): AuthorizerResult {
    switch (attrs.verb) {
      case "get": case "list": case "watch":
        if (attrs.name === nodeName) return allow();
        if (attrs.name === "") return noOpinion(`node '${nodeName}' cannot read all nodes, only its own Node object`);
        return noOpinion(`node '${nodeName}' cannot read '${attrs.name}', only its own Node object`);
      case "create": case "update": case "patch":
        // NodeRestriction: only its own Node, and its status.
        if (attrs.name === nodeName && (attrs.subresource === "" || attrs.subresource === "status")) return allow();
        return noOpinion(`node '${nodeName}' can only modify its own Node object`);
      default:
        return noOpinion();
    }
  }

  function authorizePod(nodeName: string, attrs: RequestAttributes): AuthorizerResult {
    const bound = () => podsOn(nodeName, attrs.namespace).some((p) => p.metadata?.name === attrs.name);
    switch (attrs.verb) {
      case "get":
        if (attrs.subresource !== "") return noOpinion();
        return attrs.name !== "" && bound() ? allow() : noRelationship(nodeName);
      case "list": case "watch":
        // SIMPLIFICATION: upstream allows these with the field selector spec.nodeName=<node>;
        // RequestAttributes carries no selectors here, so the decision is left to RBAC.
        return noOpinion("can only list/watch pods with spec.nodeName field selector");
      case "update": case "patch":
        if (attrs.subresource !== "status") return noOpinion();
        return bound() ? allow() : noRelationship(nodeName);
      default:
        return noOpinion();
    }
  }

  function authorizeReadNamespacedObject(nodeName: string, attrs: RequestAttributes): AuthorizerResult {
    if (attrs.verb !== "get" && attrs.verb !== "list" && attrs.verb !== "watch") return noOpinion("can only read resources of this type");
    if (attrs.subresource !== "") return noOpinion("cannot read subresource");
    if (attrs.namespace === "") return noOpinion("can only read namespaced object of this type");
    if (attrs.name === "") return noOpinion("No Object name found");
    const kind = attrs.resource as "secrets" | "configmaps";
    const related = podsOn(nodeName, attrs.namespace).some((p) => podReferences(p, kind).has(attrs.name));
    return related ? allow() : noRelationship(nodeName);
  }

  function authorizeLease(nodeName: string, attrs: RequestAttributes): AuthorizerResult {
    if (!["get", "create", "update", "patch", "delete"].includes(attrs.verb)) {
      return noOpinion("can only get, create, update, patch, or delete a node lease");
    }
    if (attrs.namespace !== NamespaceNodeLease) return noOpinion(`can only access leases in the "${NamespaceNodeLease}" system namespace`);
    // On create the name is in the body, not the URL; NodeRestriction checks it.
    if (attrs.verb !== "create" && attrs.name !== nodeName) {
      return noOpinion("can only access node lease with the same name as the requesting node");
    }
    return allow();
  }

  return { name: "Node", authorize };
}
