// The admission chain a kube-apiserver runs by default, for the plugins this course implements,
// wired to the lookups they need. `AdmissionChain.ordered` puts them in upstream's order:
//
//   mutating:   LimitRanger → ServiceAccount → Priority → DefaultStorageClass → MutatingAdmissionWebhook
//   validating: LimitRanger → PodSecurity → Priority → ValidatingAdmissionWebhook → ResourceQuota
//
// Priority is in the chain only when `listPriorityClasses` is given (it cannot resolve a class
// without them); the API server always gives it. NamespaceLifecycle lives with the server
// (server/namespace-lifecycle.ts), which puts it first.
//
// Reference: pkg/kubeapiserver/options/plugins.go (AllOrderedPlugins, DefaultOffAdmissionPlugins).
// SIMPLIFICATION: the other default plugins (DefaultTolerationSeconds, RuntimeClass, ...) are
// not implemented.

import type { RandomSource } from "../../api/names";
import type { AdmissionAttributes, KubeObject } from "../types";
import { AdmissionChain } from "./chain";
import { defaultStorageClassPlugin } from "./default-storage-class";
import { limitRangerPlugin } from "./limit-ranger";
import { podSecurityPlugin, type PodSecurityOptions } from "./pod-security/admission";
import { priorityPlugin, type ListPriorityClasses } from "./priority";
import { resourceQuotaPlugin, type QuotaStore } from "./resource-quota";
import { serviceAccountPlugin } from "./service-account";
import { mutatingWebhookPlugin, validatingWebhookPlugin } from "./webhook/dispatcher";
import type { WebhookConfiguration, WebhookTransport } from "./webhook/types";

export interface DefaultAdmissionDeps {
  getNamespace: (name: string) => KubeObject | undefined;
  getServiceAccount: (namespace: string, name: string) => KubeObject | undefined;
  listLimitRanges: (namespace: string) => readonly KubeObject[];
  listStorageClasses: () => readonly KubeObject[];
  quotaStore: QuotaStore;
  /** The PriorityClasses, for the Priority plugin; without them the plugin is left out. */
  listPriorityClasses?: ListPriorityClasses;
  mutatingWebhooks?: () => readonly WebhookConfiguration[];
  validatingWebhooks?: () => readonly WebhookConfiguration[];
  /**
   * How webhooks are reached. Default: none, so every call fails and each webhook's
   * failurePolicy decides (Fail → 500 `failed calling webhook`, Ignore → carry on).
   */
  webhookTransport?: WebhookTransport;
  /** The decoder's defaulting, re-run on the object after each mutating webhook's patch. */
  defaultObject?: (object: KubeObject, a: AdmissionAttributes) => void;
  podSecurity?: Omit<PodSecurityOptions, "getNamespace">;
  /** Volume name suffixes and webhook request uids. */
  rng: RandomSource;
}

const noTransport: WebhookTransport = {
  call: () => Promise.reject(new Error("no webhook transport configured")),
};

export function newDefaultAdmissionChain(deps: DefaultAdmissionDeps): AdmissionChain {
  const webhookCommon = { transport: deps.webhookTransport ?? noTransport, getNamespace: deps.getNamespace, rng: deps.rng };
  return AdmissionChain.ordered([
    resourceQuotaPlugin(deps.quotaStore),
    validatingWebhookPlugin({ ...webhookCommon, configurations: deps.validatingWebhooks ?? (() => []) }),
    mutatingWebhookPlugin({
      ...webhookCommon, configurations: deps.mutatingWebhooks ?? (() => []),
      ...(deps.defaultObject === undefined ? {} : { defaultObject: deps.defaultObject }),
    }),
    defaultStorageClassPlugin(deps.listStorageClasses),
    ...(deps.listPriorityClasses === undefined ? [] : [priorityPlugin(deps.listPriorityClasses)]),
    podSecurityPlugin({ ...deps.podSecurity, getNamespace: deps.getNamespace }),
    serviceAccountPlugin({ getServiceAccount: deps.getServiceAccount, rng: deps.rng }),
    limitRangerPlugin(deps.listLimitRanges),
  ]);
}
