// Field numbers for apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet, the kinds
// `kubectl create deployment` sends and the controllers of the course reconcile. Every number is
// copied from k8s.io/api/apps/v1/generated.proto; see protobuf-schema.ts for how a table is read.
//
// SIMPLIFICATION: a StatefulSet's volumeClaimTemplates (PersistentVolumeClaims) are not in the
// table, so they are skipped and reported.

import { podTemplateSpec } from "./protobuf-messages-core";
import { bool, dropped, int, intOrString, labelSelector, msg, objectMeta, ptr, s, type Message } from "./protobuf-schema";

// maxUnavailable and maxSurge are *IntOrString: "25%" or 1, and an explicit 0 is kept.
const rollingUpdate: Message = { 1: intOrString("maxUnavailable", ptr), 2: intOrString("maxSurge", ptr) };

const deploymentSpec: Message = {
  1: int("replicas", ptr), 2: msg("selector", labelSelector), 3: msg("template", podTemplateSpec),
  4: msg("strategy", { 1: s("type"), 2: msg("rollingUpdate", rollingUpdate) }), 5: int("minReadySeconds"),
  6: int("revisionHistoryLimit", ptr), 7: bool("paused"), 9: int("progressDeadlineSeconds", ptr), 10: s("podReplacementPolicy", ptr),
};
const replicaSetSpec: Message = { 1: int("replicas", ptr), 2: msg("selector", labelSelector), 3: msg("template", podTemplateSpec), 4: int("minReadySeconds") };
const statefulSetSpec: Message = {
  1: int("replicas", ptr), 2: msg("selector", labelSelector), 3: msg("template", podTemplateSpec), 5: s("serviceName"), 6: s("podManagementPolicy"),
  7: msg("updateStrategy", { 1: s("type"), 2: msg("rollingUpdate", { 1: int("partition", ptr), 2: intOrString("maxUnavailable", ptr) }) }),
  8: int("revisionHistoryLimit", ptr), 9: int("minReadySeconds"),
  10: msg("persistentVolumeClaimRetentionPolicy", { 1: s("whenDeleted"), 2: s("whenScaled") }), 11: msg("ordinals", { 1: int("start") }),
};
const daemonSetSpec: Message = {
  1: msg("selector", labelSelector), 2: msg("template", podTemplateSpec), 3: msg("updateStrategy", { 1: s("type"), 2: msg("rollingUpdate", rollingUpdate) }),
  4: int("minReadySeconds"), 6: int("revisionHistoryLimit", ptr),
};

/** Every apps/v1 kind is { 1: metadata, 2: spec, 3: status }. */
const workload = (spec: Message): Message => ({ 1: msg("metadata", objectMeta), 2: msg("spec", spec), 3: dropped("status") });

export const APPS_MESSAGES: Readonly<Record<string, Message>> = {
  "apps/v1/Deployment": workload(deploymentSpec), "apps/v1/ReplicaSet": workload(replicaSetSpec),
  "apps/v1/StatefulSet": workload(statefulSetSpec), "apps/v1/DaemonSet": workload(daemonSetSpec),
};
