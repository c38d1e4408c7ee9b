// Field numbers for the core group (v1): Pod and what a pod template holds, Service, the config
// kinds, ResourceQuota, LimitRange, Node. Every number is copied from
// k8s.io/api/core/v1/generated.proto (staging/src/k8s.io/api/core/v1 in kubernetes/kubernetes);
// see protobuf-schema.ts for how a table is read.
//
// SIMPLIFICATION: the volume sources are the ones a course cluster uses (hostPath, emptyDir,
// secret, configMap, persistentVolumeClaim, downwardAPI, projected); the cloud and network
// storage sources, ephemeral containers, volumeDevices, dnsConfig and a container's
// resizePolicy and restartPolicy are not in the tables, so they are skipped and reported.

import {
  bool, dropped, inline, int, intOrString, labelSelector, map, msg, objectMeta, ptr, quantity, s, strings, time, type Message,
} from "./protobuf-schema";

// References and selectors
const localObjectReference: Message = { 1: s("name") };
const keyToPath: Message = { 1: s("key"), 2: s("path"), 3: int("mode", ptr) };
const objectFieldSelector: Message = { 1: s("apiVersion"), 2: s("fieldPath") };
const resourceFieldSelector: Message = { 1: s("containerName"), 2: s("resource"), 3: quantity("divisor") };
const keySelector: Message = { 1: inline("localObjectReference", localObjectReference), 2: s("key"), 3: bool("optional", ptr) }; // ConfigMapKeySelector, SecretKeySelector
const envSource: Message = { 1: inline("localObjectReference", localObjectReference), 2: bool("optional", ptr) }; // ConfigMapEnvSource, SecretEnvSource

// Volumes: Volume inlines its VolumeSource, so `configMap:` sits next to `name:` in JSON.
const downwardAPIVolumeFile: Message = { 1: s("path"), 2: msg("fieldRef", objectFieldSelector), 3: msg("resourceFieldRef", resourceFieldSelector), 4: int("mode", ptr) };
const volumeProjection: Message = {
  1: msg("secret", { 1: inline("localObjectReference", localObjectReference), 2: msg("items", keyToPath, true), 4: bool("optional", ptr) }),
  2: msg("downwardAPI", { 1: msg("items", downwardAPIVolumeFile, true) }),
  3: msg("configMap", { 1: inline("localObjectReference", localObjectReference), 2: msg("items", keyToPath, true), 4: bool("optional", ptr) }),
  4: msg("serviceAccountToken", { 1: s("audience"), 2: int("expirationSeconds", ptr), 3: s("path") }),
};
const volumeSource: Message = {
  1: msg("hostPath", { 1: s("path"), 2: s("type", ptr) }),
  2: msg("emptyDir", { 1: s("medium"), 2: quantity("sizeLimit", ptr) }),
  6: msg("secret", { 1: s("secretName"), 2: msg("items", keyToPath, true), 3: int("defaultMode", ptr), 4: bool("optional", ptr) }),
  10: msg("persistentVolumeClaim", { 1: s("claimName"), 2: bool("readOnly") }),
  16: msg("downwardAPI", { 1: msg("items", downwardAPIVolumeFile, true), 2: int("defaultMode", ptr) }),
  19: msg("configMap", { 1: inline("localObjectReference", localObjectReference), 2: msg("items", keyToPath, true), 3: int("defaultMode", ptr), 4: bool("optional", ptr) }),
  26: msg("projected", { 1: msg("sources", volumeProjection, true), 2: int("defaultMode", ptr) }),
};
const volume: Message = { 1: s("name"), 2: inline("volumeSource", volumeSource) };
const volumeMount: Message = {
  1: s("name"), 2: bool("readOnly"), 3: s("mountPath"), 4: s("subPath"), 5: s("mountPropagation", ptr), 6: s("subPathExpr"), 7: s("recursiveReadOnly", ptr),
};

