// The columns `kubectl get` shows for each kind, and how each cell is computed from an object.
// Transcribed from k8s.io/kubernetes pkg/printers/internalversion/printers.go (v1.32: AddHandlers
// for the column definitions, printPod, printNode, printDeployment... for the cells). Kinds
// without a printer there (Roles, ClusterRoles, LimitRanges) get the DefaultTableConvertor's
// NAME and CREATED AT (k8s.io/apiserver/pkg/registry/rest/table.go).
//
// SIMPLIFICATION: column descriptions are upstream's for the columns every kind shares (name,
// age); the others are shortened.

import type { ResourceInfo } from "./resources";
import {
  AGE, age, arr, col, creationDoc, formatLabels, int, NAME, nameOf, o, str, type Printer,
} from "./print-columns";
import { podCells, podConditions } from "./print-pod";
import { workloadPrinters } from "./print-workloads";
import { translateTimestampSince } from "./table";

export { formatLabels, formatLabelSelector, type Column, type Printer } from "./print-columns";

//> apiserver-printers
const printers: Record<string, Printer> = {
  ...workloadPrinters,
  "/Pod": {
    columns: [
      NAME,
      col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
      col("Status", "string", "The aggregate status of the containers in this pod."),
      col("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
      AGE,
      col("IP", "string", "podIP address allocated to the pod.", 1),
      col("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
      col("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", 1),
      col("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
    ],
    cells: podCells,
    conditions: podConditions,
  },
  "/Node": {
    columns: [
      NAME, col("Status", "string", "The status of the node"), col("Roles", "string", "The roles of the node"), AGE,
      col("Version", "string", "Kubelet Version reported by the node."),
      col("Internal-IP", "string", "List of addresses reachable to the node.", 1), col("External-IP", "string", "List of addresses reachable to the node.", 1),
      col("OS-Image", "string", "OS Image reported by the node.", 1), col("Kernel-Version", "string", "Kernel Version reported by the node.", 1),
      col("Container-Runtime", "string", "ContainerRuntime Version reported by the node.", 1),
    ],
    cells(obj, now) {
      const status = o(obj["status"]);
      const ready = arr(status["conditions"]).map(o).find((c) => c["type"] === "Ready");
      const states = ready === undefined ? ["Unknown"] : [ready["status"] === "True" ? "Ready" : "NotReady"];
      if (o(obj["spec"])["unschedulable"] === true) states.push("SchedulingDisabled");
      const roles = new Set<string>();
      for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
        if (k.startsWith("node-role.kubernetes.io/") && k.length > "node-role.kubernetes.io/".length) roles.add(k.slice("node-role.kubernetes.io/".length));
        else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
      }
      const info = o(status["nodeInfo"]);
      const address = (type: string) => str(arr(status["addresses"]).map(o).find((a) => a["type"] === type)?.["address"]) || "<none>";
      const orUnknown = (v: unknown) => str(v) || "<unknown>";
      return [
        nameOf(obj), states.join(","), roles.size === 0 ? "<none>" : [...roles].sort().join(","), age(obj, now), str(info["kubeletVersion"]),
        address("InternalIP"), address("ExternalIP"), orUnknown(info["osImage"]), orUnknown(info["kernelVersion"]), orUnknown(info["containerRuntimeVersion"]),
      ];
    },
  },
  "/Namespace": {
    columns: [NAME, col("Status", "string", "The status of the namespace"), AGE],
    cells: (obj, now) => [nameOf(obj), str(o(obj["status"])["phase"]), age(obj, now)],
  },
  "/Service": {
    columns: [
      NAME, col("Type", "string", "type determines how the Service is exposed."), col("Cluster-IP", "string", "clusterIP is the IP address of the service."),
      col("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
      col("Port(s)", "string", "The list of ports that are exposed by this service."), AGE,
      col("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1),
    ],
    cells(obj, now) {
      const spec = o(obj["spec"]);
      const type = str(spec["type"]);
      const externalIPs = arr(spec["externalIPs"]).map(str);
      const ingress = arr(o(o(obj["status"])["loadBalancer"])["ingress"]).map(o).map((i) => str(i["ip"]) || str(i["hostname"])).filter((s) => s !== "");
      const external = type === "ExternalName" ? str(spec["externalName"])
        : type === "LoadBalancer" ? ([...ingress, ...externalIPs].join(",") || "<pending>")
        : externalIPs.length > 0 ? externalIPs.join(",") : type === "ClusterIP" || type === "NodePort" ? "<none>" : "<unknown>";
      const ports = arr(spec["ports"]).map(o).map((p) => (int(p["nodePort"]) > 0 ? `${int(p["port"])}:${int(p["nodePort"])}/${str(p["protocol"])}` : `${int(p["port"])}/${str(p["protocol"])}`));
      return [nameOf(obj), type, str(arr(spec["clusterIPs"])[0]) || "<none>", external, ports.join(",") || "<none>", age(obj, now), formatLabels(spec["selector"])];
    },
  },
  "/Endpoints": {
    columns: [NAME, col("Endpoints", "string", "The set of all endpoints is the union of all subsets."), AGE],
    cells(obj, now) {
      const list: string[] = [];
      let count = 0;
      for (const ss of arr(obj["subsets"]).map(o)) {
        const addrs = arr(ss["addresses"]).map(o);
        const ports = arr(ss["ports"]).map(o);
        for (const port of ports.length === 0 ? [undefined] : ports) {
          count += addrs.length;
          for (const a of addrs) if (list.length < 3) list.push(port === undefined ? str(a["ip"]) : `${str(a["ip"])}:${int(port["port"])}`);
        }
      }
      const shown = list.length === 0 ? "<none>" : count > 3 ? `${list.join(",")} + ${count - 3} more...` : list.join(",");
      return [nameOf(obj), shown, age(obj, now)];
    },
  },
  "/ConfigMap": {
    columns: [NAME, col("Data", "string", "Data contains the configuration data."), AGE],
    cells: (obj, now) => [nameOf(obj), Object.keys(o(obj["data"])).length + Object.keys(o(obj["binaryData"])).length, age(obj, now)],
  },
  "/Secret": {
    columns: [NAME, col("Type", "string", "Used to facilitate programmatic handling of secret data."), col("Data", "string", "Data contains the secret data."), AGE],
    cells: (obj, now) => [nameOf(obj), str(obj["type"]), Object.keys(o(obj["data"])).length, age(obj, now)],
  },
  "/ServiceAccount": {
    columns: [NAME, col("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), AGE],
    cells: (obj, now) => [nameOf(obj), arr(obj["secrets"]).length, age(obj, now)],
  },
  "/Event": {
    columns: [
      col("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."), col("Type", "string", "Type of this event (Normal, Warning)."),
      col("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      col("Object", "string", "The object that this event is about."), col("Subobject", "string", "The field of the object the event is about.", 1),
      col("Source", "string", "The component reporting this event.", 1), col("Message", "string", "A human-readable description of the status of this operation."),
      col("First Seen", "string", "The time at which the event was first recorded.", 1), col("Count", "string", "The number of times this event has occurred.", 1),
      { ...NAME, priority: 1 },
    ],
    cells(obj, now) {
      const first = str(obj["firstTimestamp"]) !== "" ? translateTimestampSince(obj["firstTimestamp"], now) : translateTimestampSince(obj["eventTime"], now);
      const series = o(obj["series"]);
      const last = obj["series"] !== undefined ? translateTimestampSince(series["lastObservedTime"], now)
        : str(obj["lastTimestamp"]) !== "" ? translateTimestampSince(obj["lastTimestamp"], now) : first;
      const count = obj["series"] !== undefined ? int(series["count"]) : int(obj["count"]) || 1;
      const involved = o(obj["involvedObject"]);
      const target = str(involved["name"]) !== "" ? `${str(involved["kind"]).toLowerCase()}/${str(involved["name"])}` : str(involved["kind"]).toLowerCase();
      const source = o(obj["source"]);
      const component = str(source["component"]) || str(obj["reportingComponent"]);
      const host = str(source["host"]) || str(obj["reportingInstance"]);
      return [last, str(obj["type"]), str(obj["reason"]), target, str(involved["fieldPath"]), host === "" ? component : `${component}, ${host}`,
        str(obj["message"]).trim(), first, count, nameOf(obj)];
    },
  },
  "coordination.k8s.io/Lease": {
    columns: [NAME, col("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."), AGE],
    cells: (obj, now) => [nameOf(obj), str(o(obj["spec"])["holderIdentity"]), age(obj, now)],
  },
  // printMutatingWebhook / printValidatingWebhook: the number of webhooks in the configuration.
  "admissionregistration.k8s.io/MutatingWebhookConfiguration": {
    columns: [NAME, col("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration"), AGE],
    cells: (obj, now) => [nameOf(obj), arr(obj["webhooks"]).length, age(obj, now)],
  },
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration": {
    columns: [NAME, col("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration"), AGE],
    cells: (obj, now) => [nameOf(obj), arr(obj["webhooks"]).length, age(obj, now)],
  },
  "scheduling.k8s.io/PriorityClass": {
    columns: [
      NAME, col("Value", "integer", "value represents the integer value of this priority class."),
      col("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
      AGE, col("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority.", 1),
    ],
    cells: (obj, now) => [nameOf(obj), int(obj["value"]), obj["globalDefault"] === true, age(obj, now), str(obj["preemptionPolicy"])],
  },
  "/ResourceQuota": {
    columns: [
      NAME, col("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
      col("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."), AGE,
    ],
    cells(obj, now) {
      const status = o(obj["status"]);
      const hard = o(status["hard"]);
      const used = o(status["used"]);
      const request: string[] = [];
      const limit: string[] = [];
      for (const r of Object.keys(hard).sort()) {
        (r.split(".")[0] === "limits" && r.includes(".") ? limit : request).push(`${r}: ${str(used[r]) || "0"}/${str(hard[r])}`);
      }
      return [nameOf(obj), request.join(", "), limit.join(", "), age(obj, now)];
    },
  },
  "storage.k8s.io/StorageClass": {
    columns: [
      NAME, col("Provisioner", "string", "provisioner indicates the type of the provisioner."),
      col("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class."),
      col("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
      col("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."), AGE,
    ],
    cells(obj, now) {
      const ann = obj.metadata?.annotations ?? {};
      const isDefault = ann["storageclass.kubernetes.io/is-default-class"] === "true" || ann["storageclass.beta.kubernetes.io/is-default-class"] === "true";
      return [
        isDefault ? `${nameOf(obj)} (default)` : nameOf(obj), str(obj["provisioner"]), str(obj["reclaimPolicy"]) || "Delete",
        str(obj["volumeBindingMode"]) || "Immediate", obj["allowVolumeExpansion"] === true, age(obj, now),
      ];
    },
  },
  "/PersistentVolumeClaim": {
    columns: [
      NAME, col("Status", "string", "phase represents the current phase of PersistentVolumeClaim."), col("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
      col("Capacity", "string", "capacity represents the actual resources of the underlying volume."), col("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has."),
      col("StorageClass", "string", "StorageClass of the pvc"), col("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"), AGE,
      col("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim.", 1),
    ],
    cells(obj, now) {
      const spec = o(obj["spec"]);
      const status = o(obj["status"]);
      const bound = str(spec["volumeName"]) !== "";
      const modes = arr(status["accessModes"]).map(str).map((m) => ({ ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" })[m] ?? m);
      return [
        nameOf(obj), obj.metadata?.deletionTimestamp ? "Terminating" : str(status["phase"]), str(spec["volumeName"]),
        bound ? str(o(status["capacity"])["storage"]) : "", bound ? modes.join(",") : "", str(spec["storageClassName"]),
        str(spec["volumeAttributesClassName"]) || "<unset>", age(obj, now), str(spec["volumeMode"]) || "<unset>",
      ];
    },
  },
};

for (const kind of ["RoleBinding", "ClusterRoleBinding"]) {
  printers[`rbac.authorization.k8s.io/${kind}`] = {
    columns: [
      NAME, col("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."), AGE,
      col("Users", "string", `Users in the ${kind[0]!.toLowerCase()}${kind.slice(1)}`, 1), col("Groups", "string", `Groups in the ${kind[0]!.toLowerCase()}${kind.slice(1)}`, 1),
      col("ServiceAccounts", "string", `ServiceAccounts in the ${kind[0]!.toLowerCase()}${kind.slice(1)}`, 1),
    ],
    cells(obj, now) {
      const ref = o(obj["roleRef"]);
      const subjects = arr(obj["subjects"]).map(o);
      const of = (k: string) => subjects.filter((s) => s["kind"] === k);
      const sas = of("ServiceAccount").map((s) => `${str(s["namespace"])}/${str(s["name"])}`);
      return [nameOf(obj), `${str(ref["kind"])}/${str(ref["name"])}`, age(obj, now),
        of("User").map((s) => str(s["name"])).join(", "), of("Group").map((s) => str(s["name"])).join(", "), sas.join(", ")];
    },
  };
}

/** DefaultTableConvertor: NAME and CREATED AT (RFC 3339, UTC). */
const defaultPrinter: Printer = {
  columns: [NAME, { name: "Created At", type: "date", description: creationDoc }],
  cells: (obj) => [nameOf(obj), obj.metadata?.creationTimestamp ?? ""],
};
//< apiserver-printers

export function printerFor(info: ResourceInfo): Printer {
  return printers[`${info.group}/${info.kind}`] ?? defaultPrinter;
}
