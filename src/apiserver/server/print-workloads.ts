// The columns of the workload kinds: Deployments, ReplicaSets, StatefulSets, Jobs, CronJobs
// (printDeployment, printReplicaSet, printStatefulSet, printJob, printCronJob in
// k8s.io/kubernetes pkg/printers/internalversion/printers.go, v1.32). Every cell is computed
// with `-o wide` on, as the server always does: kubectl hides the priority-1 columns.

import {
  AGE, age, arr, col, containerCells, formatLabelSelector, int, NAME, nameOf, o, str, templateSpec, type Printer,
} from "./print-columns";
import { translateTimestampSince } from "./table";

/** The wide columns every workload with a pod template prints (printers.go). */
const CONTAINERS = col("Containers", "string", "Names of each container in the template.", 1);
const IMAGES = col("Images", "string", "Images referenced by each container in the template.", 1);

//> apiserver-workload-printers
export const workloadPrinters: Record<string, Printer> = {
  "apps/Deployment": {
    columns: [
      NAME, col("Ready", "string", "Number of the pod with ready state"),
      col("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
      col("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."), AGE,
      CONTAINERS, IMAGES,
      col("Selector", "string", "Label selector for pods.", 1),
    ],
    cells(obj, now) {
      const spec = o(obj["spec"]);
      const status = o(obj["status"]);
      const [names, images] = containerCells(templateSpec(obj));
      return [
        nameOf(obj), `${int(status["readyReplicas"])}/${int(spec["replicas"])}`, int(status["updatedReplicas"]), int(status["availableReplicas"]),
        age(obj, now), names, images, formatLabelSelector(spec["selector"]),
      ];
    },
  },
  "apps/ReplicaSet": {
    columns: [
      NAME, col("Desired", "integer", "Replicas is the number of desired replicas."), col("Current", "integer", "Replicas is the most recently observed number of replicas."),
      col("Ready", "integer", "The number of ready replicas for this replica set."), AGE,
      CONTAINERS, IMAGES,
      col("Selector", "string", "Selector is a label query over pods that should match the replica count.", 1),
    ],
    cells(obj, now) {
      const spec = o(obj["spec"]);
      const status = o(obj["status"]);
      const [names, images] = containerCells(templateSpec(obj));
      return [nameOf(obj), int(spec["replicas"]), int(status["replicas"]), int(status["readyReplicas"]), age(obj, now), names, images, formatLabelSelector(spec["selector"])];
    },
  },
  "apps/StatefulSet": {
    columns: [
      NAME, col("Ready", "string", "Number of the pod with ready state"), AGE,
      CONTAINERS, IMAGES,
    ],
    cells(obj, now) {
      const [names, images] = containerCells(templateSpec(obj));
      return [nameOf(obj), `${int(o(obj["status"])["readyReplicas"])}/${int(o(obj["spec"])["replicas"])}`, age(obj, now), names, images];
    },
  },
  "batch/Job": {
    columns: [
      NAME, col("Status", "string", "Status of the job."), col("Completions", "string", "The number of pods which reached phase Succeeded."),
      col("Duration", "string", "Time required to complete the job."), AGE,
      CONTAINERS, IMAGES,
      col("Selector", "string", "A label query over pods that should match the pod count.", 1),
    ],
    cells(obj, now) {
      const spec = o(obj["spec"]);
      const status = o(obj["status"]);
      const succeeded = int(status["succeeded"]);
      const parallelism = int(spec["parallelism"]);
      const completions = typeof spec["completions"] === "number" ? `${succeeded}/${spec["completions"]}`
        : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
      const start = Date.parse(str(status["startTime"]));
      const end = Date.parse(str(status["completionTime"]));
      const duration = Number.isNaN(start) ? "" : translateTimestampSince(str(status["startTime"]), Number.isNaN(end) ? now : end);
      const has = (type: string) => arr(status["conditions"]).map(o).some((c) => c["type"] === type && c["status"] === "True");
      const state = has("Complete") ? "Complete" : has("Failed") ? "Failed" : obj.metadata?.deletionTimestamp ? "Terminating"
        : has("Suspended") ? "Suspended" : has("FailureTarget") ? "FailureTarget" : "Running";
      const [names, images] = containerCells(templateSpec(obj));
      return [nameOf(obj), state, completions, duration, age(obj, now), names, images, formatLabelSelector(spec["selector"])];
    },
  },
  "batch/CronJob": {
    columns: [
      NAME, col("Schedule", "string", "The schedule in Cron format."), col("Timezone", "string", "The time zone name for the given schedule."),
      col("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions."), col("Active", "integer", "A list of pointers to currently running jobs."),
      col("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."), AGE,
      CONTAINERS, IMAGES,
      col("Selector", "string", "A label query over pods that should match the pod count.", 1),
    ],
    cells(obj, now) {
      const spec = o(obj["spec"]);
      const status = o(obj["status"]);
      const jobSpec = o(o(spec["jobTemplate"])["spec"]);
      const [names, images] = containerCells(o(o(jobSpec["template"])["spec"]));
      const last = status["lastScheduleTime"] === undefined ? "<none>" : translateTimestampSince(status["lastScheduleTime"], now);
      return [
        nameOf(obj), str(spec["schedule"]), str(spec["timeZone"]) || "<none>", typeof spec["suspend"] === "boolean" ? (spec["suspend"] ? "True" : "False") : "<unset>",
        arr(status["active"]).length, last, age(obj, now), names, images, formatLabelSelector(jobSpec["selector"]),
      ];
    },
  },
};
//< apiserver-workload-printers
