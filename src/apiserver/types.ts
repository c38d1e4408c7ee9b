// The vocabulary the API server's phases share: who is asking (user.Info), what they ask
// (authorizer.Attributes), and what admission sees (admission.Attributes). Names and shapes follow
// k8s.io/apiserver: pkg/authentication/user, pkg/authorization/authorizer, pkg/admission.
//
// SIMPLIFICATION: objects are plain JSON values typed loosely as `KubeObject`; upstream converts
// between versioned and internal Go types at each step.

/** The authenticated user (k8s.io/apiserver/pkg/authentication/user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Well-known users and groups (k8s.io/apiserver/pkg/authentication/user). */
export const SystemPrivilegedGroup = "system:masters";
export const AllAuthenticated = "system:authenticated";
export const AllUnauthenticated = "system:unauthenticated";
export const Anonymous = "system:anonymous";
export const NodesGroup = "system:nodes";
export const ServiceAccountUsernamePrefix = "system:serviceaccount:";
export const ServiceAccountGroupPrefix = "system:serviceaccounts:";
export const AllServiceAccountsGroup = "system:serviceaccounts";

/**
 * What an HTTP request asks to do, as the authorizers see it
 * (k8s.io/apiserver/pkg/authorization/authorizer.AttributesRecord).
 * Resource requests have verb get|list|watch|create|update|patch|delete|deletecollection (or a
 * special verb: impersonate, escalate, bind, use, approve); non-resource requests (`/healthz`,
 * `/version`) carry the lower-cased HTTP method as verb and a `path`.
 */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  isResourceRequest: boolean;
  /** For non-resource requests: the URL path, such as "/healthz". */
  path: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
}

export type Decision = "Allow" | "Deny" | "NoOpinion";

export interface AuthorizationResult {
  decision: Decision;
  /** Why, in the authorizer's words; shown in the Forbidden message when nobody allowed. */
  reason: string;
}

export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

/** A Kubernetes object as JSON: apiVersion, kind, metadata and the rest. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    ownerReferences?: unknown[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** What admission plugins see (k8s.io/apiserver/pkg/admission.Attributes). */
export interface AdmissionAttributes {
  operation: Operation;
  /** The object being written; mutating plugins may change it. Undefined for DELETE. */
  object: KubeObject | undefined;
  /** The stored object, for UPDATE and DELETE. */
  oldObject: KubeObject | undefined;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subresource: string;
  namespace: string;
  name: string;
  userInfo: UserInfo;
  dryRun: boolean;
}
