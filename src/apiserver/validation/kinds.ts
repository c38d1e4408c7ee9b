// Which rules each served kind gets: its name rule (for ValidateObjectMeta) and its own checks.
// Upstream each kind's registry strategy calls its `Validate<Kind>` function; this table is our
// version of those strategies' Validate methods.
//
// Reference: the `Validate<Kind>` functions in k8s.io/kubernetes/pkg/apis/*/validation, called by
// the strategies in pkg/registry/*/*/strategy.go.

import type { Binding, ConfigMap, Namespace, Pod, Secret, Service } from "kubernetes-types/core/v1";
import type { Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { CronJob, Job } from "kubernetes-types/batch/v1";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-types/rbac/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import type { Scale } from "kubernetes-types/autoscaling/v1";
import type { SelfSubjectAccessReview } from "kubernetes-types/authorization/v1";
import { field, type FieldErrorList } from "../../api/field-errors";
import type { KubeObject } from "../types";
import { validateConfigMapData, validateNamespaceFinalizers, validateSecretData, validateServiceSpec } from "./core-rules";
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, type NameFunc, pathSegmentName, validateNonnegativeField } from "./object-meta";
import { validateWebhookConfiguration } from "./admissionregistration-rules";
import { validatePodSpec } from "./pod-rules";
import { validateBinding, validateRules } from "./rbac-rules";
import { validateCronJobSpec, validateDeploymentSpec, validateJobSpec, validateReplicaSetSpec, validateStatefulSetSpec } from "./workload-rules";

export interface KindRules {
  /** The name rule; undefined for objects that are never stored (Binding, Eviction, reviews). */
  nameFn: NameFunc | undefined;
  /** The kind's own checks, after ObjectMeta's. */
  validate?: (object: KubeObject) => FieldErrorList;
}

// The objects arrive decoded against their schema (decode.ts), so viewing them through the
// kubernetes-types interfaces is safe for the fields those interfaces describe.
const as = <T>(o: KubeObject): T => o as unknown as T;
const spec = field.newPath("spec");

