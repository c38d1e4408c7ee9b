// Admission and validation for the writes whose object exists only inside the registry: a
// PATCH (the patch is applied to the stored object of each guaranteedUpdate attempt) and the
// scale subresource (the Scale is computed from the stored object). Upstream runs the same
// three steps there: the mutating admission as an UpdatedObjectInfo transformer, then
// validation (rest.BeforeUpdate), then the validating admission (the updateValidation function),
// all inside store.Update's GuaranteedUpdate (k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
//
// Also here: the admission of each item of a deletecollection (admitDelete), and RBAC's escalation check, which upstream's policy-based storage for roles and
// bindings runs before its inner store's create and update (pkg/registry/rbac/*/policybased).

import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-types/rbac/v1";
import { newAttributes } from "../admission/attributes";
import { AdmissionContext } from "../admission/plugin";
import { checkBindingWrite, checkRoleWrite } from "../authz/escalation";
import { RuleResolver } from "../authz/rbac";
import { fieldValidationOf, type StorageRequest } from "../pipeline/rest-handler";
import type { KubeObject } from "../types";
import type { ResolvedResource } from "./decode";
import { targetOf } from "./decode";
import type { RestContext } from "./rest-context";

const addAll = (into: string[], items: readonly string[]) => {
  for (const i of items) if (!into.includes(i)) into.push(i);
};

//> apiserver-update-admission
/** Mutating admission → validation → validating admission, on an UPDATE built inside the registry. */
export async function admitUpdate(
  ctx: RestContext, req: StorageRequest, resolved: ResolvedResource, object: KubeObject, oldObject: KubeObject,
): Promise<KubeObject> {
  const info = req.info;
  const attrs = newAttributes({
    operation: "UPDATE", resource: info.resource, object, oldObject, subresource: info.subresource,
    namespace: info.namespace, name: info.name, userInfo: req.user, dryRun: req.dryRun,
  });
  const actx = new AdmissionContext();
  const mutated = await ctx.o.admission.admit(attrs, actx);
  if (!mutated.allowed) {
    Object.assign(req.annotations, mutated.annotations);
    throw mutated.error;
  }
  const out = attrs.object ?? object;
  if (resolved.sub === undefined || resolved.sub.name === "status") {
    const result = ctx.o.validate(out, targetOf(resolved), "UPDATE", fieldValidationOf(req.query ?? {}));
    addAll(req.warnings, result.warnings);
    if (result.error !== undefined) throw result.error;
  }
  const validated = await ctx.o.admission.validate(attrs, actx);
  if (!validated.allowed) {
    Object.assign(req.annotations, validated.annotations);
    throw validated.error;
  }
  Object.assign(req.annotations, actx.annotations);
  addAll(req.warnings, actx.warnings);
  return out;
}
//< apiserver-update-admission

/**
 * rest.AdmissionToValidateObjectDeleteFunc: admission of one item of a deletecollection, as a
 * DELETE with the item as the old object, mutating then validating (neither may change it).
 * Upstream's store.DeleteCollection calls it from Delete for each item, just before removing it.
 * Upstream's attributes keep the collection request's empty name; newAttributes takes the
 * item's name from the old object, so a plugin or webhook sees which object is being deleted.
 */
export async function admitDelete(ctx: RestContext, req: StorageRequest, item: KubeObject): Promise<void> {
  const attrs = newAttributes({
    operation: "DELETE", resource: req.info.resource, oldObject: item, subresource: req.info.subresource,
    namespace: item.metadata?.namespace ?? req.info.namespace, userInfo: req.user, dryRun: req.dryRun,
  });
  const actx = new AdmissionContext();
  const result = await ctx.o.admission.admitAndValidate(attrs, actx);
  Object.assign(req.annotations, result.allowed ? actx.annotations : result.annotations);
  if (!result.allowed) throw result.error;
  addAll(req.warnings, actx.warnings);
}

const rbacKinds = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

//> apiserver-escalation-check
/** The policy-based RBAC storage's check: a 403 when writing `obj` would grant more than the user holds. */
export async function checkEscalation(ctx: RestContext, req: StorageRequest, obj: KubeObject): Promise<void> {
  if (req.info.apiGroup !== "rbac.authorization.k8s.io" || !rbacKinds.has(obj.kind ?? "")) return;
  // A binding without a roleRef object is not valid; validation says so, not this check.
  if (obj.kind?.endsWith("Binding") && (typeof obj["roleRef"] !== "object" || obj["roleRef"] === null)) return;
  const escalation = { authorizer: ctx.o.authorizer, resolver: new RuleResolver(ctx.o.state.rbacLister), user: req.user };
  const err = obj.kind === "Role" || obj.kind === "ClusterRole"
    ? await checkRoleWrite(escalation, obj as unknown as Role | ClusterRole)
    : await checkBindingWrite(escalation, obj as unknown as RoleBinding | ClusterRoleBinding);
  if (err !== undefined) throw err;
}
//< apiserver-escalation-check