// Containers: probes inline their ProbeHandler (`httpGet:` sits next to `periodSeconds:`).
const httpGetAction: Message = { 1: s("path"), 2: intOrString("port"), 3: s("host"), 4: s("scheme"), 5: msg("httpHeaders", { 1: s("name"), 2: s("value") }, true) };
const execAction: Message = { 1: strings("command") };
const tcpSocketAction: Message = { 1: intOrString("port"), 2: s("host") };
const probeHandler: Message = { 1: msg("exec", execAction), 2: msg("httpGet", httpGetAction), 3: msg("tcpSocket", tcpSocketAction), 4: msg("grpc", { 1: int("port"), 2: s("service", ptr) }) };
const probe: Message = {
  1: inline("handler", probeHandler), 2: int("initialDelaySeconds"), 3: int("timeoutSeconds"), 4: int("periodSeconds"),
  5: int("successThreshold"), 6: int("failureThreshold"), 7: int("terminationGracePeriodSeconds", ptr),
};
const lifecycleHandler: Message = { 1: msg("exec", execAction), 2: msg("httpGet", httpGetAction), 3: msg("tcpSocket", tcpSocketAction), 4: msg("sleep", { 1: int("seconds") }) };
const seLinuxOptions: Message = { 1: s("user"), 2: s("role"), 3: s("type"), 4: s("level") };
const profile: Message = { 1: s("type"), 2: s("localhostProfile", ptr) }; // SeccompProfile, AppArmorProfile
const securityContext: Message = {
  1: msg("capabilities", { 1: strings("add"), 2: strings("drop") }), 2: bool("privileged", ptr), 3: msg("seLinuxOptions", seLinuxOptions),
  4: int("runAsUser", ptr), 5: bool("runAsNonRoot", ptr), 6: bool("readOnlyRootFilesystem", ptr), 7: bool("allowPrivilegeEscalation", ptr),
  8: int("runAsGroup", ptr), 9: s("procMount", ptr), 11: msg("seccompProfile", profile), 12: msg("appArmorProfile", profile),
};
const resourceRequirements: Message = { 1: map("limits", "quantity"), 2: map("requests", "quantity"), 3: msg("claims", { 1: s("name"), 2: s("request") }, true) };
const container: Message = {
  1: s("name"), 2: s("image"), 3: strings("command"), 4: strings("args"), 5: s("workingDir"),
  6: msg("ports", { 1: s("name"), 2: int("hostPort"), 3: int("containerPort"), 4: s("protocol"), 5: s("hostIP") }, true),
  7: msg("env", { 1: s("name"), 2: s("value"), 3: msg("valueFrom", { 1: msg("fieldRef", objectFieldSelector), 2: msg("resourceFieldRef", resourceFieldSelector), 3: msg("configMapKeyRef", keySelector), 4: msg("secretKeyRef", keySelector) }) }, true),
  8: msg("resources", resourceRequirements), 9: msg("volumeMounts", volumeMount, true), 10: msg("livenessProbe", probe), 11: msg("readinessProbe", probe),
  12: msg("lifecycle", { 1: msg("postStart", lifecycleHandler), 2: msg("preStop", lifecycleHandler), 3: s("stopSignal", ptr) }),
  13: s("terminationMessagePath"), 14: s("imagePullPolicy"), 15: msg("securityContext", securityContext), 16: bool("stdin"), 17: bool("stdinOnce"), 18: bool("tty"),
  19: msg("envFrom", { 1: s("prefix"), 2: msg("configMapRef", envSource), 3: msg("secretRef", envSource) }, true), 20: s("terminationMessagePolicy"), 22: msg("startupProbe", probe),
};

