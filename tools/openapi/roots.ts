// What tools/openapi/generate.ts generates: the kinds our API server serves (and their lists),
// how kubernetes-types' module paths map to upstream's OpenAPI name prefixes, and the facts the
// TypeScript types cannot carry (which integers are int64, which strings are base64 bytes), and
// the properties it lost.

import type { Schema } from "../../src/apiserver/validation/schema";

/** kubernetes-types module → upstream OpenAPI name prefix. */
export const moduleInfo: Readonly<Record<string, { prefix: string }>> = {
  "core/v1": { prefix: "io.k8s.api.core.v1" },
  "admissionregistration/v1": { prefix: "io.k8s.api.admissionregistration.v1" },
  "apps/v1": { prefix: "io.k8s.api.apps.v1" },
  "batch/v1": { prefix: "io.k8s.api.batch.v1" },
  "coordination/v1": { prefix: "io.k8s.api.coordination.v1" },
  "rbac/v1": { prefix: "io.k8s.api.rbac.v1" },
  "scheduling/v1": { prefix: "io.k8s.api.scheduling.v1" },
  "storage/v1": { prefix: "io.k8s.api.storage.v1" },
  "policy/v1": { prefix: "io.k8s.api.policy.v1" },
  "autoscaling/v1": { prefix: "io.k8s.api.autoscaling.v1" },
  "authorization/v1": { prefix: "io.k8s.api.authorization.v1" },
  "authentication/v1": { prefix: "io.k8s.api.authentication.v1" },
  "meta/v1": { prefix: "io.k8s.apimachinery.pkg.apis.meta.v1" },
  "api/resource": { prefix: "io.k8s.apimachinery.pkg.api.resource" },
  runtime: { prefix: "io.k8s.apimachinery.pkg.runtime" },
  version: { prefix: "io.k8s.apimachinery.pkg.version" },
};

/** The served kinds (see the brief in src/apiserver/validation/index.ts) plus meta/v1 objects. */
export const roots: ReadonlyArray<{ module: string; names: readonly string[] }> = [
  {
    module: "core/v1",
    names: [
      "Namespace", "NamespaceList", "Pod", "PodList", "Node", "NodeList", "Service", "ServiceList",
      "Endpoints", "EndpointsList", "ConfigMap", "ConfigMapList", "Secret", "SecretList",
      "ServiceAccount", "ServiceAccountList", "Event", "EventList", "ResourceQuota", "ResourceQuotaList",
      "LimitRange", "LimitRangeList", "Binding",
    ],
  },
  { module: "coordination/v1", names: ["Lease", "LeaseList"] },
  {
    module: "admissionregistration/v1",
    names: ["MutatingWebhookConfiguration", "MutatingWebhookConfigurationList", "ValidatingWebhookConfiguration", "ValidatingWebhookConfigurationList"],
  },
  { module: "apps/v1", names: ["Deployment", "DeploymentList", "ReplicaSet", "ReplicaSetList", "StatefulSet", "StatefulSetList"] },
  { module: "batch/v1", names: ["Job", "JobList", "CronJob", "CronJobList"] },
  {
    module: "rbac/v1",
    names: ["Role", "RoleList", "ClusterRole", "ClusterRoleList", "RoleBinding", "RoleBindingList", "ClusterRoleBinding", "ClusterRoleBindingList"],
  },
  { module: "scheduling/v1", names: ["PriorityClass", "PriorityClassList"] },
  { module: "storage/v1", names: ["StorageClass", "StorageClassList"] },
  { module: "policy/v1", names: ["Eviction", "PodDisruptionBudget", "PodDisruptionBudgetList"] },
  { module: "autoscaling/v1", names: ["Scale"] },
  { module: "authorization/v1", names: ["SelfSubjectAccessReview", "SelfSubjectRulesReview"] },
  {
    module: "meta/v1",
    names: ["ObjectMeta", "ListMeta", "DeleteOptions", "Status", "WatchEvent", "Patch", "APIResourceList", "APIGroupList", "APIGroup", "APIVersions"],
  },
];

/**
 * Integer properties that are int64 upstream (every other integer is int32). Property names, not
 * paths: in the served kinds each of these names is int64 wherever it appears. Checked against
 * k8s.io/api core/v1, apps/v1, batch/v1 types.go and apimachinery meta/v1 types.go.
 */
export const int64Fields: ReadonlySet<string> = new Set([
  "generation", "observedGeneration", "deletionGracePeriodSeconds", "gracePeriodSeconds",
  "remainingItemCount", "activeDeadlineSeconds", "terminationGracePeriodSeconds",
  "startingDeadlineSeconds", "runAsUser", "runAsGroup", "fsGroup", "supplementalGroups",
  "expirationSeconds", "sizeBytes", "seconds",
]);

/** `map[string][]byte` fields: base64 strings on the wire (`format: byte`). Owner.property. */
export const byteFields: ReadonlySet<string> = new Set([
  "io.k8s.api.core.v1.Secret.data",
  "io.k8s.api.core.v1.ConfigMap.binaryData",
  "io.k8s.api.admissionregistration.v1.WebhookClientConfig.caBundle",
]);

// Properties kubernetes-types lost. Its generator writes each description into a JSDoc comment;
// authorization/v1 ResourceRule.resources says `"*/foo" represents the subresource...`, whose
// star-slash ends the comment early and swallows `resources` and the `verbs` before it. Restored
// here as upstream's swagger.json has them (k8s.io/api authorization/v1 types.go, ResourceRule;
// admissionregistration/v1 types.go, Rule).
export const restoredProperties: Readonly<Record<string, { properties: Record<string, Schema>; required: readonly string[] }>> = {
  "io.k8s.api.authorization.v1.ResourceRule": {
    properties: {
      resources: {
        description:
          'Resources is a list of resources this rule applies to.  "*" means all in the specified apiGroups.\n "*/foo" represents the subresource \'foo\' for all resources in the specified apiGroups.',
        type: "array",
        items: { type: "string" },
      },
      verbs: {
        description: 'Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.  "*" means all.',
        type: "array",
        items: { type: "string" },
      },
    },
    required: ["verbs"],
  },
  // admissionregistration/v1 RuleWithOperations (Rule, inlined): `resources` says "'*/scale'
  // means all scale subresources", so kubernetes-types lost `resources` and `scope`.
  "io.k8s.api.admissionregistration.v1.RuleWithOperations": {
    properties: {
      resources: {
        description:
          "Resources is a list of resources this rule applies to.\n\nFor example: 'pods' means pods. 'pods/log' means the log subresource of pods. '*' means all resources, but not subresources. 'pods/*' means all subresources of pods. '*/scale' means all scale subresources. '*/*' means all resources and their subresources.\n\nIf wildcard is present, the validation rule will ensure resources do not overlap with each other.\n\nDepending on the enclosing object, subresources might not be allowed. Required.",
        type: "array",
        items: { type: "string" },
      },
      scope: {
        description:
          'scope specifies the scope of this rule. Valid values are "Cluster", "Namespaced", and "*" "Cluster" means that only cluster-scoped resources will match this rule. Namespace API objects are cluster-scoped. "Namespaced" means that only namespaced resources will match this rule. "*" means that there are no scope restrictions. Subresources match the scope of their parent resource. Default is "*".',
        type: "string",
      },
    },
    required: [],
  },
};
