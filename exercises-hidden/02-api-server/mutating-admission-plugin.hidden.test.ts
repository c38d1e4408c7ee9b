// Hidden tests for the exercise "mutating-admission-plugin": instructor-only, they count in batch
// grading and are not in the learner edition. Weights add up to 3, on top of the public 15.
import { describe, expect, it } from "vitest";
import { InjectedLabel, InjectionEnabled, InjectionLabel, SidecarInjector } from "@exercise/02-api-server/mutating-admission-plugin";
import { AdmissionChain, containerNames, type KubeObject, namespace, pod, podRequest } from "../../exercises/02-api-server/support/admission";

const sidecar = { name: "log-shipper", image: "fluent/fluent-bit:3.1" };
const namespaces: Record<string, KubeObject> = { logs: namespace("logs", { [InjectionLabel]: InjectionEnabled }), "Enabled-typo": namespace("Enabled-typo", { [InjectionLabel]: "Enabled" }) };
const chain = () => new AdmissionChain([new SidecarInjector({ getNamespace: (n) => namespaces[n], sidecar })]);

describe("hidden: injection edges", () => {
  it("a Pod without any labels gets a labels map with the injected label, and the configured sidecar's name is used", { meta: { weight: 1 } }, async () => {
    const p = pod("web", "logs");
    delete p.metadata!.labels;
    const result = await chain().admit(podRequest(p));
    expect(result.allowed).toBe(true);
    expect(containerNames(p), "the sidecar from the options is appended").toEqual(["app", "log-shipper"]);
    expect(p.metadata?.labels, "labels created when missing").toEqual({ [InjectedLabel]: "true" });
  });

  it("a namespace that does not exist, or a label value other than exactly \"enabled\", means no injection and no error", { meta: { weight: 1 } }, async () => {
    const ghost = pod("web", "ghost");
    const typo = pod("web", "Enabled-typo");
    expect((await chain().admit(podRequest(ghost))).allowed, "the plugin does not refuse a Pod it does not inject").toBe(true);
    await chain().admit(podRequest(typo));
    expect([containerNames(ghost), containerNames(typo)], "label values are compared exactly").toEqual([["app"], ["app"]]);
    const injected = pod("web", "logs");
    await chain().admit(podRequest(injected));
    expect(containerNames(injected), "while an opted-in namespace is injected").toEqual(["app", "log-shipper"]);
  });

  it("a dry-run create is mutated like a real one (mutation is not a side effect)", { meta: { weight: 1 } }, async () => {
    const p = pod("web", "logs");
    const a = { ...podRequest(p), dryRun: true };
    await chain().admit(a);
    expect(containerNames(p), "admission mutates dry-run requests too: the client sees what it would get").toEqual(["app", "log-shipper"]);
  });
});