// Scheduling constraints, which the scheduler chapters read.
const toleration: Message = { 1: s("key"), 2: s("operator"), 3: s("value"), 4: s("effect"), 5: int("tolerationSeconds", ptr) };
const nodeSelectorRequirement: Message = { 1: s("key"), 2: s("operator"), 3: strings("values") };
const nodeSelectorTerm: Message = { 1: msg("matchExpressions", nodeSelectorRequirement, true), 2: msg("matchFields", nodeSelectorRequirement, true) };
const podAffinityTerm: Message = {
  1: msg("labelSelector", labelSelector), 2: strings("namespaces"), 3: s("topologyKey"), 4: msg("namespaceSelector", labelSelector), 5: strings("matchLabelKeys"), 6: strings("mismatchLabelKeys"),
};
const podAffinity: Message = { 1: msg("requiredDuringSchedulingIgnoredDuringExecution", podAffinityTerm, true), 2: msg("preferredDuringSchedulingIgnoredDuringExecution", { 1: int("weight"), 2: msg("podAffinityTerm", podAffinityTerm) }, true) };
const affinity: Message = {
  1: msg("nodeAffinity", {
    1: msg("requiredDuringSchedulingIgnoredDuringExecution", { 1: msg("nodeSelectorTerms", nodeSelectorTerm, true) }),
    2: msg("preferredDuringSchedulingIgnoredDuringExecution", { 1: int("weight"), 2: msg("preference", nodeSelectorTerm) }, true),
  }),
  2: msg("podAffinity", podAffinity), 3: msg("podAntiAffinity", podAffinity),
};
const topologySpreadConstraint: Message = {
  1: int("maxSkew"), 2: s("topologyKey"), 3: s("whenUnsatisfiable"), 4: msg("labelSelector", labelSelector), 5: int("minDomains", ptr),
  6: s("nodeAffinityPolicy", ptr), 7: s("nodeTaintsPolicy", ptr), 8: strings("matchLabelKeys"),
};
const podSecurityContext: Message = {
  1: msg("seLinuxOptions", seLinuxOptions), 2: int("runAsUser", ptr), 3: bool("runAsNonRoot", ptr), 4: { name: "supplementalGroups", type: "int", repeated: true },
  5: int("fsGroup", ptr), 6: int("runAsGroup", ptr), 7: msg("sysctls", { 1: s("name"), 2: s("value") }, true), 9: s("fsGroupChangePolicy", ptr),
  10: msg("seccompProfile", profile), 11: msg("appArmorProfile", profile), 12: s("supplementalGroupsPolicy", ptr), 13: s("seLinuxChangePolicy", ptr),
};

const podSpec: Message = {
  1: msg("volumes", volume, true), 2: msg("containers", container, true), 3: s("restartPolicy"), 4: int("terminationGracePeriodSeconds", ptr),
  5: int("activeDeadlineSeconds", ptr), 6: s("dnsPolicy"), 7: map("nodeSelector"), 8: s("serviceAccountName"), 9: s("serviceAccount"), 10: s("nodeName"),
  11: bool("hostNetwork"), 12: bool("hostPID"), 13: bool("hostIPC"), 14: msg("securityContext", podSecurityContext),
  15: msg("imagePullSecrets", localObjectReference, true), 16: s("hostname"), 17: s("subdomain"), 18: msg("affinity", affinity), 19: s("schedulerName"),
  20: msg("initContainers", container, true), 21: bool("automountServiceAccountToken", ptr), 22: msg("tolerations", toleration, true),
  23: msg("hostAliases", { 1: s("ip"), 2: strings("hostnames") }, true), 24: s("priorityClassName"), 25: int("priority", ptr),
  27: bool("shareProcessNamespace", ptr), 28: msg("readinessGates", { 1: s("conditionType") }, true), 29: s("runtimeClassName", ptr),
  30: bool("enableServiceLinks", ptr), 31: s("preemptionPolicy", ptr), 32: map("overhead", "quantity"), 33: msg("topologySpreadConstraints", topologySpreadConstraint, true),
  35: bool("setHostnameAsFQDN", ptr), 36: msg("os", { 1: s("name") }), 37: bool("hostUsers", ptr), 38: msg("schedulingGates", { 1: s("name") }, true),
};
/** PodTemplateSpec, which the apps and batch kinds embed. */
export const podTemplateSpec: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", podSpec) };
const pod: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", podSpec), 3: dropped("status") };

