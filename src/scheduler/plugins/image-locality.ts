// ImageLocality: prefer nodes that already have the pod's container images, so the pod starts
// without a long pull. An image counts in proportion to how many nodes have it (an image on
// every node is no reason to pick any one of them):
//   sum   = Σ over the pod's images present on the node of size × (nodes having it / all nodes)
//   score = 100 × (clamp(sum, 23 MiB, 1000 MiB × containers) − 23 MiB) / (1000 MiB × containers − 23 MiB)
//
// Reference: pkg/scheduler/framework/plugins/imagelocality/image_locality.go.
import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../framework/cycle-state";
import { type Handle, MaxNodeScore, type ScorePlugin } from "../framework/interface";
import type { NodeInfo } from "../framework/node-info";
import type { Status } from "../framework/status";
import { names } from "./names";

const mb = 1024 * 1024;
/** Below this, images are so small that pulling them does not matter. */
export const minThreshold = 23 * mb;
/** Per container: above this the score saturates. */
export const maxContainerThreshold = 1000 * mb;

/** normalizedImageName: "nginx" and "nginx:latest" are the same image. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return name + ":latest";
  return name;
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  const sum = Math.min(Math.max(sumScores, minThreshold), maxThreshold);
  return Math.trunc((MaxNodeScore * (sum - minThreshold)) / (maxThreshold - minThreshold));
}

// The pod's normalized image names, computed once per pod rather than once per node.
const podImages = new WeakMap<Pod, string[]>();
function imagesOf(pod: Pod): string[] {
  let images = podImages.get(pod);
  if (!images) {
    images = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ""));
    podImages.set(pod, images);
  }
  return images;
}

export class ImageLocality implements ScorePlugin {
  readonly name = names.ImageLocality;

  constructor(private readonly handle: Handle) {}

  score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    const lister = this.handle.snapshotSharedLister();
    const totalNumNodes = lister.numNodes();
    let sum = 0;
    const images = imagesOf(pod);
    for (const image of images) {
      const size = nodeInfo.imageSizes.get(image);
      if (size === undefined) continue;
      // scaledImageScore: int64(size * spread), spread = numNodes / totalNumNodes.
      sum += Math.trunc(size * (lister.imageNumNodes(image) / totalNumNodes));
    }
    return calculatePriority(sum, images.length);
  }
}

export const newImageLocality = (_args: unknown, handle: Handle): ImageLocality => new ImageLocality(handle);
