// What each kind's registry strategy does to an object on its way in (upstream:
// pkg/registry/<group>/<resource>/strategy.go, PrepareForCreate and PrepareForUpdate, and the
// defaulting functions of pkg/apis/<group>/v1/defaults.go that run while the body is decoded).
//
//   defaults          fields a client may omit: a Pod's restartPolicy, a Deployment's replicas...
//   prepareForCreate  what a client may not set: a new Pod is Pending, a new Namespace Active,
//                     a new Deployment has no status
//   prepareForUpdate  the status subresource splits an object in two: an update of the object
//                     keeps the stored status, an update of /status keeps everything else
//
// SIMPLIFICATION: only the defaults a learner sees in `kubectl get -o yaml` and the controllers
// of this course read are applied (upstream defaults every optional field of every kind); pod
// spec immutability and other update validation are not enforced here.

import { jsonEqual, type JsonValue } from "../admission/json-patch";
import type { KubeObject } from "../types";
import type { ResourceInfo } from "./resources";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Sets `o[key]` when it is absent. */
function dflt(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

/** The child object at `key`, created when absent; undefined when something else is there. */
function child(o: Obj, key: string): Obj | undefined {
  if (o[key] === undefined) o[key] = {};
  const c = o[key];
  return isObj(c) ? c : undefined;
}

/** SetDefaults_Container: imagePullPolicy from the tag, termination message, port protocols. */
function defaultContainer(c: unknown): void {
  if (!isObj(c)) return;
  const image = typeof c["image"] === "string" ? c["image"] : "";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastSegment.includes("@") ? "" : lastSegment.includes(":") ? lastSegment.slice(lastSegment.lastIndexOf(":") + 1) : "latest";
  dflt(c, "imagePullPolicy", tag === "latest" ? "Always" : "IfNotPresent");
  dflt(c, "terminationMessagePath", "/dev/termination-log");
  dflt(c, "terminationMessagePolicy", "File");
  if (Array.isArray(c["ports"])) for (const p of c["ports"]) if (isObj(p)) dflt(p, "protocol", "TCP");
  dflt(c, "resources", {});
}

/** SetDefaults_PodSpec (and the containers in it). */
function defaultPodSpec(spec: Obj | undefined): void {
  if (spec === undefined) return;
  dflt(spec, "restartPolicy", "Always");
  dflt(spec, "terminationGracePeriodSeconds", 30);
  dflt(spec, "dnsPolicy", "ClusterFirst");
  dflt(spec, "securityContext", {});
  dflt(spec, "schedulerName", "default-scheduler");
  dflt(spec, "enableServiceLinks", true);
  for (const key of ["containers", "initContainers"]) {
    const list = spec[key];
    if (Array.isArray(list)) list.forEach(defaultContainer);
  }
}

function defaultTemplate(spec: Obj | undefined): void {
  const template = spec === undefined ? undefined : child(spec, "template");
  if (template !== undefined) defaultPodSpec(child(template, "spec"));
}

/** SetDefaults_Subject: a User or Group subject is in the rbac.authorization.k8s.io group. */
function defaultSubjects(subjects: unknown): void {
  if (!Array.isArray(subjects)) return;
  for (const s of subjects) {
    if (!isObj(s) || (s["apiGroup"] !== undefined && s["apiGroup"] !== "")) continue;
    if (s["kind"] === "User" || s["kind"] === "Group") s["apiGroup"] = "rbac.authorization.k8s.io";
    else if (s["kind"] === "ServiceAccount") s["apiGroup"] = "";
  }
}

const specDefaulted = new Set(["/Pod", "apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "batch/Job", "batch/CronJob", "/Service"]);

//> apiserver-defaults
/** The defaults of the decoder (SetDefaults_*), applied to create and update bodies. */
export function applyDefaults(info: ResourceInfo, obj: KubeObject): void {
  // Only an object `spec` is defaulted; a missing one is created for the kinds that need one.
  const o = obj as Obj;
  const kind = `${info.group}/${info.kind}`;
  if (info.kind === "RoleBinding" || info.kind === "ClusterRoleBinding") return defaultSubjects(o["subjects"]);
  // SetDefaults_PriorityClass.
  if (kind === "scheduling.k8s.io/PriorityClass") return dflt(o, "preemptionPolicy", "PreemptLowerPriority");
  if (!specDefaulted.has(kind) || (o["spec"] !== undefined && !isObj(o["spec"]))) return;
  const spec = child(o, "spec")!;
  switch (kind) {
    case "/Pod": return defaultPodSpec(spec);
    case "apps/Deployment":
      dflt(spec, "replicas", 1);
      dflt(spec, "strategy", { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
      dflt(spec, "revisionHistoryLimit", 10);
      dflt(spec, "progressDeadlineSeconds", 600);
      return defaultTemplate(spec);
    case "apps/ReplicaSet":
      dflt(spec, "replicas", 1);
      return defaultTemplate(spec);
    case "apps/StatefulSet":
      dflt(spec, "replicas", 1);
      dflt(spec, "podManagementPolicy", "OrderedReady");
      dflt(spec, "updateStrategy", { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
      dflt(spec, "revisionHistoryLimit", 10);
      return defaultTemplate(spec);
    case "batch/Job":
      if (spec["completions"] === undefined && spec["parallelism"] === undefined) spec["completions"] = 1;
      dflt(spec, "parallelism", 1);
      dflt(spec, "backoffLimit", 6);
      dflt(spec, "completionMode", "NonIndexed");
      dflt(spec, "suspend", false);
      return defaultTemplate(spec);
    case "batch/CronJob":
      dflt(spec, "concurrencyPolicy", "Allow");
      dflt(spec, "suspend", false);
      dflt(spec, "successfulJobsHistoryLimit", 3);
      dflt(spec, "failedJobsHistoryLimit", 1);
      return;
    case "/Service":
      dflt(spec, "type", "ClusterIP");
      dflt(spec, "sessionAffinity", "None");
      if (Array.isArray(spec["ports"])) {
        for (const p of spec["ports"]) if (isObj(p)) { dflt(p, "protocol", "TCP"); dflt(p, "targetPort", p["port"]); }
      }
      return;
  }
}
//< apiserver-defaults

/** qos.GetPodQOS, reduced to requests and limits of cpu and memory. */
function podQOS(spec: Obj | undefined): string {
  const containers = [spec?.["containers"], spec?.["initContainers"]].flatMap((l) => (Array.isArray(l) ? l : []));
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = isObj(c) && isObj(c["resources"]) ? c["resources"] : {};
    const requests = isObj(res["requests"]) ? res["requests"] : {};
    const limits = isObj(res["limits"]) ? res["limits"] : {};
    for (const r of ["cpu", "memory"]) {
      if (requests[r] !== undefined || limits[r] !== undefined) any = true;
      if (limits[r] === undefined || (requests[r] !== undefined && requests[r] !== limits[r])) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** Kinds whose status a client cannot set on create (PrepareForCreate resets it). */
const statusResetOnCreate = new Set([
  "apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "batch/Job", "batch/CronJob", "/Service", "/ResourceQuota", "policy/PodDisruptionBudget",
]);

/** The status a kind starts with: Go's zero value, with its non-omitempty fields. */
function emptyStatus(key: string): Obj {
  if (key === "/Service") return { loadBalancer: {} };
  // PodDisruptionBudgetStatus: the four counts are not omitempty; no observedGeneration yet.
  if (key === "policy/PodDisruptionBudget") return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  return {};
}

/** PrepareForCreate: the fields the system owns on a new object. */
export function prepareForCreate(info: ResourceInfo, obj: KubeObject): void {
  const o = obj as Obj;
  const key = `${info.group}/${info.kind}`;
  if (key === "/Pod") {
    o["status"] = { phase: "Pending", qosClass: podQOS(isObj(o["spec"]) ? o["spec"] : undefined) };
  } else if (key === "/Namespace") {
    o["status"] = { phase: "Active" };
    const spec = child(o, "spec");
    if (spec !== undefined) spec["finalizers"] = ["kubernetes"];
    // The label every namespace carries since v1.21 (NamespaceDefaultLabelName).
    const meta = obj.metadata ?? (obj.metadata = {});
    meta.labels = { ...(isObj(meta.labels) ? meta.labels : {}), "kubernetes.io/metadata.name": meta.name ?? "" };
  } else if (key === "/PersistentVolumeClaim") {
    o["status"] = { phase: "Pending" };
  } else if (statusResetOnCreate.has(key)) {
    o["status"] = emptyStatus(key);
  }
}

/**
 * PrepareForUpdate for the kinds with a status subresource: an update of the object keeps the
 * stored status; an update of /status keeps the stored object and takes only the new status
 * (ResetObjectMetaForStatus: labels, annotations, finalizers and owners stay as stored).
 */
export function prepareForUpdate(info: ResourceInfo, subresource: string, updated: KubeObject, current: KubeObject): KubeObject {
  const hasStatus = info.subresources.some((s) => s.name === "status");
  if (!hasStatus) return updated;
  if (subresource === "status") {
    const out = copy(current);
    if (updated["status"] === undefined) delete out["status"];
    else out["status"] = copy(updated["status"]);
    const rv = updated.metadata?.resourceVersion;
    if (out.metadata !== undefined) {
      if (rv === undefined || rv === "") delete out.metadata.resourceVersion;
      else out.metadata.resourceVersion = rv;
    }
    return out;
  }
  const out = updated;
  if (current["status"] === undefined) delete out["status"];
  else out["status"] = copy(current["status"]);
  return out;
}

/** Did an update change anything but metadata.resourceVersion and status? (for tests and callers) */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  return !jsonEqual((a["spec"] ?? null) as JsonValue, (b["spec"] ?? null) as JsonValue);
}
