// Workloads: Deployment, ReplicaSet, StatefulSet, Job, CronJob. The rule a learner hits first
// is that a controller's selector must select the pods its own template creates:
//
//   Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value:
//   map[string]string{"app":"api"}: `selector` does not match template `labels`
//
// Reference: k8s.io/kubernetes/pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
// ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidatePodTemplateSpecForReplicaSet,
// ValidateDeploymentStrategy, ValidateRollingUpdateDeployment) and
// pkg/apis/batch/validation/validation.go (ValidateJobSpec, ValidateCronJobSpec).
//
// SIMPLIFICATION: enum fields that defaulting fills are checked only when given; StatefulSet
// volumeClaimTemplates, Job completion modes, pod failure policies and CronJob schedule syntax
// are not validated.

import type { DeploymentSpec, ReplicaSetSpec, StatefulSetSpec } from "kubernetes-types/apps/v1";
import type { CronJobSpec, JobSpec } from "kubernetes-types/batch/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { field, type FieldErrorList, type FieldPath } from "../../api/field-errors";
import { goQuote } from "../../api/go-quote";
import { labelSelectorAsSelector, type LabelsSelector, validateLabelSelector } from "../../api/label-selector";
import { validateNonnegativeField } from "./object-meta";
import { validatePodTemplateSpec } from "./pod-rules";

/** Go's `%#v` of a map[string]string, as upstream prints template labels: keys sorted. */
export function goMapString(labels: Readonly<Record<string, string>> | undefined): { toString(): string } {
  return {
    toString: () =>
      labels === undefined
        ? "map[string]string(nil)"
        : `map[string]string{${Object.keys(labels).sort().map((k) => `${goQuote(k)}:${goQuote(labels[k] ?? "")}`).join(", ")}}`,
  };
}

/** The selector checks shared by the three apps/v1 controllers; returns the parsed selector. */
function validateSelector(selector: LabelSelector | undefined, path: FieldPath, what: string, errs: FieldErrorList): LabelsSelector | undefined {
  if (selector === undefined) {
    errs.push(field.required(path, ""));
    return undefined;
  }
  errs.push(...validateLabelSelector(selector, path));
  if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
    errs.push(field.invalid(path, selector, `empty selector is invalid for ${what}`));
  }
  try {
    return labelSelectorAsSelector(selector);
  } catch {
    errs.push(field.invalid(path, selector, "invalid label selector"));
    return undefined;
  }
}

