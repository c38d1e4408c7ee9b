// ABAC, the oldest authorization mode: a file (--authorization-policy-file) with one JSON policy
// per line, read at start-up:
//
//   {"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy",
//    "spec": {"user": "alice", "namespace": "*", "resource": "*", "apiGroup": "*"}}
//   {"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy",
//    "spec": {"group": "system:authenticated", "readonly": true, "nonResourcePath": "*"}}
//
// A request is allowed if any line matches its user/group, its verb (a `readonly` policy matches
// only get, list and watch) and its namespace/resource/apiGroup (or non-resource path). Changing
// the policy means restarting the API server, which is why RBAC (API objects, live) replaced it.
//
// Upstream: k8s.io/kubernetes/pkg/auth/authorizer/abac/abac.go and pkg/apis/abac (v1beta1
// conversion: a "*" user or group means every authenticated user).
// SIMPLIFICATION: the unversioned v0 format (no apiVersion) is not accepted.

import { AllAuthenticated, type RequestAttributes, type UserInfo } from "../types";
import { allow, isReadOnly, type SyncAuthorizer, noOpinion } from "./authorizer";

export interface AbacPolicySpec {
  user?: string;
  group?: string;
  readonly?: boolean;
  apiGroup?: string;
  resource?: string;
  namespace?: string;
  nonResourcePath?: string;
}

export class AbacPolicyError extends Error {
  override readonly name = "AbacPolicyError";
}

/** Parses the policy file: blank lines and lines starting with # are skipped. */
export function parseAbacPolicyFile(text: string, path = "policy.jsonl"): AbacPolicySpec[] {
  const policies: AbacPolicySpec[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const fail = (why: string) => new AbacPolicyError(`error reading policy file ${path}, line ${i + 1}: ${trimmed}: ${why}`);
    let obj: unknown;
    try {
      obj = JSON.parse(trimmed);
    } catch (e) {
      throw fail((e as Error).message);
    }
    const policy = obj as { apiVersion?: unknown; kind?: unknown; spec?: unknown };
    if (policy.apiVersion !== "abac.authorization.kubernetes.io/v1beta1" || policy.kind !== "Policy") {
      throw fail(`expected apiVersion "abac.authorization.kubernetes.io/v1beta1" and kind "Policy"`);
    }
    if (typeof policy.spec !== "object" || policy.spec === null) throw fail("spec is required");
    const spec = { ...(policy.spec as AbacPolicySpec) };
    // v1beta1 conversion: "*" as user or group means all authenticated users.
    if (spec.user === "*" || spec.group === "*") {
      spec.group = AllAuthenticated;
      spec.user = "";
    }
    policies.push(spec);
  });
  return policies;
}

function subjectMatches(p: AbacPolicySpec, user: UserInfo): boolean {
  let matched = false;
  if (p.user) {
    if (p.user === "*") matched = true;
    else if (p.user === user.name) matched = true;
    else return false;
  }
  if (p.group) {
    if (p.group === "*" || user.groups.includes(p.group)) matched = true;
    else return false;
  }
  return matched;
}

const wild = (pattern: string | undefined, value: string) => pattern === "*" || (pattern ?? "") === value;

function resourceMatches(p: AbacPolicySpec, a: RequestAttributes): boolean {
  return a.isResourceRequest && wild(p.namespace, a.namespace) && wild(p.resource, a.resource) && wild(p.apiGroup, a.apiGroup);
}

function nonResourceMatches(p: AbacPolicySpec, a: RequestAttributes): boolean {
  if (a.isResourceRequest) return false;
  const path = p.nonResourcePath ?? "";
  if (path === "*" || path === a.path) return true;
  return path.endsWith("*") && a.path.startsWith(path.replace(/\*+$/, ""));
}

//> abac-matches
export function abacMatches(p: AbacPolicySpec, a: RequestAttributes): boolean {
  const verbOk = isReadOnly(a.verb) || !p.readonly;
  return subjectMatches(p, a.user) && verbOk && (resourceMatches(p, a) || nonResourceMatches(p, a));
}
//< abac-matches

export function abacAuthorizer(policies: readonly AbacPolicySpec[]): SyncAuthorizer {
  return {
    name: "ABAC",
    authorize: (attrs) => (policies.some((p) => abacMatches(p, attrs)) ? allow() : noOpinion("No policy matched.")),
  };
}
