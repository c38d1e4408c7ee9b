// The subresources: parts of an object with their own endpoint, verbs and RBAC rules.
//
//   pods/status, deployments/status...   the status half: kubelets and controllers write it,
//                                        users write the spec (see strategy.ts)
//   deployments/scale (and rs, sts)      an autoscaling/v1 Scale: `kubectl scale`, the HPA
//   pods/binding                         the scheduler's decision: sets spec.nodeName, once
//   pods/eviction                        a policy/v1 Eviction: a delete that respects
//                                        PodDisruptionBudgets (`kubectl drain`), eviction.ts
//
// Upstream: pkg/registry/core/pod/storage/storage.go (BindingREST, setPodHostAndAnnotations),
// pkg/registry/apps/deployment/storage/storage.go (ScaleREST, scaleFromDeployment),
// pkg/apis/autoscaling/validation (ValidateScale).

import { field, FieldPath } from "../../api/field-errors";
import { rfc3339 } from "../../api/meta";
import { newBadRequest, newConflict, newInvalid, newSuccessStatus } from "../../api/status";
import type { JsonValue } from "../admission/json-patch";
import type { StorageOutcome, StorageRequest } from "../pipeline/rest-handler";
import { headerValue } from "../authn/types";
import { applyPatch, patchTypeFor } from "../registry/patch";
import type { KubeObject } from "../types";
import type { ResolvedResource } from "./decode";
import { formatLabelSelector } from "./printers";
import type { RestContext } from "./rest-context";
import { prepareForUpdate } from "./strategy";
import { admitUpdate } from "./update-admission";

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** scaleFromDeployment (and ReplicaSet, StatefulSet): the Scale view of a workload. */
export function scaleOf(obj: KubeObject): KubeObject {
  const m = obj.metadata ?? {};
  const status = o(obj["status"]);
  return {
    kind: "Scale", apiVersion: "autoscaling/v1",
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: o(obj["spec"])["replicas"] ?? 0 },
    status: { replicas: status["replicas"] ?? 0, selector: formatLabelSelector(o(obj["spec"])["selector"]).replace(/^<none>$/, "") },
  };
}