export const kindRules: Readonly<Record<string, KindRules>> = {
  "/Namespace": { nameFn: nameIsDNSLabel, validate: (o) => validateNamespaceFinalizers(as<Namespace>(o).spec?.finalizers) },
  "/Pod": { nameFn: nameIsDNSSubdomain, validate: (o) => validatePodSpec(as<Pod>(o).spec, spec) },
  "/Node": { nameFn: nameIsDNSSubdomain },
  "/Service": { nameFn: nameIsDNS1035Label, validate: (o) => validateServiceSpec(as<Service>(o).spec) },
  "/Endpoints": { nameFn: nameIsDNSSubdomain },
  "/ConfigMap": { nameFn: nameIsDNSSubdomain, validate: (o) => validateConfigMapData(as<ConfigMap>(o)) },
  "/Secret": { nameFn: nameIsDNSSubdomain, validate: (o) => validateSecretData(as<Secret>(o)) },
  "/ServiceAccount": { nameFn: nameIsDNSSubdomain },
  "/Event": { nameFn: nameIsDNSSubdomain },
  "/ResourceQuota": { nameFn: nameIsDNSSubdomain },
  "/LimitRange": { nameFn: nameIsDNSSubdomain },
  // ValidatePodBinding: the scheduler binds a pod to a Node.
  "/Binding": {
    nameFn: undefined,
    validate: (o) => {
      const target = as<Binding>(o).target;
      const errs: FieldErrorList = [];
      if (target?.kind && target.kind !== "Node") errs.push(field.notSupported(field.newPath("target", "kind"), target.kind, ["Node", "<empty>"]));
      if (!target?.name) errs.push(field.required(field.newPath("target", "name"), ""));
      return errs;
    },
  },
  "coordination.k8s.io/Lease": { nameFn: nameIsDNSSubdomain },
  "admissionregistration.k8s.io/MutatingWebhookConfiguration": { nameFn: nameIsDNSSubdomain, validate: (o) => validateWebhookConfiguration(o, true) },
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration": { nameFn: nameIsDNSSubdomain, validate: (o) => validateWebhookConfiguration(o, false) },
  "apps/Deployment": { nameFn: nameIsDNSSubdomain, validate: (o) => validateDeploymentSpec(as<Deployment>(o).spec, spec) },
  "apps/ReplicaSet": { nameFn: nameIsDNSSubdomain, validate: (o) => validateReplicaSetSpec(as<ReplicaSet>(o).spec, spec) },
  // StatefulSet names become pod hostnames (`web-0`): a DNS label, not a subdomain.
  "apps/StatefulSet": { nameFn: nameIsDNSLabel, validate: (o) => validateStatefulSetSpec(as<StatefulSet>(o).spec, spec) },
  "batch/Job": { nameFn: nameIsDNSSubdomain, validate: (o) => validateJobSpec(as<Job>(o).spec, spec) },
  "batch/CronJob": {
    nameFn: nameIsDNSSubdomain,
    validate: (o) => {
      const errs: FieldErrorList = [];
      // The controller appends an 11-character suffix (`-<timestamp>`) to name each Job (63 max).
      const name = o.metadata?.name ?? "";
      if (name.length > 52) errs.push(field.invalid(field.newPath("metadata", "name"), name, "must be no more than 52 characters"));
      return [...errs, ...validateCronJobSpec(as<CronJob>(o).spec, spec)];
    },
  },
  "rbac.authorization.k8s.io/Role": { nameFn: pathSegmentName, validate: (o) => validateRules(as<Role>(o).rules, true) },
  "rbac.authorization.k8s.io/ClusterRole": { nameFn: pathSegmentName, validate: (o) => validateRules(as<ClusterRole>(o).rules, false) },
  "rbac.authorization.k8s.io/RoleBinding": {
    nameFn: pathSegmentName,
    validate: (o) => validateBinding(as<RoleBinding>(o).roleRef, as<RoleBinding>(o).subjects, true),
  },
  "rbac.authorization.k8s.io/ClusterRoleBinding": {
    nameFn: pathSegmentName,
    validate: (o) => validateBinding(as<ClusterRoleBinding>(o).roleRef, as<ClusterRoleBinding>(o).subjects, false),
  },
  "scheduling.k8s.io/PriorityClass": { nameFn: nameIsDNSSubdomain },
  "storage.k8s.io/StorageClass": {
    nameFn: nameIsDNSSubdomain,
    validate: (o) => (as<StorageClass>(o).provisioner ? [] : [field.required(field.newPath("provisioner"), "")]),
  },
  "policy/PodDisruptionBudget": { nameFn: nameIsDNSSubdomain },
  "policy/Eviction": { nameFn: undefined },
  "autoscaling/Scale": {
    nameFn: nameIsDNSSubdomain,
    validate: (o) => validateNonnegativeField(as<Scale>(o).spec?.replicas ?? 0, field.newPath("spec", "replicas")),
  },
  // ValidateSelfSubjectAccessReviewSpec: exactly one of the two attribute sets.
  "authorization.k8s.io/SelfSubjectAccessReview": {
    nameFn: undefined,
    validate: (o) => {
      const s = as<SelfSubjectAccessReview>(o).spec;
      const p = field.newPath("spec");
      if (s?.resourceAttributes !== undefined && s.nonResourceAttributes !== undefined) {
        return [field.invalid(p.child("nonResourceAttributes"), s.nonResourceAttributes, "cannot be specified in combination with resourceAttributes")];
      }
      if (s?.resourceAttributes === undefined && s?.nonResourceAttributes === undefined) {
        return [field.invalid(p.child("resourceAttributes"), null, "exactly one of nonResourceAttributes or resourceAttributes must be specified")];
      }
      return [];
    },
  },
};
