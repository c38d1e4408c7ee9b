// Admission: the last word before an object is stored. After authentication (who?) and
// authorization (may they?), admission plugins look at the *object itself*: they may change it
// (mutating admission: fill in defaults, inject a sidecar) and then accept or refuse it
// (validating admission: Pod Security, quotas, limits).
//
// The shape follows k8s.io/apiserver/pkg/admission/interfaces.go: a plugin is a `Handler` that
// says which operations it cares about, and implements `MutationInterface.Admit`,
// `ValidationInterface.Validate`, or both. A plugin refuses by throwing an error; warnings go
// back to the client (`Warning:` lines in kubectl), annotations go to the audit log.
//
// What this module does not do: it never stores anything and never calls the network itself.
// Everything a plugin needs to look up (LimitRanges, StorageClasses, quotas, a webhook's
// answer) is injected as a small interface, so every run is deterministic.

import type { AdmissionAttributes, Operation } from "../types";

/** The side channel of one admission request: warnings for the client, annotations for audit. */
export class AdmissionContext {
  /** `Warning:` headers (k8s.io/apiserver/pkg/warning.AddWarning), in the order added. */
  readonly warnings: string[] = [];
  /** Audit annotations (Attributes.AddAnnotation): `pod-security.kubernetes.io/enforce-policy`... */
  readonly annotations: Record<string, string> = {};

  addWarning(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Upstream refuses to overwrite an annotation with a different value; we keep the first too. */
  addAnnotation(key: string, value: string): void {
    if (!(key in this.annotations)) this.annotations[key] = value;
  }
}

//> admission-plugin
/**
 * An admission plugin. Mutating plugins implement `admit` and may change `a.object` in place;
 * validating plugins implement `validate` and must not change anything. Either refuses the
 * request by throwing (a StatusError, usually from `admissionForbidden`).
 * Both may return a Promise: webhooks wait for a remote answer.
 */
export interface AdmissionPlugin {
  /** The upstream plugin name, as given to `--enable-admission-plugins`. */
  readonly name: string;
  /** admission.Handler.Handles: false means the chain skips this plugin for `operation`. */
  handles(operation: Operation): boolean;
  admit?(a: AdmissionAttributes, ctx: AdmissionContext): void | Promise<void>;
  validate?(a: AdmissionAttributes, ctx: AdmissionContext): void | Promise<void>;
}
//< admission-plugin

/** admission.NewHandler(ops...): handles exactly the listed operations. */
export function handlesOperations(...ops: Operation[]): (operation: Operation) => boolean {
  return (operation) => ops.includes(operation);
}
