import { describe, expect, it } from "vitest";
import { utf8Encode } from "../bytes";
import { decodeKubernetesProtobuf, decodeKubernetesProtobufReporting, ProtobufDecodeError } from "./protobuf-decoding";
import { fromHex, KUBECTL_BODIES } from "./protobuf-kubectl-bodies.test-util";
import { bytesField, envelope, mapEntry, message, num, quantityEntry, str, varint } from "./protobuf-writer.test-util";

describe("decodeKubernetesProtobuf", () => {
  it("decodes a Namespace as kubectl create namespace sends it, dropping Go's zero values", () => {
    const meta = [...str(1, "team-a"), ...str(2, ""), ...str(3, ""), ...bytesField(8, []), ...mapEntry(11, "team", "a")];
    const body = decodeKubernetesProtobuf(envelope("v1", "Namespace", [...bytesField(1, meta), ...bytesField(2, []), ...bytesField(3, str(1, ""))]));
    expect(body).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { team: "a" } }, spec: {} });
  });

  it("decodes a RoleBinding's repeated subjects and its roleRef", () => {
    const subject = (name: string) => bytesField(2, [...str(1, "User"), ...str(2, "rbac.authorization.k8s.io"), ...str(3, name)]);
    const raw = [...bytesField(1, str(1, "rb")), ...subject("jane"), ...subject("joe"), ...bytesField(3, [...str(1, "rbac.authorization.k8s.io"), ...str(2, "Role"), ...str(3, "r")])];
    expect(decodeKubernetesProtobuf(envelope("rbac.authorization.k8s.io/v1", "RoleBinding", raw))).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "rb" },
      subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "jane" }, { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "joe" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
    });
  });

  it("decodes a Secret's bytes as base64, as JSON carries them", () => {
    const raw = [...bytesField(1, str(1, "s")), ...bytesField(2, [...str(1, "p"), ...str(2, "secret")]), ...str(3, "Opaque")];
    expect(decodeKubernetesProtobuf(envelope("v1", "Secret", raw))).toMatchObject({ data: { p: "c2VjcmV0" }, type: "Opaque" });
  });

  it("refuses a kind it has no field numbers for, saying which", () => {
    const decode = () => decodeKubernetesProtobuf(fromHex(KUBECTL_BODIES.podDisruptionBudget.hex));
    expect(decode).toThrow(ProtobufDecodeError);
    expect(decode).toThrow(expect.objectContaining({ unsupportedKind: true, message: "policy/v1/PodDisruptionBudget in protobuf" }));
  });

  it("refuses bytes without the k8s envelope", () => {
    expect(() => decodeKubernetesProtobuf(utf8Encode("{}"))).toThrow(/expected prefix \[107 56 115 0\]/);
  });

  it("refuses a body cut short, rather than reading past its end", () => {
    const bytes = envelope("v1", "Pod", message(1, str(1, "web")));
    expect(() => decodeKubernetesProtobuf(bytes.subarray(0, bytes.length - 8))).toThrow("unexpected end of protobuf data");
  });
});

describe("the bodies real kubectl v1.32 sends decode to the JSON it would have sent", () => {
  const decode = (body: { hex: string }) => decodeKubernetesProtobufReporting(fromHex(body.hex));
  const template = (name: string, restartPolicy?: string) => ({
    metadata: {}, spec: { containers: [{ name, image: "busybox", resources: {} }], ...(restartPolicy ? { restartPolicy } : {}) },
  });

  it("kubectl create deployment web --image=nginx --replicas=2", () => {
    expect(decode(KUBECTL_BODIES.deployment)).toEqual({
      object: {
        apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", labels: { app: "web" } },
        spec: {
          replicas: 2, selector: { matchLabels: { app: "web" } }, strategy: {},
          template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx", resources: {} }] } },
        },
      },
      skippedFields: [], // kubectl also sends an empty status, dropped without a mention
    });
  });

  it("kubectl create deployment web2 --image=nginx --port=80 -- sleep 10", () => {
    const { object } = decode(KUBECTL_BODIES.deploymentWithPortAndCommand);
    expect(object).toMatchObject({ spec: { replicas: 1, template: { spec: { containers: [{ name: "nginx", command: ["sleep", "10"], ports: [{ containerPort: 80 }] }] } } } });
  });

  it("kubectl create job j --image=busybox", () => {
    expect(decode(KUBECTL_BODIES.job)).toEqual({
      object: { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j" }, spec: { template: template("j", "Never") } },
      skippedFields: [],
    });
  });

  it("kubectl create cronjob c --image=busybox --schedule='*/1 * * * *'", () => {
    expect(decode(KUBECTL_BODIES.cronjob).object).toEqual({
      apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c" },
      spec: { schedule: "*/1 * * * *", jobTemplate: { metadata: { name: "c" }, spec: { template: template("c", "OnFailure") } } },
    });
  });

  it("kubectl create service clusterip s --tcp=80:8080: targetPort is an IntOrString holding a number", () => {
    expect(decode(KUBECTL_BODIES.serviceClusterIP).object).toEqual({
      apiVersion: "v1", kind: "Service", metadata: { name: "s", labels: { app: "s" } },
      spec: { type: "ClusterIP", selector: { app: "s" }, ports: [{ name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 }] },
    });
  });

  it("kubectl create service nodeport np --tcp=80:http: an IntOrString holding a port name", () => {
    expect(decode(KUBECTL_BODIES.serviceNodePortNamedTarget).object).toMatchObject({ spec: { type: "NodePort", ports: [{ port: 80, targetPort: "http" }] } });
  });

  it("kubectl create priorityclass high --value=1000", () => {
    expect(decode(KUBECTL_BODIES.priorityClass).object).toEqual({
      apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000, preemptionPolicy: "PreemptLowerPriority",
    });
  });

  it("kubectl create quota: a ResourceList of Quantity messages decodes to strings", () => {
    expect(decode(KUBECTL_BODIES.quota).object).toEqual({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "10" } } });
    expect(decode(KUBECTL_BODIES.quotaWithScopes).object).toMatchObject({ spec: { hard: { cpu: "1", memory: "1Gi" }, scopes: ["BestEffort"] } });
  });
});