//> template-matches-selector
/** ValidatePodTemplateSpecForReplicaSet (and its StatefulSet twin). */
function validateTemplateForController(
  template: PodTemplateSpec | undefined,
  selector: LabelsSelector | undefined,
  path: FieldPath,
  owner: "ReplicaSet" | "StatefulSet",
): FieldErrorList {
  const errs: FieldErrorList = [];
  const labels = template?.metadata?.labels;
  if (selector !== undefined && !selector.isEmpty() && !selector.matches(labels ?? {})) {
    errs.push(field.invalid(path.child("metadata", "labels"), goMapString(labels), "`selector` does not match template `labels`"));
  }
  errs.push(...validatePodTemplateSpec(template, path));
  // A controller's pods must run forever: defaulting gives "Always", anything else is refused.
  const restartPolicy = template?.spec?.restartPolicy;
  if (restartPolicy && restartPolicy !== "Always") {
    errs.push(field.notSupported(path.child("spec", "restartPolicy"), restartPolicy, ["Always"]));
  }
  if (template?.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(field.forbidden(path.child("spec", "activeDeadlineSeconds"), `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return errs;
}
//< template-matches-selector

/** ValidatePositiveIntOrPercent + the "both zero" rule of ValidateRollingUpdateDeployment. */
function validateRollingUpdate(ru: { maxSurge?: number | string; maxUnavailable?: number | string }, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  const value = (v: number | string | undefined): number | undefined => (typeof v === "string" ? (/^[0-9]+%$/.test(v) ? parseInt(v, 10) : undefined) : v);
  for (const key of ["maxUnavailable", "maxSurge"] as const) {
    const v = ru[key];
    if (typeof v === "string" && value(v) === undefined) {
      errs.push(field.invalid(path.child(key), v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    } else if (typeof v === "number") errs.push(...validateNonnegativeField(v, path.child(key)));
  }
  if (ru.maxUnavailable !== undefined && ru.maxSurge !== undefined && value(ru.maxUnavailable) === 0 && value(ru.maxSurge) === 0) {
    errs.push(field.invalid(path.child("maxUnavailable"), ru.maxUnavailable, "may not be 0 when `maxSurge` is 0"));
  }
  if ((value(ru.maxUnavailable) ?? 0) > 100 && typeof ru.maxUnavailable === "string") {
    errs.push(field.invalid(path.child("maxUnavailable"), ru.maxUnavailable, "must not be greater than 100%"));
  }
  return errs;
}

export function validateDeploymentSpec(spec: DeploymentSpec | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  errs.push(...validateNonnegativeField(spec?.replicas ?? 1, path.child("replicas")));
  const selector = validateSelector(spec?.selector, path.child("selector"), "deployment", errs);
  errs.push(...validateTemplateForController(spec?.template, selector, path.child("template"), "ReplicaSet"));
  const strategy = spec?.strategy;
  if (strategy?.type && !["Recreate", "RollingUpdate"].includes(strategy.type)) {
    errs.push(field.notSupported(path.child("strategy"), strategy, ["Recreate", "RollingUpdate"]));
  } else if (strategy?.type === "Recreate" && strategy.rollingUpdate !== undefined) {
    errs.push(field.forbidden(path.child("strategy", "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
  } else if (strategy?.rollingUpdate !== undefined) {
    errs.push(...validateRollingUpdate(strategy.rollingUpdate, path.child("strategy", "rollingUpdate")));
  }
  const minReady = spec?.minReadySeconds ?? 0;
  errs.push(...validateNonnegativeField(minReady, path.child("minReadySeconds")));
  if (spec?.revisionHistoryLimit !== undefined) errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, path.child("revisionHistoryLimit")));
  const deadline = spec?.progressDeadlineSeconds;
  if (deadline !== undefined) {
    errs.push(...validateNonnegativeField(deadline, path.child("progressDeadlineSeconds")));
    if (deadline <= minReady) errs.push(field.invalid(path.child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds"));
  }
  return errs;
}

export function validateReplicaSetSpec(spec: ReplicaSetSpec | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  errs.push(...validateNonnegativeField(spec?.replicas ?? 1, path.child("replicas")));
  errs.push(...validateNonnegativeField(spec?.minReadySeconds ?? 0, path.child("minReadySeconds")));
  // Upstream says "for deployment" here too (the message was copied); we keep its words.
  const selector = validateSelector(spec?.selector, path.child("selector"), "deployment", errs);
  errs.push(...validateTemplateForController(spec?.template, selector, path.child("template"), "ReplicaSet"));
  return errs;
}

export function validateStatefulSetSpec(spec: StatefulSetSpec | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  const policy = spec?.podManagementPolicy;
  if (policy && policy !== "OrderedReady" && policy !== "Parallel") {
    errs.push(field.invalid(path.child("podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = spec?.updateStrategy;
  if (strategy?.type && strategy.type !== "RollingUpdate" && strategy.type !== "OnDelete") {
    errs.push(field.invalid(path.child("updateStrategy"), strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  errs.push(...validateNonnegativeField(spec?.replicas ?? 1, path.child("replicas")));
  errs.push(...validateNonnegativeField(spec?.minReadySeconds ?? 0, path.child("minReadySeconds")));
  const selector = validateSelector(spec?.selector, path.child("selector"), "statefulset", errs);
  errs.push(...validateTemplateForController(spec?.template, selector, path.child("template"), "StatefulSet"));
  return errs;
}

/** ValidateJobSpec: counts are non-negative; a Job's pods must not restart forever. */
export function validateJobSpec(spec: JobSpec | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  for (const key of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit"] as const) {
    const v = spec?.[key];
    if (v !== undefined) errs.push(...validateNonnegativeField(v, path.child(key)));
  }
  errs.push(...validatePodTemplateSpec(spec?.template, path.child("template")));
  // Defaulting turns a missing restartPolicy into "Always", which is why learners who forget it
  // see `Unsupported value: "Always"`.
  const restartPolicy = spec?.template?.spec?.restartPolicy || "Always";
  if (restartPolicy !== "OnFailure" && restartPolicy !== "Never") {
    errs.push(field.notSupported(path.child("template", "spec", "restartPolicy"), restartPolicy, ["OnFailure", "Never"]));
  }
  return errs;
}

/** ValidateCronJobSpec: a schedule, a concurrency policy, a valid job template. */
export function validateCronJobSpec(spec: CronJobSpec | undefined, path: FieldPath): FieldErrorList {
  const errs: FieldErrorList = [];
  if (!spec?.schedule) errs.push(field.required(path.child("schedule"), ""));
  const policy = spec?.concurrencyPolicy;
  if (policy && !["Allow", "Forbid", "Replace"].includes(policy)) {
    errs.push(field.notSupported(path.child("concurrencyPolicy"), policy, ["Allow", "Forbid", "Replace"]));
  }
  for (const key of ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] as const) {
    const v = spec?.[key];
    if (v !== undefined) errs.push(...validateNonnegativeField(v, path.child(key)));
  }
  errs.push(...validateJobSpec(spec?.jobTemplate?.spec, path.child("jobTemplate", "spec")));
  return errs;
}
