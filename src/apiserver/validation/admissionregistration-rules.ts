// ValidateMutatingWebhookConfiguration / ValidateValidatingWebhookConfiguration: what a stored
// webhook configuration must hold so the admission dispatcher can call it.
//
// Reference: k8s.io/kubernetes/pkg/apis/admissionregistration/validation/validation.go
// (validateWebhook, validateRuleWithOperations, ValidateWebhookURL, ValidateWebhookService).
// SIMPLIFICATION: not checked: the webhook name's qualified-name syntax, rule group/resource
// syntax beyond "non-empty", matchConditions (not implemented), and the uniqueness of webhook
// names beyond a duplicate check.

import { field, type FieldErrorList, type FieldPath } from "../../api/field-errors";
import type { KubeObject } from "../types";

const SUPPORTED_REVIEW_VERSIONS = ["v1", "v1beta1"];
const SIDE_EFFECTS = ["None", "NoneOnDryRun"];
const FAILURE_POLICIES = ["Fail", "Ignore"];
const OPERATIONS = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function validateClientConfig(cc: Obj, path: FieldPath): FieldErrorList {
  const url = cc["url"];
  const service = cc["service"];
  if (url === undefined && service === undefined) return [field.required(path, "exactly one of url or service is required")];
  if (url !== undefined && service !== undefined) return [field.required(path, "exactly one of url or service is required")];
  if (typeof url === "string") {
    const p = path.child("url");
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return [field.invalid(p, url, "host must be specified")];
    }
    if (parsed.protocol !== "https:") return [field.invalid(p, url, `'https' is the only allowed URL scheme; ${JSON.stringify(parsed.protocol.replace(/:$/, ""))} is not allowed`)];
    if (parsed.username !== "" || parsed.password !== "") return [field.invalid(p, url, "user information is not permitted in the URL")];
    if (parsed.hash !== "") return [field.invalid(p, url, "fragments are not permitted in the URL")];
    if (parsed.search !== "") return [field.invalid(p, url, "query parameters are not permitted in the URL")];
  }
  if (service !== undefined) {
    const s = obj(service);
    const p = path.child("service");
    const errs: FieldErrorList = [];
    if (!s["name"]) errs.push(field.required(p.child("name"), "service name is required"));
    if (!s["namespace"]) errs.push(field.required(p.child("namespace"), "service namespace is required"));
    return errs;
  }
  return [];
}

function validateWebhook(w: Obj, path: FieldPath, mutating: boolean): FieldErrorList {
  const errs: FieldErrorList = [];
  if (typeof w["name"] !== "string" || w["name"] === "") errs.push(field.required(path.child("name"), ""));
  for (const [i, rule] of list(w["rules"]).entries()) {
    const r = obj(rule);
    const rp = path.child("rules").index(i);
    const ops = list(r["operations"]);
    if (ops.length === 0) errs.push(field.required(rp.child("operations"), ""));
    for (const [j, op] of ops.entries()) {
      if (typeof op !== "string" || !OPERATIONS.includes(op)) errs.push(field.notSupported(rp.child("operations").index(j), op, OPERATIONS));
    }
    for (const key of ["apiGroups", "apiVersions", "resources"]) {
      if (list(r[key]).length === 0) errs.push(field.required(rp.child(key), ""));
    }
  }
  const fp = w["failurePolicy"];
  if (fp !== undefined && (typeof fp !== "string" || !FAILURE_POLICIES.includes(fp))) errs.push(field.notSupported(path.child("failurePolicy"), fp, FAILURE_POLICIES));
  // v1 requires sideEffects, and only None or NoneOnDryRun (Unknown and Some were v1beta1's).
  const se = w["sideEffects"];
  if (se === undefined) errs.push(field.required(path.child("sideEffects"), `must specify one of ${SIDE_EFFECTS.join(", ")}`));
  else if (typeof se !== "string" || !SIDE_EFFECTS.includes(se)) errs.push(field.notSupported(path.child("sideEffects"), se, SIDE_EFFECTS));
  const versions = list(w["admissionReviewVersions"]);
  if (versions.length === 0) {
    errs.push(field.required(path.child("admissionReviewVersions"), `must specify one of ${SUPPORTED_REVIEW_VERSIONS.join(", ")}`));
  } else if (!versions.some((v) => typeof v === "string" && SUPPORTED_REVIEW_VERSIONS.includes(v))) {
    errs.push(field.invalid(path.child("admissionReviewVersions"), versions, `must include at least one of ${SUPPORTED_REVIEW_VERSIONS.join(", ")}`));
  }
  const timeout = w["timeoutSeconds"];
  if (typeof timeout === "number" && (timeout < 1 || timeout > 30)) {
    errs.push(field.invalid(path.child("timeoutSeconds"), timeout, "the timeout value must be between 1 and 30 seconds"));
  }
  const rp = w["reinvocationPolicy"];
  if (mutating && rp !== undefined && rp !== "Never" && rp !== "IfNeeded") errs.push(field.notSupported(path.child("reinvocationPolicy"), rp, ["IfNeeded", "Never"]));
  errs.push(...validateClientConfig(obj(w["clientConfig"]), path.child("clientConfig")));
  return errs;
}

/** The kind's own rules, after ObjectMeta's (kinds.ts). */
export function validateWebhookConfiguration(o: KubeObject, mutating: boolean): FieldErrorList {
  const errs: FieldErrorList = [];
  const seen = new Set<string>();
  for (const [i, w] of list((o as Obj)["webhooks"]).entries()) {
    const p = field.newPath("webhooks").index(i);
    const hook = obj(w);
    const name = hook["name"];
    if (typeof name === "string" && name !== "") {
      if (seen.has(name)) errs.push(field.duplicate(p.child("name"), name));
      seen.add(name);
    }
    errs.push(...validateWebhook(hook, p, mutating));
  }
  return errs;
}
