// Table cases reproduced from upstream
// pkg/scheduler/framework/plugins/imagelocality/image_locality_test.go
// (TestImageLocalityPriority, TestNormalizedImageName).
import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { harness, scoreAll } from "../testing/harness";
import { makeNode, makePod } from "../testing/wrappers";
import { normalizedImageName } from "./image-locality";

const mb = 1024 * 1024;
const node = (name: string, images: Array<[string[], number]>) => {
  const n = makeNode().name(name).obj();
  n.status!.images = images.map(([names, size]) => ({ names, sizeBytes: size * mb }));
  return n;
};
const pod = (...images: string[]) => {
  const w = makePod();
  for (const i of images) w.container({ image: i });
  return w.obj();
};
const node403002000 = (n: string) => node(n, [[["gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"], 40], [["gcr.io/300:latest", "gcr.io/300:v1"], 300], [["gcr.io/2000:latest"], 2000]]);
const node25010 = (n: string) => node(n, [[["gcr.io/250:latest"], 250], [["gcr.io/10:latest", "gcr.io/10:v1"], 10]]);
const node60040900 = (n: string) => node(n, [[["gcr.io/600:latest"], 600], [["gcr.io/40:latest"], 40], [["gcr.io/900:latest"], 900]]);
const node300600900 = (n: string) => node(n, [[["gcr.io/300:latest"], 300], [["gcr.io/600:latest"], 600], [["gcr.io/900:latest"], 900]]);
const node400030 = (n: string) => node(n, [[["gcr.io/4000:latest"], 4000], [["gcr.io/30:latest"], 30]]);
const node203040 = (n: string) => node(n, [[["gcr.io/20:latest"], 20], [["gcr.io/30:latest"], 30], [["gcr.io/40:latest"], 40]]);
const noImages = (n: string) => node(n, []);

describe("ImageLocality (TestImageLocalityPriority)", () => {
  const test30Init300: Pod = makePod().container({ image: "gcr.io/30" }).initContainer({ image: "gcr.io/300" }).obj();
  const cases = [
    { name: "two images spread on two nodes, prefer the larger image one", pod: pod("gcr.io/40", "gcr.io/250"), nodes: [node403002000("node1"), node25010("node2")], want: [0, 5] },
    { name: "two images on one node, prefer this node", pod: pod("gcr.io/40", "gcr.io/300"), nodes: [node403002000("node1"), node25010("node2")], want: [7, 0] },
    { name: "if exceed limit, use limit", pod: pod("gcr.io/10", "gcr.io/4000"), nodes: [node400030("node1"), node25010("node2")], want: [100, 0] },
    { name: "if exceed limit, use limit (with node which has no images present)", pod: pod("gcr.io/10", "gcr.io/4000"), nodes: [node400030("node1"), node25010("node2"), noImages("node3")], want: [66, 0, 0] },
    { name: "pod with multiple large images, node2 is preferred", pod: pod("gcr.io/300", "gcr.io/600", "gcr.io/900"), nodes: [node60040900("node1"), node300600900("node2"), noImages("node3")], want: [32, 36, 0] },
    { name: "pod with multiple small images", pod: pod("gcr.io/30", "gcr.io/40"), nodes: [node203040("node1"), node400030("node2")], want: [1, 0] },
    { name: "include InitContainers: two images spread on two nodes, prefer the larger image one", pod: test30Init300, nodes: [node403002000("node1"), node203040("node2")], want: [6, 0] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = scoreAll(harness(c.nodes), "ImageLocality", c.pod);
      expect(Array.isArray(got) && got.map((s) => s.score)).toEqual(c.want);
    });
  }
});

describe("normalizedImageName (TestNormalizedImageName)", () => {
  it.each([
    ["add :latest postfix 1", "root", "root:latest"],
    ["add :latest postfix 2", "gcr.io:5000/root", "gcr.io:5000/root:latest"],
    ["keep it as is 1", "root:tag", "root:tag"],
    ["keep it as is 2", "root@sha256:abc", "root@sha256:abc"],
  ])("%s", (_name, input, output) => {
    expect(normalizedImageName(input)).toBe(output);
  });
});