// Service: targetPort is an IntOrString, a number or a port name.
const servicePort: Message = { 1: s("name"), 2: s("protocol"), 3: int("port"), 4: intOrString("targetPort"), 5: int("nodePort"), 6: s("appProtocol", ptr) };
const serviceSpec: Message = {
  1: msg("ports", servicePort, true), 2: map("selector"), 3: s("clusterIP"), 4: s("type"), 5: strings("externalIPs"), 7: s("sessionAffinity"),
  8: s("loadBalancerIP"), 9: strings("loadBalancerSourceRanges"), 10: s("externalName"), 11: s("externalTrafficPolicy"), 12: int("healthCheckNodePort"),
  13: bool("publishNotReadyAddresses"), 14: msg("sessionAffinityConfig", { 1: msg("clientIP", { 1: int("timeoutSeconds", ptr) }) }), 17: s("ipFamilyPolicy", ptr),
  18: strings("clusterIPs"), 19: strings("ipFamilies"), 20: bool("allocateLoadBalancerNodePorts", ptr), 21: s("loadBalancerClass", ptr),
  22: s("internalTrafficPolicy", ptr), 23: s("trafficDistribution", ptr),
};
const service: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", serviceSpec), 3: dropped("status") };

// Policy kinds: quantities by resource name (map<string, Quantity>).
const resourceQuota: Message = {
  1: msg("metadata", objectMeta),
  2: msg("spec", { 1: map("hard", "quantity"), 2: strings("scopes"), 3: msg("scopeSelector", { 1: msg("matchExpressions", { 1: s("scopeName"), 2: s("operator"), 3: strings("values") }, true) }) }),
  3: dropped("status"),
};
const limitRangeItem: Message = {
  1: s("type"), 2: map("max", "quantity"), 3: map("min", "quantity"), 4: map("default", "quantity"), 5: map("defaultRequest", "quantity"), 6: map("maxLimitRequestRatio", "quantity"),
};
const limitRange: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", { 1: msg("limits", limitRangeItem, true) }) };

// Node: the spec a scheduler reads, and the status fields a node agent reports first.
const node: Message = {
  1: msg("metadata", objectMeta),
  2: msg("spec", { 1: s("podCIDR"), 2: s("externalID"), 3: s("providerID"), 4: bool("unschedulable"), 5: msg("taints", { 1: s("key"), 2: s("value"), 3: s("effect"), 4: time("timeAdded") }, true), 7: strings("podCIDRs") }),
  3: msg("status", {
    1: map("capacity", "quantity"), 2: map("allocatable", "quantity"),
    4: msg("conditions", { 1: s("type"), 2: s("status"), 3: time("lastHeartbeatTime"), 4: time("lastTransitionTime"), 5: s("reason"), 6: s("message") }, true),
    5: msg("addresses", { 1: s("type"), 2: s("address") }, true),
  }),
};

// The config kinds kubectl create sends.
const namespace: Message = { 1: msg("metadata", objectMeta), 2: msg("spec", { 1: strings("finalizers") }), 3: dropped("status") };
const configMap: Message = { 1: msg("metadata", objectMeta), 2: map("data"), 3: map("binaryData", "bytes"), 4: bool("immutable", ptr) };
const secret: Message = { 1: msg("metadata", objectMeta), 2: map("data", "bytes"), 3: s("type"), 4: map("stringData"), 5: bool("immutable", ptr) };
const serviceAccount: Message = { 1: msg("metadata", objectMeta), 3: msg("imagePullSecrets", localObjectReference, true), 4: bool("automountServiceAccountToken", ptr) };

export const CORE_MESSAGES: Readonly<Record<string, Message>> = {
  "v1/Namespace": namespace, "v1/ConfigMap": configMap, "v1/Secret": secret, "v1/ServiceAccount": serviceAccount,
  "v1/Pod": pod, "v1/Service": service, "v1/ResourceQuota": resourceQuota, "v1/LimitRange": limitRange, "v1/Node": node,
};
