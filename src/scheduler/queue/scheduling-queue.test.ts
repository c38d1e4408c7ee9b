// The scheduling queue on a VirtualClock: backoff 1 s → 2 s → 4 s → ... → 10 s
// (podInitialBackoffDuration, podMaxBackoffDuration), the 5-minute leftover flush
// (podMaxInUnschedulablePodsDuration), moves on cluster events filtered by the rejecting
// plugins' registered events and QueueingHints, priority order, and scheduling gates.
// Reference: pkg/scheduler/backend/queue/scheduling_queue.go and scheduling_queue_test.go
// (TestBackOffFlow, TestPriorityQueue_Pop, TestPriorityQueue_MoveAllToActiveOrBackoffQueue).
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { VirtualClock } from "../../sim";
import { ActionType, QueueingHint } from "../framework/interface";
import { PrioritySort } from "../plugins/priority-sort";
import { SchedulingGates } from "../plugins/scheduling-gates";
import { makeNode, makePod } from "../testing/wrappers";
import { Nominator } from "./nominator";
import { SchedulingQueue } from "./scheduling-queue";

function newQueue(clock = new VirtualClock()) {
  const sort = new PrioritySort();
  const gates = new SchedulingGates();
  const q = new SchedulingQueue({
    clock,
    less: (a, b) => sort.less(a, b),
    nominator: new Nominator(),
    preEnqueue: (pod) => gates.preEnqueue(pod)?.withPlugin(gates.name) ?? null,
    eventsToRegister: new Map([
      ["NodeResourcesFit", [{ event: { resource: "AssignedPod" as const, actionType: ActionType.Delete } }, { event: { resource: "Node" as const, actionType: ActionType.Add } }]],
      ["TaintToleration", [{
        event: { resource: "Node" as const, actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        queueingHintFn: (_p: Pod, _o: unknown, n: unknown) => ((n as Node).spec?.taints?.length ? QueueingHint.QueueSkip : QueueingHint.Queue),
      }]],
    ]),
  });
  return { q, clock };
}

/** Pops a pod and reports it unschedulable because of `plugin`. */
function failOnce(q: SchedulingQueue, plugin = "NodeResourcesFit") {
  const qpi = q.pop()!;
  qpi.unschedulablePlugins = new Set([plugin]);
  q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle);
  return qpi;
}

describe("SchedulingQueue", () => {
  it("pops higher priority first, then first in first out", () => {
    const { q, clock } = newQueue();
    q.add(makePod().name("low").priority(1).obj());
    clock.advance(1);
    q.add(makePod().name("high").priority(100).obj());
    clock.advance(1);
    q.add(makePod().name("low2").priority(1).obj());
    expect([q.pop(), q.pop(), q.pop()].map((p) => p?.pod.metadata?.name)).toEqual(["high", "low", "low2"]);
    expect(q.pop()).toBeUndefined();
  });

  it("doubles the backoff per attempt from 1 s up to the 10 s maximum (TestBackOffFlow)", () => {
    const { q } = newQueue();
    q.add(makePod().name("p").obj());
    const seen: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const qpi = q.pop()!;
      seen.push(q.backoffDuration(qpi));
      qpi.unschedulablePlugins = new Set(); // an error: straight to backoffQ
      q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle);
      q.activate(qpi.pod);
    }
    expect(seen).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it("keeps a pod in backoffQ until its backoff expires, then the 1 s flush moves it to activeQ", () => {
    const { q, clock } = newQueue();
    q.run();
    q.add(makePod().name("p").obj());
    const qpi = q.pop()!;
    qpi.unschedulablePlugins = new Set();
    q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle);
    expect(q.pendingPods().backoff).toEqual(["default/p"]);
    clock.advance(999);
    expect(q.pendingPods().backoff).toEqual(["default/p"]);
    clock.advance(1001); // the flush at t = 2000 sees the backoff (ended t = 1000) expired
    expect(q.pendingPods().active).toEqual(["default/p"]);
    q.close();
  });

  it("parks an unschedulable pod until an event one of its rejecting plugins registered", () => {
    const { q } = newQueue();
    q.add(makePod().name("p").obj());
    failOnce(q, "NodeResourcesFit");
    expect(q.pendingPods().unschedulable).toEqual(["default/p"]);
    expect(q.moveAllToActiveOrBackoffQueue({ resource: "AssignedPod", actionType: ActionType.Add })).toBe(0);
    expect(q.moveAllToActiveOrBackoffQueue({ resource: "AssignedPod", actionType: ActionType.Delete })).toBe(1);
    // Still backing off (1 s): it goes to backoffQ, not activeQ.
    expect(q.pendingPods().backoff).toEqual(["default/p"]);
  });

  it("asks the QueueingHint: a tainted new node does not wake a pod rejected for taints", () => {
    const { q } = newQueue();
    q.add(makePod().name("p").obj());
    failOnce(q, "TaintToleration");
    const tainted = makeNode().name("n").taint({ key: "k", effect: "NoSchedule" }).obj();
    expect(q.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: ActionType.Add }, undefined, tainted)).toBe(0);
    expect(q.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: ActionType.Add }, undefined, makeNode().name("m").obj())).toBe(1);
  });

  it("retries an unschedulable pod after 5 minutes even without an event (flushUnschedulablePodsLeftover)", () => {
    const { q, clock } = newQueue();
    q.run();
    q.add(makePod().name("p").obj());
    failOnce(q);
    clock.advance(4 * 60 * 1000 + 59 * 1000);
    expect(q.pendingPods().unschedulable).toEqual(["default/p"]);
    clock.advance(31 * 1000);
    expect(q.pendingPods().active).toEqual(["default/p"]);
    q.close();
  });

  it("sends a pod to backoffQ when an event arrived while it was being scheduled", () => {
    const { q } = newQueue();
    q.add(makePod().name("p").obj());
    const qpi = q.pop()!;
    q.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: ActionType.Add });
    qpi.unschedulablePlugins = new Set(["NodeResourcesFit"]);
    q.addUnschedulableIfNotPresent(qpi, q.schedulingCycle);
    expect(q.pendingPods().backoff).toEqual(["default/p"]);
  });

  it("holds gated pods out of activeQ until the gates are removed", () => {
    const { q } = newQueue();
    q.add(makePod().name("g").schedulingGates("example.com/quota").obj());
    expect(q.pendingPods().gated).toEqual(["default/g"]);
    expect(q.pop()).toBeUndefined();
    q.update(makePod().name("g").obj());
    expect(q.pop()?.pod.metadata?.name).toBe("g");
  });
});