/** ValidateScale: a Scale must not ask for fewer than zero replicas. */
function validateScale(scale: KubeObject): void {
  const replicas = o(scale["spec"])["replicas"];
  if (replicas !== undefined && (typeof replicas !== "number" || !Number.isInteger(replicas))) {
    throw newBadRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
  if (typeof replicas === "number" && replicas < 0) {
    throw newInvalid({ group: "autoscaling", kind: "Scale" }, scale.metadata?.name ?? "", [
      field.invalid(FieldPath.of("spec", "replicas"), replicas, "must be greater than or equal to 0"),
    ]);
  }
}

//> apiserver-scale-subresource
/** PUT or PATCH .../scale: the new Scale's replicas written into the workload, with its resourceVersion as precondition. */
export async function writeScale(ctx: RestContext, req: StorageRequest, resolved: ResolvedResource): Promise<KubeObject> {
  const { info } = req;
  const registry = ctx.registry(resolved.info, req.dryRun);
  const out = await registry.update(info.namespace, info.name, { metadata: { name: info.name } }, {
    transform: async (_ignored, current) => {
      const oldScale = scaleOf(current);
      let scale: KubeObject;
      if (info.verb === "patch") {
        const patched = applyPatch(oldScale as JsonValue, patchTypeFor(headerValue(req.headers, "Content-Type")), patchBody(req.object));
        scale = o(patched) as KubeObject;
      } else {
        scale = req.object as KubeObject;
      }
      validateScale(scale);
      const admitted = await admitUpdate(ctx, req, resolved, scale, oldScale);
      const next = JSON.parse(JSON.stringify(current)) as KubeObject;
      (next["spec"] as Obj)["replicas"] = o(admitted["spec"])["replicas"] ?? 0;
      // scaleUpdatedObjectInfo: the Scale's resourceVersion is the workload's precondition.
      const rv = admitted.metadata?.resourceVersion;
      if (next.metadata !== undefined) next.metadata.resourceVersion = typeof rv === "string" && rv !== "" ? rv : current.metadata?.resourceVersion;
      return next;
    },
  });
  return scaleOf(out);
}
//< apiserver-scale-subresource

/** PUT or PATCH .../status: only the status changes (strategy.prepareForUpdate). */
export async function writeStatus(ctx: RestContext, req: StorageRequest, resolved: ResolvedResource): Promise<KubeObject> {
  const { info } = req;
  const registry = ctx.registry(resolved.info, req.dryRun);
  if (info.verb === "patch") {
    return registry.patch(info.namespace, info.name, headerValue(req.headers, "Content-Type"), patchBody(req.object), {
      transform: async (patched, current) => admitUpdate(ctx, req, resolved, prepareForUpdate(resolved.info, "status", patched, current), current),
    });
  }
  return registry.update(info.namespace, info.name, req.object as KubeObject, {
    transform: (updated, current) => prepareForUpdate(resolved.info, "status", updated, current),
  });
}

/** The body of a PATCH as text (the HTTP front decoded it; the registry parses it again). */
export function patchBody(body: unknown): string {
  if (typeof body === "string") return body;
  return JSON.stringify(body ?? null);
}

//> apiserver-pod-binding
/** POST pods/<name>/binding: assign the pod to a node, once (BindingREST.Create). */
export async function createBinding(ctx: RestContext, req: StorageRequest, resolved: ResolvedResource): Promise<StorageOutcome> {
  const binding = req.object as KubeObject;
  const { info } = req;
  if (binding.metadata?.name !== info.name) throw newBadRequest("name in URL does not match name in Binding object");
  const target = o(binding["target"]);
  const errs = [];
  if (target["kind"] !== undefined && target["kind"] !== "" && target["kind"] !== "Node") {
    errs.push(field.notSupported(FieldPath.of("target", "kind"), target["kind"], ["Node", "<empty>"]));
  }
  if (typeof target["name"] !== "string" || target["name"] === "") errs.push(field.required(FieldPath.of("target", "name"), ""));
  if (errs.length > 0) throw newInvalid({ group: "", kind: "Binding" }, info.name, errs);
  const nodeName = target["name"] as string;
  const annotations = binding.metadata?.annotations ?? {};
  const conflict = (message: string) => newConflict({ group: "", resource: "pods/binding" }, info.name, message);
  await ctx.registry(resolved.info, req.dryRun).update(info.namespace, info.name, { metadata: { name: info.name } }, {
    transform: (_ignored, current) => {
      const pod = JSON.parse(JSON.stringify(current)) as KubeObject;
      const spec = o(pod["spec"]);
      if (binding.metadata?.uid && binding.metadata.uid !== current.metadata?.uid) {
        throw conflict(`Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${current.metadata?.uid ?? ""}`);
      }
      if (pod.metadata?.deletionTimestamp !== undefined) throw conflict(`pod ${info.name} is being deleted, cannot be assigned to a host`);
      if (typeof spec["nodeName"] === "string" && spec["nodeName"] !== "") {
        throw conflict(`pod ${info.name} is already assigned to node ${JSON.stringify(spec["nodeName"])}`);
      }
      if (Array.isArray(spec["schedulingGates"]) && spec["schedulingGates"].length > 0) throw conflict(`pod ${info.name} has non-empty .spec.schedulingGates`);
      spec["nodeName"] = nodeName;
      pod["spec"] = spec;
      pod.metadata = { ...(pod.metadata ?? {}), annotations: { ...(pod.metadata?.annotations ?? {}), ...annotations } };
      if (Object.keys(pod.metadata.annotations ?? {}).length === 0) delete pod.metadata.annotations;
      // podutil.UpdatePodCondition: PodScheduled=True.
      const status = o(pod["status"]);
      const conditions = (Array.isArray(status["conditions"]) ? status["conditions"] : []).map(o).filter((c) => c["type"] !== "PodScheduled");
      conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(ctx.o.clock.now()) });
      status["conditions"] = conditions;
      pod["status"] = status;
      return pod;
    },
  });
  return { kind: "Created", object: { ...newSuccessStatus(), code: 201 } };
}
//< apiserver-pod-binding
