// The admission chain a kube-apiserver runs by default, for the plugins this course implements,
// wired to the lookups they need. `AdmissionChain.ordered` puts them in upstream's order:
//
//   mutating:   LimitRanger → ServiceAccount → DefaultStorageClass → MutatingAdmissionWebhook
//   validating: LimitRanger → PodSecurity → ValidatingAdmissionWebhook → ResourceQuota
//
// Reference: pkg/kubeapiserver/options/plugins.go (AllOrderedPlugins, DefaultOffAdmissionPlugins).
// SIMPLIFICATION: the other default plugins (NamespaceLifecycle, Priority,
// DefaultTolerationSeconds, RuntimeClass, ...) are not implemented.

import type { RandomSource } from "../../api/names";
import type { KubeObject } from "../types";
import { AdmissionChain } from "./chain";
import { defaultStorageClassPlugin } from "./default-storage-class";
import { limitRangerPlugin } from "./limit-ranger";
import { podSecurityPlugin, type PodSecurityOptions } from "./pod-security/admission";
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
  mutatingWebhooks?: () => readonly WebhookConfiguration[];
  validatingWebhooks?: () => readonly WebhookConfiguration[];
  /** Required when webhooks are configured. */
  webhookTransport?: WebhookTransport;
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
    mutatingWebhookPlugin({ ...webhookCommon, configurations: deps.mutatingWebhooks ?? (() => []) }),
    defaultStorageClassPlugin(deps.listStorageClasses),
    podSecurityPlugin({ ...deps.podSecurity, getNamespace: deps.getNamespace }),
    serviceAccountPlugin({ getServiceAccount: deps.getServiceAccount, rng: deps.rng }),
    limitRangerPlugin(deps.listLimitRanges),
  ]);
}
