// Loose typings for the parts of Pods, PVCs and LimitRanges that admission plugins read.
// Objects travel as plain JSON (see ../types.ts); these helpers give them just enough shape.

import type { KubeObject } from "../types";

export type ResourceList = Record<string, string>;

export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string; localhostProfile?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string; level?: string };
  appArmorProfile?: { type?: string; localhostProfile?: string };
  windowsOptions?: { hostProcess?: boolean };
}

export interface Container {
  name: string;
  image?: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
  ports?: { containerPort?: number; hostPort?: number; protocol?: string }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: SecurityContext;
  [key: string]: unknown;
}

export interface Volume {
  name: string;
  [source: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name: string }[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext & { sysctls?: { name: string; value: string }[] };
  [key: string]: unknown;
}

export type Pod = KubeObject & { spec: PodSpec };

/** The object as a Pod, or undefined when it has no `spec.containers` list. */
export function asPod(obj: KubeObject | undefined): Pod | undefined {
  const spec = obj?.["spec"] as PodSpec | undefined;
  return spec !== undefined && Array.isArray(spec.containers) ? (obj as Pod) : undefined;
}

/** Init containers first, then app containers: the order upstream's visitors use. */
export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}
