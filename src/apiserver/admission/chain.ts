// The admission chain: every mutating plugin in order, then (after the API server has
// validated the object's schema) every validating plugin in order.
//
// Why the split: a validating plugin must see the *final* object. If Pod Security ran before
// a mutating webhook injected a privileged sidecar, the sidecar would slip through. So
// upstream's request handlers call `admit` on the whole chain, then validate the object, then
// call `validate` on the whole chain (k8s.io/apiserver/pkg/admission/chain.go,
// k8s.io/apiserver/pkg/endpoints/handlers/create.go).
//
// The first refusal stops the chain: later plugins never see the request.

import type { StatusError } from "../../api/status";
import type { AdmissionAttributes, KubeObject } from "../types";
import { toStatusError } from "./errors";
import { AdmissionContext, type AdmissionPlugin } from "./plugin";

/** The outcome of one phase (or both): the possibly mutated object, or the refusal. */
export type AdmissionResult =
  | { allowed: true; object: KubeObject | undefined; warnings: string[]; annotations: Record<string, string> }
  | { allowed: false; error: StatusError; plugin: string; warnings: string[]; annotations: Record<string, string> };

//> admission-plugin-order
/**
 * The plugins a kube-apiserver enables by default that this course implements, in upstream's
 * order (k8s.io/kubernetes/pkg/kubeapiserver/options/plugins.go, AllOrderedPlugins). The order
 * is fixed by that list, not by the order of `--enable-admission-plugins`. Webhooks and
 * ResourceQuota come last on purpose: quota must charge for the object webhooks produced.
 */
export const orderedPluginNames: readonly string[] = [
  "LimitRanger",
  "ServiceAccount",
  "PodSecurity",
  "Priority",
  "DefaultStorageClass",
  "MutatingAdmissionWebhook",
  "ValidatingAdmissionWebhook",
  "ResourceQuota",
];
//< admission-plugin-order

//> admission-chain
export class AdmissionChain {
  readonly plugins: readonly AdmissionPlugin[];

  /** Plugins run in the given order; use `AdmissionChain.ordered` for upstream's order. */
  constructor(plugins: readonly AdmissionPlugin[]) {
    this.plugins = plugins;
  }

  /** A chain sorted as upstream's AllOrderedPlugins; unknown plugin names go last, stably. */
  static ordered(plugins: readonly AdmissionPlugin[]): AdmissionChain {
    const rank = (p: AdmissionPlugin): number => {
      const i = orderedPluginNames.indexOf(p.name);
      return i === -1 ? orderedPluginNames.length : i;
    };
    return new AdmissionChain([...plugins].sort((x, y) => rank(x) - rank(y)));
  }

  /** Mutating phase: each plugin's `admit`, in order, on the same attributes. */
  async admit(a: AdmissionAttributes, ctx = new AdmissionContext()): Promise<AdmissionResult> {
    return this.run("admit", a, ctx);
  }

  /** Validating phase: each plugin's `validate`, in order. Nothing may change here. */
  async validate(a: AdmissionAttributes, ctx = new AdmissionContext()): Promise<AdmissionResult> {
    return this.run("validate", a, ctx);
  }

  /** Both phases, as a request without schema validation in between would see them. */
  async admitAndValidate(a: AdmissionAttributes, ctx = new AdmissionContext()): Promise<AdmissionResult> {
    const mutated = await this.admit(a, ctx);
    if (!mutated.allowed) return mutated;
    return this.validate(a, ctx);
  }

  private async run(
    phase: "admit" | "validate",
    a: AdmissionAttributes,
    ctx: AdmissionContext,
  ): Promise<AdmissionResult> {
    for (const plugin of this.plugins) {
      const step = plugin[phase];
      if (step === undefined || !plugin.handles(a.operation)) continue;
      try {
        await step.call(plugin, a, ctx);
      } catch (err) {
        return {
          allowed: false, error: toStatusError(err), plugin: plugin.name,
          warnings: ctx.warnings, annotations: ctx.annotations,
        };
      }
    }
    return { allowed: true, object: a.object, warnings: ctx.warnings, annotations: ctx.annotations };
  }
}
//< admission-chain
