// Node selectors: `spec.nodeSelector` and `requiredDuringSchedulingIgnoredDuringExecution`, as
// one matcher. Terms are ORed, the requirements of a term ANDed; a term with no requirements,
// or one that does not parse, selects no node (the others still count).
//
// Reference: k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
// (RequiredNodeAffinity, LazyErrorNodeSelector, PreferredSchedulingTerms).
import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from "kubernetes-types/core/v1";
import { type LabelOperator, newRequirement } from "../../../api";
import { nodeSelectorRequirementMatches } from "./node-selector-requirement";

const operators: Readonly<Record<string, LabelOperator>> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
  Gt: "gt",
  Lt: "lt",
};

/**
 * The validation half of nodeSelectorRequirementsAsSelector: throws on an unknown operator or an
 * invalid key or value. The matching half is nodeSelectorRequirementMatches.
 */
function validateRequirements(reqs: readonly NodeSelectorRequirement[]): readonly NodeSelectorRequirement[] {
  for (const r of reqs) {
    const op = Object.hasOwn(operators, r.operator) ? operators[r.operator] : undefined;
    if (op === undefined) throw new Error(`${JSON.stringify(r.operator)} is not a valid node selector operator`);
    newRequirement(r.key, op, r.values ?? []);
  }
  return reqs;
}

/** matchFields: only `metadata.name`, with In or NotIn. */
interface FieldRequirement {
  operator: "In" | "NotIn";
  values: readonly string[];
}

function fieldRequirements(reqs: readonly NodeSelectorRequirement[]): FieldRequirement[] {
  return reqs.map((r) => {
    if (r.key !== "metadata.name") throw new Error(`${JSON.stringify(r.key)} is not a valid field selector key`);
    if (r.operator !== "In" && r.operator !== "NotIn") throw new Error(`${JSON.stringify(r.operator)} is not a valid field selector operator`);
    if ((r.values ?? []).length !== 1) throw new Error("must have one element");
    return { operator: r.operator, values: r.values ?? [] };
  });
}

interface ParsedTerm {
  /** matchExpressions, validated; ANDed. */
  labels: readonly NodeSelectorRequirement[] | undefined;
  fields: FieldRequirement[] | undefined;
}

function parseTerm(term: NodeSelectorTerm): ParsedTerm {
  return {
    labels: (term.matchExpressions ?? []).length > 0 ? validateRequirements(term.matchExpressions ?? []) : undefined,
    fields: (term.matchFields ?? []).length > 0 ? fieldRequirements(term.matchFields ?? []) : undefined,
  };
}

function termMatches(t: ParsedTerm, node: Node): boolean {
  if (t.labels) {
    const labels = node.metadata?.labels ?? {};
    for (const r of t.labels) if (!nodeSelectorRequirementMatches(r, labels)) return false;
  }
  if (t.fields) {
    const name = node.metadata?.name ?? "";
    for (const f of t.fields) {
      const has = f.values.includes(name);
      if (f.operator === "In" ? !has : has) return false;
    }
  }
  return true;
}

/** LazyErrorNodeSelector: the valid, non-empty terms; parse errors are kept, not thrown. */
export class NodeSelectorMatcher {
  private readonly terms: ParsedTerm[] = [];
  readonly errors: Error[] = [];

  constructor(ns: NodeSelector) {
    for (const term of ns.nodeSelectorTerms ?? []) {
      // A nil or empty term selects no objects.
      if ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0) continue;
      try {
        this.terms.push(parseTerm(term));
      } catch (err: unknown) {
        this.errors.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  match(node: Node): boolean {
    return this.terms.some((t) => termMatches(t, node));
  }
}

//> required-node-affinity
/** GetRequiredNodeAffinity: `spec.nodeSelector` AND the required node affinity terms. */
export class RequiredNodeAffinity {
  private readonly labelSelector: Readonly<Record<string, string>> | undefined;
  private readonly nodeSelector: NodeSelectorMatcher | undefined;

  constructor(pod: Pod) {
    const sel = pod.spec?.nodeSelector;
    this.labelSelector = sel && Object.keys(sel).length > 0 ? sel : undefined;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.nodeSelector = required ? new NodeSelectorMatcher(required) : undefined;
  }

  /** Match: parse errors in the pod's terms make those terms match nothing. */
  match(node: Node): boolean {
    if (this.labelSelector) {
      const labels = node.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(this.labelSelector)) if (labels[k] !== v) return false;
    }
    return this.nodeSelector === undefined || this.nodeSelector.match(node);
  }
}
//< required-node-affinity

/** PreferredSchedulingTerms: weighted terms; throws if any term does not parse. */
export class PreferredSchedulingTerms {
  private readonly terms: Array<{ weight: number; term: ParsedTerm }> = [];

  constructor(terms: readonly PreferredSchedulingTerm[]) {
    for (const t of terms) {
      if (t.weight === 0) continue;
      this.terms.push({ weight: t.weight, term: parseTerm(t.preference) });
    }
  }

  /** Score: the sum of the weights of the terms the node matches. */
  score(node: Node): number {
    let sum = 0;
    for (const { weight, term } of this.terms) {
      if ((term.labels !== undefined || term.fields !== undefined) && termMatches(term, node)) sum += weight;
    }
    return sum;
  }
}

