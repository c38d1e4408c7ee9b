// The objects of dynamic admission control: MutatingWebhookConfiguration and
// ValidatingWebhookConfiguration (admissionregistration.k8s.io/v1) and the AdmissionReview
// (admission.k8s.io/v1) sent to a webhook and returned by it.
//
// Reference: k8s.io/api/admissionregistration/v1/types.go and k8s.io/api/admission/v1/types.go.

import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { ApiStatus } from "../../../api/status";
import type { KubeObject, Operation } from "../../types";

export interface RuleWithOperations {
  /** CREATE, UPDATE, DELETE, CONNECT or "*". */
  operations: (Operation | "*")[];
  apiGroups: string[];
  apiVersions: string[];
  /** "pods", "pods/status", "pods/*", "*" (main resources only), "*\/*" (everything). */
  resources: string[];
  /** "Cluster", "Namespaced" or "*" (the default). */
  scope?: "Cluster" | "Namespaced" | "*";
}

export interface WebhookClientConfig {
  url?: string;
  service?: { namespace: string; name: string; path?: string; port?: number };
  caBundle?: string;
}

export interface Webhook {
  /** A fully qualified name, e.g. "sidecar-injector.example.com". */
  name: string;
  clientConfig: WebhookClientConfig;
  rules: RuleWithOperations[];
  /** What to do when the webhook cannot be called or answers nonsense. Default "Fail". */
  failurePolicy?: "Fail" | "Ignore";
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  /** "None" or "NoneOnDryRun" lets the webhook see dry-run requests. */
  sideEffects?: "None" | "NoneOnDryRun" | "Some" | "Unknown";
  /** Default 10 seconds; enforced by the transport. */
  timeoutSeconds?: number;
  admissionReviewVersions: string[];
}

export interface WebhookConfiguration {
  apiVersion?: "admissionregistration.k8s.io/v1";
  kind?: "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration";
  metadata: { name: string };
  webhooks: Webhook[];
}

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind: { group: string; version: string; kind: string };
  requestResource: { group: string; version: string; resource: string };
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo: { username: string; uid?: string; groups: string[]; extra?: Record<string, string[]> };
  object: KubeObject | null;
  oldObject: KubeObject | null;
  dryRun: boolean;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  /** Why it was refused; `code` and `message` are shown to the client. */
  status?: Partial<ApiStatus>;
  /** Base64 of a JSON Patch document; mutating webhooks only. */
  patch?: string;
  patchType?: "JSONPatch";
  auditAnnotations?: Record<string, string>;
  warnings?: string[];
}

export interface AdmissionReview {
  apiVersion: "admission.k8s.io/v1";
  kind: "AdmissionReview";
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

/**
 * How the API server reaches a webhook: send a review, get back the decoded JSON reply. The
 * in-process transport calls a function; the HTTPS one (a later part) POSTs to the URL or
 * Service and enforces `timeoutSeconds`. Throwing means "could not call it": the failure
 * policy decides what happens then.
 */
export interface WebhookTransport {
  call(webhook: Webhook, review: AdmissionReview): Promise<unknown>;
}

/** An in-process transport: each webhook name maps to a handler function. */
export function inProcessTransport(
  handlers: Record<string, (review: AdmissionReview) => unknown | Promise<unknown>>,
): WebhookTransport {
  return {
    async call(webhook, review) {
      const handler = handlers[webhook.name];
      if (handler === undefined) throw new Error(`no endpoint for webhook ${JSON.stringify(webhook.name)}`);
      // A round trip through JSON, as over the wire: the webhook cannot share our objects.
      return JSON.parse(JSON.stringify(await handler(JSON.parse(JSON.stringify(review)) as AdmissionReview))) as unknown;
    },
  };
}
