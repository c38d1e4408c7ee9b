// metav1.DeleteOptions, from the query (`?gracePeriodSeconds=0`) and the body (kubectl sends
// `{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}`); the body wins
// where both say something, as handlers/delete.go decodes the body over the query's options.
//
//   gracePeriodSeconds   0: now ("force"); omitted: the kind's default (pods: 30 s)
//   preconditions        {uid, resourceVersion}: delete only that version of that object
//   propagationPolicy    Orphan, Background or Foreground: accepted and checked
//   orphanDependents     deprecated; false is the one case that answers 202 (handlers/delete.go)
//
// SIMPLIFICATION: propagationPolicy does not change anything here (there is no garbage
// collector in this server: dependents are left as they are, as with Orphan).

import { field, FieldPath } from "../../api/field-errors";
import { newBadRequest, newInvalid } from "../../api/status";
import type { Query } from "../pipeline/request-info";
import type { RegistryDeleteOptions } from "../registry/store";
import { queryValues } from "./query";

type Obj = Record<string, unknown>;

const policies = ["Foreground", "Background", "Orphan", "nil"];

export interface ParsedDeleteOptions extends RegistryDeleteOptions {
  /** DeleteOptions.orphanDependents (deprecated): only its `false` changes the response code. */
  orphanDependents?: boolean;
}

export function parseDeleteOptions(body: unknown, query: Query): ParsedDeleteOptions {
  const out: ParsedDeleteOptions = {};
  const orphanQuery = queryValues(query, "orphanDependents")[0];
  if (orphanQuery === "true" || orphanQuery === "false") out.orphanDependents = orphanQuery === "true";
  const q = queryValues(query, "gracePeriodSeconds")[0];
  if (q !== undefined && q !== "") {
    if (!/^[+-]?\d+$/.test(q)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(q)}: invalid syntax`);
    out.gracePeriodSeconds = Number(q);
  }
  let policy = queryValues(query, "propagationPolicy")[0];
  if (body !== undefined && body !== null && !(typeof body === "string" && body === "")) {
    if (typeof body !== "object" || Array.isArray(body)) {
      throw newBadRequest(`json: cannot unmarshal ${Array.isArray(body) ? "array" : typeof body} into Go value of type v1.DeleteOptions`);
    }
    const b = body as Obj;
    if (b["kind"] !== undefined && b["kind"] !== "DeleteOptions") {
      throw newBadRequest(`no kind "${String(b["kind"])}" is registered for version "${String(b["apiVersion"] ?? "")}" in scheme "k8s.io/apimachinery/pkg/runtime/scheme.go:100"`);
    }
    if (b["gracePeriodSeconds"] !== undefined && b["gracePeriodSeconds"] !== null) {
      if (typeof b["gracePeriodSeconds"] !== "number" || !Number.isInteger(b["gracePeriodSeconds"])) {
        throw newBadRequest(`json: cannot unmarshal ${typeof b["gracePeriodSeconds"]} into Go struct field DeleteOptions.gracePeriodSeconds of type int64`);
      }
      out.gracePeriodSeconds = b["gracePeriodSeconds"];
    }
    if (typeof b["propagationPolicy"] === "string") policy = b["propagationPolicy"];
    if (typeof b["orphanDependents"] === "boolean") out.orphanDependents = b["orphanDependents"];
    const pre = b["preconditions"];
    if (pre !== undefined && pre !== null) {
      if (typeof pre !== "object" || Array.isArray(pre)) throw newBadRequest("json: cannot unmarshal into Go struct field DeleteOptions.preconditions of type v1.Preconditions");
      const p = pre as Obj;
      out.preconditions = {};
      if (typeof p["uid"] === "string") out.preconditions.uid = p["uid"];
      if (typeof p["resourceVersion"] === "string") out.preconditions.resourceVersion = p["resourceVersion"];
    }
  }
  // ValidateDeleteOptions.
  const errs = [];
  if (policy !== undefined && policy !== "" && !policies.includes(policy)) {
    errs.push(field.notSupported(FieldPath.of("propagationPolicy"), policy, policies));
  }
  if (out.gracePeriodSeconds !== undefined && out.gracePeriodSeconds < 0) out.gracePeriodSeconds = 1; // upstream: negative means "now" but gracefully: 1 s
  if (errs.length > 0) throw newInvalid({ group: "meta.k8s.io", kind: "DeleteOptions" }, "", errs);
  return out;
}

/** `dryRun` may also come in the DeleteOptions body. */
export function bodyAsksDryRun(body: unknown): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const d = (body as Obj)["dryRun"];
  return Array.isArray(d) && d.includes("All");
}
