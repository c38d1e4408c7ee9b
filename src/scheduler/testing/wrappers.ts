// Builders for pods and nodes, shaped like upstream's test wrappers (st.MakePod(), st.MakeNode())
// so that table cases read like the upstream ones they reproduce. Also used by the benchmark,
// notebooks and the playground.
//
// Reference: pkg/scheduler/testing/wrappers.go.
import type {
  Affinity, Container, Node, NodeSelectorRequirement, Pod, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint,
} from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";

/** kubernetes-types marks server-set fields readonly; the in-memory "API server" sets them. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };
const w = <T>(x: T): Writable<T> => x as Writable<T>;

export class PodWrapper {
  readonly pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "", namespace: "default", labels: {} }, spec: { containers: [] } };

  name(n: string): this {
    this.pod.metadata!.name = n;
    return this;
  }
  namespace(ns: string): this {
    this.pod.metadata!.namespace = ns;
    return this;
  }
  uid(uid: string): this {
    w(this.pod.metadata!).uid = uid;
    return this;
  }
  label(k: string, v: string): this {
    this.pod.metadata!.labels![k] = v;
    return this;
  }
  labels(l: Record<string, string>): this {
    Object.assign(this.pod.metadata!.labels!, l);
    return this;
  }
  node(n: string): this {
    this.pod.spec!.nodeName = n;
    return this;
  }
  schedulerName(n: string): this {
    this.pod.spec!.schedulerName = n;
    return this;
  }
  priority(p: number): this {
    this.pod.spec!.priority = p;
    return this;
  }
  priorityClassName(n: string): this {
    this.pod.spec!.priorityClassName = n;
    return this;
  }
  preemptionPolicy(p: "Never" | "PreemptLowerPriority"): this {
    this.pod.spec!.preemptionPolicy = p;
    return this;
  }
  startTime(iso: string): this {
    (w(this.pod).status ??= {}).startTime = iso;
    return this;
  }
  terminating(): this {
    w(this.pod.metadata!).deletionTimestamp = "1970-01-01T00:00:00Z";
    return this;
  }
  terminationGracePeriodSeconds(s: number): this {
    this.pod.spec!.terminationGracePeriodSeconds = s;
    return this;
  }
  nominatedNodeName(n: string): this {
    (w(this.pod).status ??= {}).nominatedNodeName = n;
    return this;
  }
  /** Adds a container with these requests (st.MakePod().Req). */
  req(requests: Record<string, string>): this {
    this.pod.spec!.containers.push({ name: `c${this.pod.spec!.containers.length}`, image: "pause", resources: { requests: { ...requests } } });
    return this;
  }
  container(c: Partial<Container> & { image: string }): this {
    this.pod.spec!.containers.push({ name: `c${this.pod.spec!.containers.length}`, ...c });
    return this;
  }
  initContainer(c: Partial<Container> & { image: string }): this {
    (this.pod.spec!.initContainers ??= []).push({ name: `i${this.pod.spec!.initContainers!.length}`, ...c });
    return this;
  }
  hostPort(port: number, protocol = "TCP", hostIP = ""): this {
    this.pod.spec!.containers.push({ name: `c${this.pod.spec!.containers.length}`, image: "pause", ports: [{ containerPort: port, hostPort: port, protocol, hostIP }] });
    return this;
  }
  nodeSelector(s: Record<string, string>): this {
    this.pod.spec!.nodeSelector = { ...s };
    return this;
  }
  toleration(t: Toleration): this {
    (this.pod.spec!.tolerations ??= []).push(t);
    return this;
  }
  affinity(a: Affinity): this {
    this.pod.spec!.affinity = a;
    return this;
  }
  /** Required node affinity with one term and one expression (st NodeAffinityIn/NotIn). */
  nodeAffinity(...exprs: NodeSelectorRequirement[]): this {
    const a = (this.pod.spec!.affinity ??= {});
    a.nodeAffinity = { ...(a.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs }] } };
    return this;
  }
  podAffinity(topologyKey: string, selector: LabelSelector): this {
    const a = (this.pod.spec!.affinity ??= {});
    a.podAffinity ??= {};
    (a.podAffinity.requiredDuringSchedulingIgnoredDuringExecution ??= []).push({ topologyKey, labelSelector: selector });
    return this;
  }
  podAntiAffinity(topologyKey: string, selector: LabelSelector): this {
    const a = (this.pod.spec!.affinity ??= {});
    a.podAntiAffinity ??= {};
    (a.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution ??= []).push({ topologyKey, labelSelector: selector });
    return this;
  }
  preferredPodAntiAffinity(weight: number, term: PodAffinityTerm): this {
    const a = (this.pod.spec!.affinity ??= {});
    a.podAntiAffinity ??= {};
    (a.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight, podAffinityTerm: term });
    return this;
  }
  spreadConstraint(maxSkew: number, topologyKey: string, whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway", selector: LabelSelector, extra: Partial<TopologySpreadConstraint> = {}): this {
    (this.pod.spec!.topologySpreadConstraints ??= []).push({ maxSkew, topologyKey, whenUnsatisfiable, labelSelector: selector, ...extra });
    return this;
  }
  schedulingGates(...names: string[]): this {
    this.pod.spec!.schedulingGates = names.map((name) => ({ name }));
    return this;
  }
  ownerReference(kind: string, name: string): this {
    this.pod.metadata!.ownerReferences = [{ apiVersion: kind === "StatefulSet" || kind === "ReplicaSet" ? "apps/v1" : "v1", kind, name, uid: `uid-${name}`, controller: true }];
    return this;
  }
  obj(): Pod {
    return this.pod;
  }
}

export class NodeWrapper {
  readonly node: Node = { apiVersion: "v1", kind: "Node", metadata: { name: "", labels: {} }, spec: {}, status: { capacity: {}, allocatable: {} } };

  name(n: string): this {
    this.node.metadata!.name = n;
    this.node.metadata!.labels!["kubernetes.io/hostname"] ??= n;
    return this;
  }
  label(k: string, v: string): this {
    this.node.metadata!.labels![k] = v;
    return this;
  }
  /** Sets capacity and allocatable; "pods" defaults to 110 (the kubelet's default). */
  capacity(c: Record<string, string>): this {
    const withPods = { pods: "110", ...c };
    this.node.status!.capacity = { ...withPods };
    this.node.status!.allocatable = { ...withPods };
    return this;
  }
  taint(t: Taint): this {
    (this.node.spec!.taints ??= []).push(t);
    return this;
  }
  unschedulable(u = true): this {
    this.node.spec!.unschedulable = u;
    return this;
  }
  images(images: Record<string, number>): this {
    this.node.status!.images = Object.entries(images).map(([name, sizeBytes]) => ({ names: [name], sizeBytes }));
    return this;
  }
  obj(): Node {
    return this.node;
  }
}

export const makePod = (): PodWrapper => new PodWrapper();
export const makeNode = (): NodeWrapper => new NodeWrapper();

/** `{matchLabels}` shorthand. */
export const matchLabels = (labels: Record<string, string>): LabelSelector => ({ matchLabels: labels });
/** st.MakeLabelSelector().Exists(key). */
export const exists = (key: string): LabelSelector => ({ matchExpressions: [{ key, operator: "Exists" }] });
