// The checks a kind's registry strategy adds to schema validation (its Validate method), for the
// kinds src/apiserver/validation knows only by their schema. Wrapped around whatever
// ValidateObject the server was given, so they hold even with a validator of your own.
//
//   PriorityClass   a user's class is worth at most 1000000000 (HighestUserDefinablePriority);
//                   names starting "system-" are reserved for the two system classes, whose
//                   values are fixed; preemptionPolicy is Never or PreemptLowerPriority
//
//   POST /apis/scheduling.k8s.io/v1/priorityclasses {"metadata":{"name":"huge"},"value":2000000000}
//   → 422 PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed
//     value of a user defined priority is 1000000000
//
// Reference: pkg/apis/scheduling/validation/validation.go (ValidatePriorityClass),
// pkg/apis/scheduling/helpers.go (IsKnownSystemPriorityClass).
//
// SIMPLIFICATION: these run only when schema validation passed (upstream reports both in one
// 422); ValidatePriorityClassUpdate (value and preemptionPolicy are immutable) is not checked,
// because ValidateObject does not see the stored object. PodDisruptionBudget's spec rules
// (minAvailable and maxUnavailable exclusive, at most 100%) are left to schema validation.

import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { field, FieldPath, type FieldError } from "../../api/field-errors";
import { newInvalid } from "../../api/status";
import { HighestUserDefinablePriority, SystemPriorityClassPrefix, systemPriorityClasses } from "../admission/priority";
import type { KubeObject } from "../types";
import type { ValidateObject } from "./validation-hook";

/** IsKnownSystemPriorityClass: undefined when it is, else why not. */
function systemClassError(pc: PriorityClass): string | undefined {
  const known = systemPriorityClasses().find((s) => s.metadata?.name === pc.metadata?.name);
  if (known === undefined) return `${pc.metadata?.name ?? ""} is not a known system priority class`;
  if (known.value !== pc.value) return `value of ${known.metadata?.name ?? ""} PriorityClass must be ${known.value}`;
  if ((pc.globalDefault ?? false) !== false) return `globalDefault of ${known.metadata?.name ?? ""} PriorityClass must be false`;
  return undefined;
}

//> validate-priority-class
/** ValidatePriorityClass, beyond ObjectMeta. */
export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  const name = pc.metadata?.name ?? "";
  if (name.startsWith(SystemPriorityClassPrefix)) {
    const why = systemClassError(pc);
    if (why !== undefined) {
      errs.push(field.forbidden(FieldPath.of("metadata", "name"), `priority class names with '${SystemPriorityClassPrefix}' prefix are reserved for system use only. error: ${why}`));
    }
  } else if (typeof pc.value === "number" && pc.value > HighestUserDefinablePriority) {
    errs.push(field.forbidden(FieldPath.of("value"), `maximum allowed value of a user defined priority is ${HighestUserDefinablePriority}`));
  }
  const policy = pc.preemptionPolicy;
  if (policy !== undefined && policy !== "Never" && policy !== "PreemptLowerPriority") {
    errs.push(field.notSupported(FieldPath.of("preemptionPolicy"), policy, ["Never", "PreemptLowerPriority"]));
  }
  return errs;
}
//< validate-priority-class

const strategyRules: Readonly<Record<string, (o: KubeObject) => FieldError[]>> = {
  "scheduling.k8s.io/PriorityClass": (o) => validatePriorityClass(o as unknown as PriorityClass),
};

/** `validate`, then the strategy's own checks of the kinds listed above. */
export function withStrategyValidation(validate: ValidateObject): ValidateObject {
  return (object, target, operation, fieldValidation) => {
    const result = validate(object, target, operation, fieldValidation);
    const rules = strategyRules[`${target.group}/${target.kind}`];
    if (result.error !== undefined || rules === undefined) return result;
    const errs = rules(object);
    if (errs.length === 0) return result;
    return { ...result, error: newInvalid({ group: target.group, kind: target.kind }, object.metadata?.name ?? "", errs) };
  };
}
