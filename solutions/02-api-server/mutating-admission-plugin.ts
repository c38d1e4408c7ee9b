// A mutating admission plugin: sidecar injection.
//
// Service meshes (Istio, Linkerd) put a proxy container next to every application container
// without anyone writing it into the Pod: a *mutating* admission step adds it as the Pod is
// created, in every namespace labelled for it (Istio: `istio-injection=enabled`). Upstream does it
// in a mutating webhook; here you write the same logic as an in-process admission plugin
// (src/apiserver/admission/plugin.ts, the AdmissionPlugin interface):
//
//   - for CREATE of a Pod (resource "pods", core group, no subresource) whose namespace carries
//     the label `sidecar-injection=enabled`,
//   - append a copy of the sidecar container to spec.containers and set the Pod label
//     `sidecar-injected: "true"`;
//   - idempotently: a Pod that already has a container with the sidecar's name gets no second one
//     (the chain may run mutating plugins again: upstream's reinvocationPolicy, a client resending
//     an injected manifest);
//   - and nothing else: other resources, subresources and operations pass untouched (a running
//     Pod's containers cannot change, so UPDATE is not for us).
//
// Where it runs matters. The chain (src/apiserver/admission/chain.ts) runs every plugin's `admit`
// (the mutating phase), then every plugin's `validate`: a plugin that changes the object must do
// it in `admit`, so that validating plugins (Pod Security, quota, limits) judge the Pod *with* its
// sidecar. A sidecar injected during validation would slip past them.
//
// The graded tests run your plugin in the real admission chain together with the default plugins
// (LimitRanger, ServiceAccount, PodSecurity, DefaultStorageClass, ResourceQuota).
import type { AdmissionAttributes, KubeObject, Operation } from "../../src/apiserver/types";
import { isCoreResource } from "../../src/apiserver/admission/attributes";
import { handlesOperations, type AdmissionPlugin } from "../../src/apiserver/admission/plugin";
import { asPod, type Container } from "../../src/apiserver/admission/pod-spec";

/** The namespace label that asks for injection, and the value that switches it on. */
export const InjectionLabel = "sidecar-injection";
export const InjectionEnabled = "enabled";
/** The label put on every Pod that has the sidecar. */
export const InjectedLabel = "sidecar-injected";

export interface SidecarInjectorOptions {
  /** Looks up a namespace by name (undefined: not found). */
  getNamespace: (name: string) => KubeObject | undefined;
  /** The container to add. It is a template: every Pod gets its own copy. */
  sidecar: Container;
}

/** The plugin: `AdmissionChain.ordered([...defaults, new SidecarInjector(options)])`. */
export class SidecarInjector implements AdmissionPlugin {
  readonly name = "SidecarInjector";

  constructor(private readonly options: SidecarInjectorOptions) {}

  // SOLUTION BEGIN
  // TODO(mutating-admission-plugin): say which operations the plugin handles (`handles`; see
  // handlesOperations), and write `admit(a)`, the mutating phase, as described at the top of this
  // file. Useful: isCoreResource(a, "pods"), asPod(a.object),
  // this.options.getNamespace(a.namespace)?.metadata?.labels, structuredClone(this.options.sidecar).
  // Read: Kubernetes docs "Admission Control in Kubernetes"
  // (https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/) and
  // k8s.io/apiserver/pkg/admission/interfaces.go (Interface.Handles, MutationInterface.Admit).
  // STUB: readonly handles = (_operation: Operation): boolean => false;
  readonly handles = handlesOperations("CREATE");

  admit(a: AdmissionAttributes): void {
    if (!isCoreResource(a, "pods")) return;
    const pod = asPod(a.object);
    if (pod === undefined) return;
    const labels = this.options.getNamespace(a.namespace)?.metadata?.labels ?? {};
    if (labels[InjectionLabel] !== InjectionEnabled) return;
    // Idempotent: the sidecar is added once, however often the Pod comes through.
    if (!pod.spec.containers.some((c) => c.name === this.options.sidecar.name)) {
      pod.spec.containers.push(structuredClone(this.options.sidecar));
    }
    (pod.metadata ??= {}).labels = { ...pod.metadata.labels, [InjectedLabel]: "true" };
  }
  // SOLUTION END
}
