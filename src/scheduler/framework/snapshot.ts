// The scheduler's view of the cluster: every node's NodeInfo, in a fixed order.
//
// The order matters. Upstream lists nodes zone by zone, round-robin (its "node tree"), so that
// when only a percentage of nodes is examined (percentageOfNodesToScore), the ones examined are
// spread over all zones instead of being the first few hundred of one zone. We do the same.
//
// SIMPLIFICATION: upstream keeps a cache updated by informers and copies changed NodeInfos into a
// fresh snapshot at the start of every cycle (UpdateSnapshot). Our drivers run one cycle at a
// time and bind synchronously, so the cache *is* the snapshot: NodeInfos are updated in place.
//
// Reference: pkg/scheduler/backend/cache/snapshot.go, node_tree.go.
import type { Node, Pod } from "kubernetes-types/core/v1";
import { NodeInfo } from "./node-info";
import type { PodInfo } from "./pod-info";

export const LabelTopologyZone = "topology.kubernetes.io/zone";
export const LabelTopologyRegion = "topology.kubernetes.io/region";
export const LabelHostname = "kubernetes.io/hostname";

/** utilnode.GetZoneKey: region and zone, or "" when the node has neither. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const region = labels[LabelTopologyRegion] ?? "";
  const zone = labels[LabelTopologyZone] ?? "";
  return region === "" && zone === "" ? "" : `${region}:\x00:${zone}`;
}

/** What plugins may read (upstream's SharedLister / NodeInfoLister). */
export interface NodeInfoLister {
  /** All nodes, in node-tree order. */
  list(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** Nodes with at least one pod that has (anti-)affinity. */
  havePodsWithAffinityList(): readonly NodeInfo[];
  /** Nodes with at least one pod that has required anti-affinity. */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  /** How many nodes report an image under this name (ImageStateSummary.NumNodes). */
  imageNumNodes(image: string): number;
  numNodes(): number;
}

export class Snapshot implements NodeInfoLister {
  private readonly byName = new Map<string, NodeInfo>();
  private readonly zones = new Map<string, NodeInfo[]>();
  private ordered: NodeInfo[] | undefined = [];
  private withAffinity: NodeInfo[] | undefined = [];
  private withRequiredAntiAffinity: NodeInfo[] | undefined = [];
  private readonly imageNodes = new Map<string, number>();

  constructor(nodes: readonly Node[] = [], pods: readonly Pod[] = []) {
    for (const n of nodes) this.addNode(n);
    for (const p of pods) {
      const nodeName = p.spec?.nodeName;
      if (nodeName) this.addPod(p, nodeName);
    }
  }

  list(): readonly NodeInfo[] {
    if (this.ordered === undefined) {
      // Round-robin over zones, in the order zones first appeared.
      const out: NodeInfo[] = [];
      const zoneLists = [...this.zones.values()];
      for (let i = 0; out.length < this.byName.size; i++) {
        for (const list of zoneLists) {
          const n = list[i];
          if (n) out.push(n);
        }
      }
      this.ordered = out;
    }
    return this.ordered;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  numNodes(): number {
    return this.byName.size;
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    this.withAffinity ??= this.list().filter((n) => n.podsWithAffinity.length > 0);
    return this.withAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    this.withRequiredAntiAffinity ??= this.list().filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    return this.withRequiredAntiAffinity;
  }

  imageNumNodes(image: string): number {
    return this.imageNodes.get(image) ?? 0;
  }

  addNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? "";
    if (this.byName.has(name)) return this.updateNode(node);
    const info = new NodeInfo(node);
    this.byName.set(name, info);
    const zone = zoneKey(node);
    let list = this.zones.get(zone);
    if (!list) this.zones.set(zone, (list = []));
    list.push(info);
    this.countImages(info, 1);
    this.ordered = undefined;
    return info;
  }

  updateNode(node: Node): NodeInfo {
    const info = this.byName.get(node.metadata?.name ?? "");
    if (!info) return this.addNode(node);
    const zoneChanged = zoneKey(info.node) !== zoneKey(node);
    this.countImages(info, -1);
    info.setNode(node);
    this.countImages(info, 1);
    if (zoneChanged) {
      this.removeFromZones(info);
      const zone = zoneKey(node);
      let list = this.zones.get(zone);
      if (!list) this.zones.set(zone, (list = []));
      list.push(info);
      this.ordered = undefined;
      this.invalidatePodLists();
    }
    return info;
  }

  /** Removes a node (and forgets its pods). */
  removeNode(nodeName: string): void {
    const info = this.byName.get(nodeName);
    if (!info) return;
    this.countImages(info, -1);
    this.byName.delete(nodeName);
    this.removeFromZones(info);
    this.ordered = undefined;
    this.invalidatePodLists();
  }

  /** Adds a pod to its node (binding, or an assumed pod). Returns undefined if the node is unknown. */
  addPod(pod: Pod, nodeName: string): PodInfo | undefined {
    const info = this.byName.get(nodeName);
    if (!info) return undefined;
    const podInfo = info.addPod(pod);
    if (podInfo.hasAffinity && info.podsWithAffinity.length === 1) this.withAffinity = undefined;
    if (podInfo.requiredAntiAffinityTerms.length > 0 && info.podsWithRequiredAntiAffinity.length === 1) {
      this.withRequiredAntiAffinity = undefined;
    }
    return podInfo;
  }

  removePod(pod: Pod, nodeName: string): boolean {
    const info = this.byName.get(nodeName);
    if (!info) return false;
    const hadAffinity = info.podsWithAffinity.length > 0;
    const hadAnti = info.podsWithRequiredAntiAffinity.length > 0;
    const removed = info.removePod(pod);
    if (hadAffinity && info.podsWithAffinity.length === 0) this.withAffinity = undefined;
    if (hadAnti && info.podsWithRequiredAntiAffinity.length === 0) this.withRequiredAntiAffinity = undefined;
    return removed;
  }

  private removeFromZones(info: NodeInfo): void {
    for (const [zone, list] of this.zones) {
      const i = list.indexOf(info);
      if (i >= 0) {
        list.splice(i, 1);
        if (list.length === 0) this.zones.delete(zone);
        return;
      }
    }
  }

  private invalidatePodLists(): void {
    this.withAffinity = undefined;
    this.withRequiredAntiAffinity = undefined;
  }

  private countImages(info: NodeInfo, sign: 1 | -1): void {
    for (const name of info.imageSizes.keys()) {
      const n = (this.imageNodes.get(name) ?? 0) + sign;
      if (n > 0) this.imageNodes.set(name, n);
      else this.imageNodes.delete(name);
    }
  }
}
