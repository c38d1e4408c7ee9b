// Which objects a list or watch wants: storage.SelectionPredicate
// (k8s.io/apiserver/pkg/storage/selection_predicate.go), a label selector AND a field selector,
// evaluated on the attributes `getAttrs` extracts from an object.
//
// The fields an object can be selected on depend on its kind (`spec.nodeName` for pods): the
// registry passes a `getAttrs` that knows them; the default knows only metadata.name and
// metadata.namespace (generic.ObjectMetaFieldsSet), as for every kind.
import { FieldsSelector, type Fields } from "../../api/field-selector";
import { LabelsSelector, type Labels } from "../../api/label-selector";
import type { KubeObject } from "../types";

export interface SelectionPredicate {
  label: LabelsSelector;
  field: FieldsSelector;
  getAttrs: (obj: KubeObject) => { labels: Labels; fields: Fields };
}

/** generic.ObjectMetaFieldsSet: the fields every kind can be selected on. */
export function defaultAttrs(obj: KubeObject): { labels: Labels; fields: Fields } {
  return {
    labels: obj.metadata?.labels ?? {},
    fields: { "metadata.name": obj.metadata?.name ?? "", "metadata.namespace": obj.metadata?.namespace ?? "" },
  };
}

/** A predicate from selectors; either may be omitted (everything). */
export function predicate(
  options: { label?: LabelsSelector; field?: FieldsSelector; getAttrs?: SelectionPredicate["getAttrs"] } = {},
): SelectionPredicate {
  return {
    label: options.label ?? LabelsSelector.everything(),
    field: options.field ?? FieldsSelector.everything(),
    getAttrs: options.getAttrs ?? defaultAttrs,
  };
}

/** storage.Everything: no filtering. */
export const everything: SelectionPredicate = predicate();

/** SelectionPredicate.Empty: does it select every object? (Then lists may report remainingItemCount.) */
export function isEmptyPredicate(p: SelectionPredicate): boolean {
  return p.label.isEmpty() && p.field.isEmpty();
}

/** SelectionPredicate.Matches. */
export function matches(p: SelectionPredicate, obj: KubeObject): boolean {
  if (isEmptyPredicate(p)) return true;
  const { labels, fields } = p.getAttrs(obj);
  return p.label.matches(labels) && p.field.matches(fields);
}