describe("the workload kinds, built field by field", () => {
  it("a Pod: volumes and probes inline their sources, env refs inline the name, resources are quantities", () => {
    const container = message(2,
      str(1, "app"), str(2, "nginx:1.27"),
      message(6, str(1, "http"), num(3, 8080), str(4, "TCP")),
      message(7, str(1, "MODE"), str(2, "fast")),
      message(7, str(1, "TOKEN"), message(3, message(4, message(1, str(1, "creds")), str(2, "token")))),
      message(8, quantityEntry(1, "cpu", "500m"), quantityEntry(2, "memory", "64Mi")),
      message(9, str(1, "config"), num(2, true), str(3, "/etc/app")),
      message(10, message(1, message(2, str(1, "/healthz"), message(2, num(1, 1), str(3, "http")))), num(4, 5)),
      message(11, message(1, message(3, message(1, num(1, 0), num(2, 8080)))), num(2, 0)),
      message(15, message(1, str(2, "ALL")), num(4, 1000), num(5, true)),
    );
    const volume = (name: string, source: number[]) => message(1, str(1, name), message(2, source));
    const spec = [
      ...volume("config", message(19, message(1, str(1, "app-config")), num(3, 420))),
      ...volume("scratch", message(2, str(1, "Memory"), message(2, str(1, "1Gi")))),
      ...volume("data", message(10, str(1, "data-claim"))),
      ...volume("creds", message(6, str(1, "creds"))),
      ...volume("token", message(26, message(1, message(4, str(1, "api"), num(2, 3600), str(3, "token"))))),
      ...container, ...str(3, "Always"), ...mapEntry(7, "disk", "ssd"),
      ...message(22, str(1, "dedicated"), str(2, "Equal"), str(3, "ctl"), str(4, "NoSchedule")),
      ...message(14, bytesField(4, [...varint(1000), ...varint(2000)]), num(4, 3000)), // supplementalGroups, packed then not
    ];
    const raw = [...message(1, str(1, "web"), mapEntry(11, "app", "web")), ...bytesField(2, spec), ...message(3, str(1, "Pending"))];
    expect(decodeKubernetesProtobufReporting(envelope("v1", "Pod", raw))).toEqual({
      object: {
        apiVersion: "v1", kind: "Pod", metadata: { name: "web", labels: { app: "web" } },
        spec: {
          volumes: [
            { name: "config", configMap: { name: "app-config", defaultMode: 420 } },
            { name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } },
            { name: "data", persistentVolumeClaim: { claimName: "data-claim" } },
            { name: "creds", secret: { secretName: "creds" } },
            { name: "token", projected: { sources: [{ serviceAccountToken: { audience: "api", expirationSeconds: 3600, path: "token" } }] } },
          ],
          containers: [{
            name: "app", image: "nginx:1.27",
            ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
            env: [{ name: "MODE", value: "fast" }, { name: "TOKEN", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } }],
            resources: { limits: { cpu: "500m" }, requests: { memory: "64Mi" } },
            volumeMounts: [{ name: "config", readOnly: true, mountPath: "/etc/app" }],
            livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
            readinessProbe: { tcpSocket: { port: 8080 } },
            securityContext: { capabilities: { drop: ["ALL"] }, runAsUser: 1000, runAsNonRoot: true },
          }],
          restartPolicy: "Always", nodeSelector: { disk: "ssd" },
          tolerations: [{ key: "dedicated", operator: "Equal", value: "ctl", effect: "NoSchedule" }],
          securityContext: { supplementalGroups: [1000, 2000, 3000] },
        },
      },
      skippedFields: [],
    });
  });

  it("a Deployment's rolling update keeps an explicit 0 (a Go pointer) and a percentage", () => {
    const spec = message(2, num(1, 0), message(4, str(1, "RollingUpdate"), message(2, message(1, num(1, 0), num(2, 0)), message(2, num(1, 1), str(3, "25%")))));
    expect(decodeKubernetesProtobuf(envelope("apps/v1", "Deployment", [...message(1, str(1, "web")), ...spec])).spec).toEqual({
      replicas: 0, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
    });
  });

  it("a ReplicaSet, a DaemonSet and a StatefulSet share the pod template", () => {
    const selector = message(2, message(2, str(1, "tier"), str(2, "In"), str(3, "db"), str(3, "cache")));
    const podTemplate = message(3, message(1, mapEntry(11, "tier", "db")), message(2, message(2, str(1, "db"), str(2, "postgres"))));
    const expected = { matchExpressions: [{ key: "tier", operator: "In", values: ["db", "cache"] }] };
    const rs = decodeKubernetesProtobuf(envelope("apps/v1", "ReplicaSet", message(2, num(1, 3), selector, podTemplate)));
    expect(rs).toMatchObject({ spec: { replicas: 3, selector: expected, template: { spec: { containers: [{ name: "db", image: "postgres" }] } } } });
    const ds = decodeKubernetesProtobuf(envelope("apps/v1", "DaemonSet", message(2, message(1, mapEntry(1, "app", "agent")))));
    expect(ds).toMatchObject({ spec: { selector: { matchLabels: { app: "agent" } } } });
    const sts = decodeKubernetesProtobuf(envelope("apps/v1", "StatefulSet", message(2, num(1, 2), str(5, "db"), message(7, str(1, "OnDelete")))));
    expect(sts).toMatchObject({ spec: { replicas: 2, serviceName: "db", updateStrategy: { type: "OnDelete" } } });
  });

  it("skips a field it has no number for, and says where, so a caller can warn", () => {
    const container = message(2, str(1, "app"), str(2, "nginx"), str(24, "Always")); // restartPolicy, for sidecars: not in the table
    const spec = message(2, num(1, 1), message(3, message(2, container)), message(4, message(1, str(1, "data"))));
    const { object, skippedFields } = decodeKubernetesProtobufReporting(envelope("apps/v1", "StatefulSet", [...message(1, str(1, "db")), ...spec]));
    expect(object).toMatchObject({ spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "nginx" }] } } } });
    expect(skippedFields).toEqual(["field 24 of spec.template.spec.containers[0]", "field 4 of spec"]);
  });

  it("a PriorityClass's negative value, ten bytes on the wire, and a value of 0 that JSON keeps", () => {
    expect(varint(-5)).toHaveLength(10);
    expect(decodeKubernetesProtobuf(envelope("scheduling.k8s.io/v1", "PriorityClass", [...message(1, str(1, "low")), ...num(2, -5)]))).toMatchObject({ value: -5 });
    expect(decodeKubernetesProtobuf(envelope("scheduling.k8s.io/v1", "PriorityClass", [...message(1, str(1, "zero")), ...num(2, 0)]))).toMatchObject({ value: 0 });
  });

  it("a LimitRange's defaults, a Node's taints and capacity", () => {
    const limits = message(2, message(1, str(1, "Container"), quantityEntry(4, "cpu", "500m"), quantityEntry(5, "cpu", "250m")));
    expect(decodeKubernetesProtobuf(envelope("v1", "LimitRange", [...message(1, str(1, "limits")), ...limits])).spec).toEqual({
      limits: [{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "250m" } }],
    });
    const nodeSpec = message(2, num(4, true), message(5, str(1, "node-role.kubernetes.io/control-plane"), str(3, "NoSchedule")));
    const node = decodeKubernetesProtobuf(envelope("v1", "Node", [...message(1, str(1, "cp-1"), mapEntry(11, "zone", "a")), ...nodeSpec, ...message(3, quantityEntry(1, "cpu", "4"))]));
    expect(node).toEqual({
      apiVersion: "v1", kind: "Node", metadata: { name: "cp-1", labels: { zone: "a" } },
      spec: { unschedulable: true, taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] },
      status: { capacity: { cpu: "4" } },
    });
  });

  it("a Lease as leader election writes it: MicroTime to the microsecond, and 0 transitions kept", () => {
    const spec = message(2, str(1, "scheduler-1"), num(2, 15), message(4, num(1, 1_700_000_000), num(2, 123_456_789)), num(5, 0));
    expect(decodeKubernetesProtobuf(envelope("coordination.k8s.io/v1", "Lease", [...message(1, str(1, "kube-scheduler")), ...spec])).spec).toEqual({
      holderIdentity: "scheduler-1", leaseDurationSeconds: 15, renewTime: "2023-11-14T22:13:20.123456Z", leaseTransitions: 0,
    });
  });
});
