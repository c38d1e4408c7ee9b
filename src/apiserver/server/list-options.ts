// The query string of a list or a watch, read as upstream reads metav1.ListOptions:
//
//   ?labelSelector=app=web,tier!=db      which objects, by labels
//   &fieldSelector=spec.nodeName=node-1  which objects, by the kind's selectable fields
//   &limit=500&continue=<token>          one page at a time
//   &resourceVersion=123                 how fresh (and, with resourceVersionMatch, how exact)
//   &watch=true&allowWatchBookmarks=true&timeoutSeconds=300
//
// Bad selectors and bad numbers are 400 BadRequest; combinations the API forbids are 422 on the
// kind "ListOptions" (k8s.io/apimachinery/pkg/apis/meta/internalversion/validation,
// ValidateListOptions), as `kubectl get --raw` shows:
//
//   ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch
//   is forbidden unless resourceVersion is provided
//
// Upstream: k8s.io/apiserver/pkg/endpoints/handlers/get.go (ListResource) and
// k8s.io/apimachinery/pkg/apis/meta/internalversion (ListOptions conversion).

import { field, FieldPath, type FieldError } from "../../api/field-errors";
import { defaultSelectableFields, FieldSelectorError, FieldsSelector, parseFieldSelector } from "../../api/field-selector";
import { LabelsSelector } from "../../api/label-selector";
import { parseLabelSelector } from "../../api/label-selector-parser";
import { newBadRequest, newInvalid } from "../../api/status";
import { queryValue, type Query } from "../pipeline/request-info";
import { predicate, type ListOptions, type ResourceVersionMatch, type SelectionPredicate } from "../storage";
import type { KubeObject } from "../types";
import type { ResourceInfo } from "./resources";

const selectableFields = defaultSelectableFields();

export interface ParsedListOptions {
  list: ListOptions;
  predicate: SelectionPredicate;
  watch: boolean;
  allowWatchBookmarks: boolean;
  /** Seconds; undefined when the client gave none. */
  timeoutSeconds: number | undefined;
}

/** Go's strconv.ParseInt error text, which the parameter codec's error carries. */
function parseInt64(key: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`);
  void key;
  return n;
}

/** Go's strconv.ParseBool, as the parameter codec decodes bool query values. */
function parseBool(value: string | undefined): boolean {
  if (value === undefined || value === "") return false;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw newBadRequest(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

/** The label and field selectors as a SelectionPredicate over the kind's selectable fields. */
export function selectorPredicate(info: ResourceInfo, query: Query): SelectionPredicate {
  let label = LabelsSelector.everything();
  let fields = FieldsSelector.everything();
  const ls = queryValue(query, "labelSelector");
  const fs = queryValue(query, "fieldSelector");
  try {
    if (ls !== undefined && ls !== "") label = parseLabelSelector(ls);
  } catch (err) {
    throw newBadRequest(err instanceof Error ? err.message : String(err));
  }
  try {
    if (fs !== undefined && fs !== "") {
      fields = parseFieldSelector(fs);
      selectableFields.validate(info.kind, fields);
    }
  } catch (err) {
    if (err instanceof FieldSelectorError) throw newBadRequest(err.message);
    throw newBadRequest(err instanceof Error ? err.message : String(err));
  }
  return predicate({
    label, field: fields,
    getAttrs: (obj: KubeObject) => ({ labels: obj.metadata?.labels ?? {}, fields: selectableFields.fieldsOf(info.kind, obj) }),
  });
}

//> apiserver-list-options
export function parseListOptions(info: ResourceInfo, query: Query, watchFromPath: boolean): ParsedListOptions {
  const watch = watchFromPath || parseBool(queryValue(query, "watch"));
  const rv = queryValue(query, "resourceVersion") ?? "";
  const rvMatch = queryValue(query, "resourceVersionMatch") ?? "";
  const cont = queryValue(query, "continue") ?? "";
  const limit = parseInt64("limit", queryValue(query, "limit"));
  const timeoutSeconds = parseInt64("timeoutSeconds", queryValue(query, "timeoutSeconds"));
  const allowWatchBookmarks = parseBool(queryValue(query, "allowWatchBookmarks"));

  // ValidateListOptions.
  const errs: FieldError[] = [];
  const matchPath = FieldPath.of("resourceVersionMatch");
  if (rvMatch !== "") {
    if (watch) errs.push(field.forbidden(matchPath, "resourceVersionMatch is forbidden for watch"));
    if (rv === "") errs.push(field.forbidden(matchPath, "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    if (cont !== "") errs.push(field.forbidden(matchPath, "resourceVersionMatch is forbidden when continue is provided"));
    if (rvMatch !== "NotOlderThan" && rvMatch !== "Exact") {
      errs.push(field.notSupported(matchPath, rvMatch, ["Exact", "NotOlderThan", ""]));
    }
    if (rvMatch === "Exact" && rv === "0") errs.push(field.forbidden(matchPath, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (allowWatchBookmarks && !watch) {
    errs.push(field.forbidden(FieldPath.of("allowWatchBookmarks"), "allowWatchBookmarks is forbidden unless watch is true"));
  }
  if (errs.length > 0) throw newInvalid({ group: "meta.k8s.io", kind: "ListOptions" }, "", errs);

  const pred = selectorPredicate(info, query);
  const list: ListOptions = { predicate: pred };
  if (rv !== "") list.resourceVersion = rv;
  if (rvMatch !== "") list.resourceVersionMatch = rvMatch as ResourceVersionMatch;
  if (limit !== undefined && limit > 0) list.limit = limit;
  if (cont !== "") list.continue = cont;
  return { list, predicate: pred, watch, allowWatchBookmarks, timeoutSeconds };
}
//< apiserver-list-options
