// FitError messages, as upstream prints them (pkg/scheduler/framework/types_test.go TestFitError_Error
// and schedule_one_test.go's expected FailedScheduling messages), and end to end through the
// in-memory driver: the PodScheduled condition and the FailedScheduling event.
import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { InMemoryCluster } from "./driver/in-memory";
import { NodeToStatus } from "./framework/interface";
import { Code, newStatus } from "./framework/status";
import { fitErrorMessage } from "./fit-error";
import { makeNode, makePod } from "./testing/wrappers";

const statuses = (entries: Array<[string, string[]]>, absent?: string[]) => {
  const m = new NodeToStatus(absent ? newStatus(Code.UnschedulableAndUnresolvable, ...absent) : null);
  for (const [n, reasons] of entries) m.set(n, newStatus(Code.Unschedulable, ...reasons));
  return m;
};

describe("FitError message", () => {
  it("counts each reason over the nodes and sorts the 'count reason' strings", () => {
    const m = statuses([
      ["n1", ["Insufficient cpu"]],
      ["n2", ["node(s) didn't match Pod's node affinity/selector"]],
      ["n3", ["node(s) didn't match Pod's node affinity/selector"]],
      ["n4", ["Insufficient cpu", "Insufficient memory"]],
      ["n5", ["node(s) had untolerated taint(s)"]],
    ]);
    expect(fitErrorMessage(5, { nodeToStatus: m, preFilterMsg: "", postFilterMsg: "" })).toBe(
      "0/5 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint(s), 2 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.",
    );
  });

  it("sorts as strings, so 10 comes before 9", () => {
    const entries: Array<[string, string[]]> = [];
    for (let i = 0; i < 10; i++) entries.push([`a${i}`, ["Insufficient cpu"]]);
    for (let i = 0; i < 9; i++) entries.push([`b${i}`, ["Insufficient memory"]]);
    expect(fitErrorMessage(19, { nodeToStatus: statuses(entries), preFilterMsg: "", postFilterMsg: "" })).toBe(
      "0/19 nodes are available: 10 Insufficient cpu, 9 Insufficient memory.",
    );
  });

  it("uses the PreFilter message alone when PreFilter rejected the pod", () => {
    const m = statuses([], ["pod affinity terms conflict"]);
    expect(fitErrorMessage(3, { nodeToStatus: m, preFilterMsg: "pod affinity terms conflict", postFilterMsg: "" })).toBe(
      "0/3 nodes are available: pod affinity terms conflict.",
    );
  });

  it("appends the preemption message (one period, as current upstream prints it)", () => {
    const m = statuses([["n1", ["Insufficient cpu"]]]);
    expect(fitErrorMessage(1, { nodeToStatus: m, preFilterMsg: "", postFilterMsg: "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod." }))
      .toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  });
});

describe("why a pod did not schedule, end to end", () => {
  const cluster = () => new InMemoryCluster({
    nodes: [
      makeNode().name("small").capacity({ cpu: "1", memory: "1Gi" }).obj(),
      makeNode().name("gpu-1").capacity({ cpu: "8", memory: "8Gi" }).label("accel", "gpu").taint({ key: "gpu", value: "true", effect: "NoSchedule" }).obj(),
      makeNode().name("ssd-1").capacity({ cpu: "8", memory: "8Gi" }).label("disk", "ssd").obj(),
      makeNode().name("ssd-2").capacity({ cpu: "8", memory: "8Gi" }).label("disk", "ssd").obj(),
      makeNode().name("cordoned").capacity({ cpu: "8", memory: "8Gi" }).unschedulable().obj(),
    ],
  });

  it("writes PodScheduled=False, reason Unschedulable, with upstream's message, and a FailedScheduling event", () => {
    const c = cluster();
    const pod: Pod = makePod().name("web").req({ cpu: "2" }).nodeSelector({ disk: "hdd" }).obj();
    const r = c.scheduleOne(pod)!;
    const msg =
      // Filters stop at the first failure, in profile order: NodeAffinity runs before
      // NodeResourcesFit, so the small node counts as an affinity mismatch.
      "0/5 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable, 3 node(s) didn't match Pod's node affinity/selector. " +
      "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";
    expect(r.outcome).toBe("Unschedulable");
    expect(r.message).toBe(msg);
    const cond = pod.status?.conditions?.find((x) => x.type === "PodScheduled");
    expect(cond).toMatchObject({ status: "False", reason: "Unschedulable", message: msg });
    expect(c.events.at(-1)).toMatchObject({ type: "Warning", reason: "FailedScheduling", object: "pod/default/web", message: msg });
  });

  it("says a pod with preemptionPolicy Never is not eligible to preempt", () => {
    const r = cluster().scheduleOne(makePod().name("batch").req({ cpu: "100" }).preemptionPolicy("Never").obj())!;
    expect(r.message).toBe(
      "0/5 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable, 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
    );
  });
});
