// The row `kubectl get pods` prints for a pod: printPod in k8s.io/kubernetes
// pkg/printers/internalversion/printers.go (v1.32), followed step by step.
//
//   NAME   READY   STATUS             RESTARTS      AGE   IP          NODE     NOMINATED NODE   READINESS GATES
//   web    0/1     Pending            0             5s    <none>      <none>   <none>           <none>
//   web    1/1     Running            2 (3m ago)    1h    10.0.0.7    node-1   <none>           <none>
//   web    0/1     CrashLoopBackOff   5 (20s ago)   9m    10.0.0.7    node-1   <none>           <none>
//
// STATUS is not a field of the pod: it is the phase, overridden by the pod's reason, the
// SchedulingGated condition, the state of the first unfinished init container ("Init:1/2"), the
// last container with a waiting or terminated reason, and finally "Terminating" for a pod being
// deleted.

import type { KubeObject } from "../types";
import { translateTimestampSince } from "./table";

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(o) : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const int = (v: unknown): number => (typeof v === "number" ? v : 0);

/** podutil.IsRestartableInitContainer: a sidecar (restartPolicy Always) keeps running. */
const isRestartable = (c: Obj | undefined): boolean => c?.["restartPolicy"] === "Always";

/** The later of two RFC 3339 timestamps ("" is the zero time). */
const later = (a: string, b: string): string => (b !== "" && (a === "" || Date.parse(b) > Date.parse(a)) ? b : a);

//> apiserver-print-pod
export function podCells(pod: KubeObject, now: number): unknown[] {
  const spec = o(pod["spec"]);
  const status = o(pod["status"]);
  const phase = str(status["phase"]);
  let reason = str(status["reason"]) || phase;
  let restarts = 0;
  let restartableRestarts = 0;
  let totalContainers = arr(spec["containers"]).length;
  let readyContainers = 0;
  let lastRestart = "";
  let lastRestartableRestart = "";

  if (arr(status["conditions"]).some((c) => c["type"] === "PodScheduled" && c["reason"] === "SchedulingGated")) reason = "SchedulingGated";

  const initContainers = new Map(arr(spec["initContainers"]).map((c) => [str(c["name"]), c]));
  for (const c of initContainers.values()) if (isRestartable(c)) totalContainers++;

  let initializing = false;
  const initStatuses = arr(status["initContainerStatuses"]);
  for (const [i, cs] of initStatuses.entries()) {
    const state = o(cs["state"]);
    const terminated = state["terminated"] === undefined ? undefined : o(state["terminated"]);
    const waiting = state["waiting"] === undefined ? undefined : o(state["waiting"]);
    const lastTerminated = o(o(cs["lastState"])["terminated"]);
    restarts += int(cs["restartCount"]);
    lastRestart = later(lastRestart, str(lastTerminated["finishedAt"]));
    const restartable = isRestartable(initContainers.get(str(cs["name"])));
    if (restartable) {
      restartableRestarts += int(cs["restartCount"]);
      lastRestartableRestart = later(lastRestartableRestart, str(lastTerminated["finishedAt"]));
    }
    if (terminated !== undefined && int(terminated["exitCode"]) === 0) continue;
    if (restartable && cs["started"] === true) {
      if (cs["ready"] === true) readyContainers++;
      continue;
    }
    if (terminated !== undefined) {
      reason = str(terminated["reason"]) !== "" ? `Init:${str(terminated["reason"])}`
        : int(terminated["signal"]) !== 0 ? `Init:Signal:${int(terminated["signal"])}` : `Init:ExitCode:${int(terminated["exitCode"])}`;
    } else if (waiting !== undefined && str(waiting["reason"]) !== "" && waiting["reason"] !== "PodInitializing") {
      reason = `Init:${str(waiting["reason"])}`;
    } else {
      reason = `Init:${i}/${initContainers.size}`;
    }
    initializing = true;
    break;
  }

  const initialized = arr(status["conditions"]).some((c) => c["type"] === "Initialized" && c["status"] === "True");
  if (!initializing || initialized) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const statuses = arr(status["containerStatuses"]);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      const state = o(cs["state"]);
      restarts += int(cs["restartCount"]);
      lastRestart = later(lastRestart, str(o(o(cs["lastState"])["terminated"])["finishedAt"]));
      const waiting = state["waiting"] === undefined ? undefined : o(state["waiting"]);
      const terminated = state["terminated"] === undefined ? undefined : o(state["terminated"]);
      if (waiting !== undefined && str(waiting["reason"]) !== "") reason = str(waiting["reason"]);
      else if (terminated !== undefined && str(terminated["reason"]) !== "") reason = str(terminated["reason"]);
      else if (terminated !== undefined) {
        reason = int(terminated["signal"]) !== 0 ? `Signal:${int(terminated["signal"])}` : `ExitCode:${int(terminated["exitCode"])}`;
      } else if (cs["ready"] === true && state["running"] !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose containers completed but one still runs: Running if Ready, else NotReady.
    if (reason === "Completed" && hasRunning) {
      reason = arr(status["conditions"]).some((c) => c["type"] === "Ready" && c["status"] === "True") ? "Running" : "NotReady";
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined;
  if (deleting && status["reason"] === "NodeLost") reason = "Unknown";
  else if (deleting && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";

  const restartsCell = restarts !== 0 && lastRestart !== "" ? `${restarts} (${translateTimestampSince(lastRestart, now)} ago)` : String(restarts);

  const podIP = str(arr(status["podIPs"])[0]?.["ip"]) || "<none>";
  const gates = arr(spec["readinessGates"]);
  let readinessGates = "<none>";
  if (gates.length > 0) {
    const conditions = arr(status["conditions"]);
    const trueCount = gates.filter((g) => conditions.find((c) => c["type"] === g["conditionType"])?.["status"] === "True").length;
    readinessGates = `${trueCount}/${gates.length}`;
  }
  return [
    pod.metadata?.name ?? "", `${readyContainers}/${totalContainers}`, reason, restartsCell,
    translateTimestampSince(pod.metadata?.creationTimestamp, now),
    podIP, str(spec["nodeName"]) || "<none>", str(status["nominatedNodeName"]) || "<none>", readinessGates,
  ];
}
//< apiserver-print-pod

/** podSuccessConditions / podFailedConditions: kubectl hides completed pods with these unless -a. */
export function podConditions(pod: KubeObject): { type: string; status: string; reason: string; message: string }[] | undefined {
  const phase = str(o(pod["status"])["phase"]);
  if (phase === "Succeeded") return [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }];
  if (phase === "Failed") return [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }];
  return undefined;
}
