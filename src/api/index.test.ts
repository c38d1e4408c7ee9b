import { describe, expect, it } from "vitest";
import * as api from "./index";

describe("the control-plane/api entry point", () => {
  it("lets a reader go from a manifest to a scheduling-style question", () => {
    const [deploy, pod] = api.loadManifests(
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: web, namespace: shop}",
        "spec:",
        "  selector: {matchLabels: {app: web}}",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: web-1, namespace: shop, labels: {app: web, tier: frontend}}",
        "spec:",
        "  containers: [{name: c, resources: {requests: {cpu: 250m, memory: 64Mi}}}]",
      ].join("\n"),
      { filename: "web.yaml" },
    );
    const selector = api.labelSelectorAsSelector((deploy?.["spec"] as { selector: object }).selector);
    expect(selector.matches(api.getLabels(pod ?? {}))).toBe(true);
    const cpu = api.parseQuantity("250m").mul(4);
    expect(cpu.toString()).toBe("1");
    expect(api.metaNamespaceKey(pod ?? {})).toBe("shop/web-1");
    expect(api.isNotFound(api.newNotFound({ group: "", resource: "pods" }, "web-1"))).toBe(true);
  });
});
