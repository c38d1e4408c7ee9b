// The Pod Security Standards as code: one small check per control, each returning whether the
// Pod is allowed and, if not, a reason and a detail that name the offending field. The admission
// plugin prints them as `reason (detail), reason (detail)`.
//
// The levels are cumulative: `privileged` checks nothing, `baseline` blocks known privilege
// escalations (host namespaces, privileged containers, hostPath...), `restricted` adds the
// hardening best practices (non-root, no privilege escalation, drop ALL capabilities, seccomp).
// Some restricted checks replace a baseline one (`overrides`): restricted volume types subsume
// the hostPath check, and restricted seccomp and capabilities checks are stricter versions.
//
// Reference: staging/src/k8s.io/pod-security-admission/policy/check_*.go (one file per check,
// with the same IDs, reasons and detail wording) and
// https://kubernetes.io/docs/concepts/security/pod-security-standards/.
// SIMPLIFICATION: upstream versions every check (a namespace pinned to `v1.24` is judged by the
// v1.24 rules); we implement the latest rules for every version. Windows pods (spec.os.name) are
// not exempted from the Linux-only checks.

import { goQuote } from "../../../api/go-quote";
import type { Container, Pod, PodSpec } from "../pod-spec";
import { hostNamespacesV1Dot0, privilegedV1Dot0 } from "./host-checks";

export type Level = "privileged" | "baseline" | "restricted";

export type CheckResult = { allowed: true } | { allowed: false; forbiddenReason: string; forbiddenDetail: string };

export interface Check {
  /** upstream's CheckID, e.g. "allowPrivilegeEscalation". Checks run sorted by ID. */
  id: string;
  level: "baseline" | "restricted";
  /** Baseline checks this one replaces at the restricted level. */
  overrides?: string[];
  check(meta: Pod["metadata"], spec: PodSpec): CheckResult;
}

const allowed: CheckResult = { allowed: true };
const deny = (forbiddenReason: string, forbiddenDetail: string): CheckResult => ({ allowed: false, forbiddenReason, forbiddenDetail });

export const pluralize = (singular: string, plural: string, n: number): string => (n === 1 ? singular : plural);
export const joinQuote = (items: readonly string[]): string => items.map(goQuote).join(", ");
const sortedUnique = (items: Iterable<string>): string[] => [...new Set(items)].sort();
const containers = (spec: PodSpec): Container[] => [...(spec.initContainers ?? []), ...spec.containers];
/** `container "a"` or `containers "a", "b"`. */
const containerList = (names: readonly string[]): string =>
  `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;
/** `pod and containers "a", "b"` (a setter list joined with " and "). */
function setters(pod: boolean, names: readonly string[]): string {
  const parts: string[] = [];
  if (pod) parts.push("pod");
  if (names.length > 0) parts.push(containerList(names));
  return parts.join(" and ");
}

// ---- baseline ----

const hostProcess: Check = {
  id: "windowsHostProcess", level: "baseline",
  check(_meta, spec) {
    const podBad = spec.securityContext?.windowsOptions?.hostProcess === true;
    const bad = containers(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
    if (!podBad && bad.length === 0) return allowed;
    return deny("hostProcess", `${setters(podBad, bad)} must not set securityContext.windowsOptions.hostProcess=true`);
  },
};

// Host namespaces and privileged containers: host-checks.ts (a module of its own, see there).
const hostNamespaces: Check = { id: "hostNamespaces", level: "baseline", check: (meta, spec) => hostNamespacesV1Dot0(meta, spec) };

const privileged: Check = { id: "privileged", level: "baseline", check: (meta, spec) => privilegedV1Dot0(meta, spec) };

/** The capabilities a container runtime grants by default (containerd, CRI-O). */
export const baselineCapabilities = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
  "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

const capabilitiesBaseline: Check = {
  id: "capabilities_baseline", level: "baseline",
  check(_meta, spec) {
    const bad: string[] = [];
    const caps: string[] = [];
    for (const c of containers(spec)) {
      const extra = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !baselineCapabilities.has(cap));
      if (extra.length > 0) { bad.push(c.name); caps.push(...extra); }
    }
    if (bad.length === 0) return allowed;
    return deny("non-default capabilities", `${containerList(bad)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`);
  },
};

const hostPathVolumes: Check = {
  id: "hostPathVolumes", level: "baseline",
  check(_meta, spec) {
    const bad = (spec.volumes ?? []).filter((v) => v["hostPath"] !== undefined).map((v) => v.name);
    return bad.length === 0 ? allowed : deny("hostPath volumes", `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)}`);
  },
};

const hostPorts: Check = {
  id: "hostPorts", level: "baseline",
  check(_meta, spec) {
    const bad: string[] = [];
    const ports: string[] = [];
    for (const c of containers(spec)) {
      const used = (c.ports ?? []).filter((p) => (p.hostPort ?? 0) !== 0).map((p) => String(p.hostPort));
      if (used.length > 0) { bad.push(c.name); ports.push(...used); }
    }
    if (bad.length === 0) return allowed;
    const list = sortedUnique(ports);
    return deny("hostPort", `${containerList(bad)} ${pluralize("uses", "use", bad.length)} ${pluralize("hostPort", "hostPorts", list.length)} ${list.join(", ")}`);
  },
};

// Upstream checks the beta annotations only: the API server copies the v1.30+ `appArmorProfile`
// fields into them (version skew handling) before admission. We have no such copy, so we also
// read the fields directly; those two detail forms are worded by us.
const appArmorProfile: Check = {
  id: "appArmorProfile", level: "baseline",
  check(meta, spec) {
    // Allowed: unset, RuntimeDefault, Localhost (and the annotation forms runtime/default, localhost/*).
    const badField = (t: string | undefined) => t !== undefined && t !== "RuntimeDefault" && t !== "Localhost";
    const bad: string[] = [];
    if (badField(spec.securityContext?.appArmorProfile?.type)) bad.push(`pod must not set securityContext.appArmorProfile.type to ${goQuote(spec.securityContext!.appArmorProfile!.type!)}`);
    const badContainers = containers(spec).filter((c) => badField(c.securityContext?.appArmorProfile?.type)).map((c) => c.name);
    if (badContainers.length > 0) bad.push(`${containerList(badContainers)} must not set securityContext.appArmorProfile.type to "Unconfined"`);
    for (const [k, v] of Object.entries(meta?.annotations ?? {}).sort()) {
      if (!k.startsWith("container.apparmor.security.beta.kubernetes.io/")) continue;
      if (v !== "runtime/default" && !v.startsWith("localhost/")) bad.push(`${k}=${goQuote(v)}`);
    }
    return bad.length === 0 ? allowed : deny(pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", bad.length), bad.sort().join(", "));
  },
};

const allowedSELinuxTypes = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

const seLinuxOptions: Check = {
  id: "seLinuxOptions", level: "baseline",
  check(_meta, spec) {
    const types = new Set<string>();
    const users = new Set<string>();
    const roles = new Set<string>();
    const inspect = (o: { type?: string; user?: string; role?: string } | undefined): boolean => {
      let bad = false;
      if (o?.type !== undefined && !allowedSELinuxTypes.has(o.type)) { types.add(o.type); bad = true; }
      if (o?.user) { users.add(o.user); bad = true; }
      if (o?.role) { roles.add(o.role); bad = true; }
      return bad;
    };
    const podBad = inspect(spec.securityContext?.seLinuxOptions);
    const bad = containers(spec).filter((c) => inspect(c.securityContext?.seLinuxOptions)).map((c) => c.name);
    if (!podBad && bad.length === 0) return allowed;
    const data: string[] = [];
    if (types.size > 0) data.push(`${pluralize("type", "types", types.size)} ${joinQuote(sortedUnique(types))}`);
    // Upstream only appends these two when a type is also bad (its detail is empty otherwise);
    // we always say what was wrong.
    if (users.size > 0) data.push("user may not be set");
    if (roles.size > 0) data.push("role may not be set");
    return deny("seLinuxOptions", `${setters(podBad, bad)} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}`);
  },
};

const procMount: Check = {
  id: "procMount", level: "baseline",
  check(_meta, spec) {
    const bad: string[] = [];
    const values: string[] = [];
    for (const c of containers(spec)) {
      const pm = c.securityContext?.procMount;
      if (pm !== undefined && pm !== "Default") { bad.push(c.name); values.push(pm); }
    }
    if (bad.length === 0) return allowed;
    return deny("procMount", `${containerList(bad)} must not set securityContext.procMount to ${joinQuote(sortedUnique(values))}`);
  },
};

const seccompBaseline: Check = {
  id: "seccompProfile_baseline", level: "baseline",
  check(_meta, spec) {
    const podBad = spec.securityContext?.seccompProfile?.type === "Unconfined";
    const bad = containers(spec).filter((c) => c.securityContext?.seccompProfile?.type === "Unconfined").map((c) => c.name);
    if (!podBad && bad.length === 0) return allowed;
    return deny("seccompProfile", `${setters(podBad, bad)} must not set securityContext.seccompProfile.type to "Unconfined"`);
  },
};

/** Namespaced sysctls known to be safe (the kubelet's safe set, as of v1.29). */
export const safeSysctls = new Set([
  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

const sysctls: Check = {
  id: "sysctls", level: "baseline",
  check(_meta, spec) {
    const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !safeSysctls.has(n));
    return bad.length === 0 ? allowed : deny("forbidden sysctls", bad.join(", "));
  },
};

// ---- restricted ----

/** Volume types a restricted Pod may use: nothing that reaches the node. */
export const restrictedVolumeTypes = new Set([
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
]);

const restrictedVolumes: Check = {
  id: "restrictedVolumes", level: "restricted", overrides: ["hostPathVolumes"],
  check(_meta, spec) {
    const bad: string[] = [];
    const types: string[] = [];
    for (const v of spec.volumes ?? []) {
      const type = Object.keys(v).find((k) => k !== "name");
      if (type !== undefined && !restrictedVolumeTypes.has(type)) { bad.push(v.name); types.push(type); }
    }
    if (bad.length === 0) return allowed;
    const t = sortedUnique(types);
    return deny("restricted volume types",
      `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)} ${pluralize("uses", "use", bad.length)} ${pluralize("restricted volume type", "restricted volume types", t.length)} ${joinQuote(t)}`);
  },
};

const allowPrivilegeEscalation: Check = {
  id: "allowPrivilegeEscalation", level: "restricted",
  check(_meta, spec) {
    const bad = containers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
    return bad.length === 0 ? allowed : deny("allowPrivilegeEscalation != false", `${containerList(bad)} must set securityContext.allowPrivilegeEscalation=false`);
  },
};

const runAsNonRoot: Check = {
  id: "runAsNonRoot", level: "restricted",
  check(_meta, spec) {
    const podSetting = spec.securityContext?.runAsNonRoot;
    const explicitlyBad: string[] = [];
    const implicitlyBad: string[] = [];
    for (const c of containers(spec)) {
      const v = c.securityContext?.runAsNonRoot;
      if (v === false) explicitlyBad.push(c.name);
      else if (v === undefined && podSetting !== true) implicitlyBad.push(c.name);
    }
    // Explicit `false` settings are reported first and alone; only without them are the
    // containers that set nothing reported.
    if (podSetting === false || explicitlyBad.length > 0) {
      return deny("runAsNonRoot != true", `${setters(podSetting === false, explicitlyBad)} must not set securityContext.runAsNonRoot=false`);
    }
    if (implicitlyBad.length > 0) {
      return deny("runAsNonRoot != true", `pod or ${containerList(implicitlyBad)} must set securityContext.runAsNonRoot=true`);
    }
    return allowed;
  },
};

const runAsUser: Check = {
  id: "runAsUser", level: "restricted",
  check(_meta, spec) {
    const podBad = spec.securityContext?.runAsUser === 0;
    const bad = containers(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
    if (!podBad && bad.length === 0) return allowed;
    return deny("runAsUser=0", `${setters(podBad, bad)} must not set runAsUser=0`);
  },
};

const seccompRestricted: Check = {
  id: "seccompProfile_restricted", level: "restricted", overrides: ["seccompProfile_baseline"],
  check(_meta, spec) {
    const ok = (t: string | undefined) => t === "RuntimeDefault" || t === "Localhost";
    const podType = spec.securityContext?.seccompProfile?.type;
    const podBad = podType !== undefined && !ok(podType);
    const badValues: string[] = podBad ? [podType] : [];
    const explicitlyBad: string[] = [];
    const implicitlyBad: string[] = [];
    for (const c of containers(spec)) {
      const t = c.securityContext?.seccompProfile?.type;
      if (t !== undefined && !ok(t)) { explicitlyBad.push(c.name); badValues.push(t); }
      else if (t === undefined && !ok(podType)) implicitlyBad.push(c.name);
    }
    // As for runAsNonRoot: explicit bad values first and alone, then the implicit ones.
    if (podBad || explicitlyBad.length > 0) {
      return deny("seccompProfile", `${setters(podBad, explicitlyBad)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`);
    }
    if (implicitlyBad.length > 0) {
      return deny("seccompProfile", `pod or ${containerList(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
    }
    return allowed;
  },
};

const capabilitiesRestricted: Check = {
  id: "capabilities_restricted", level: "restricted", overrides: ["capabilities_baseline"],
  check(_meta, spec) {
    const missingDrop: string[] = [];
    const badAdd: string[] = [];
    const caps: string[] = [];
    for (const c of containers(spec)) {
      const capabilities = c.securityContext?.capabilities;
      if (!(capabilities?.drop ?? []).includes("ALL")) missingDrop.push(c.name);
      const extra = (capabilities?.add ?? []).filter((cap) => cap !== "NET_BIND_SERVICE");
      if (extra.length > 0) { badAdd.push(c.name); caps.push(...extra); }
    }
    const details: string[] = [];
    if (missingDrop.length > 0) details.push(`${containerList(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (badAdd.length > 0) details.push(`${containerList(badAdd)} must not include ${joinQuote(sortedUnique(caps))} in securityContext.capabilities.add`);
    return details.length === 0 ? allowed : deny("unrestricted capabilities", details.join("; "));
  },
};

//> pod-security-checks
/** Every check, sorted by ID as upstream's registry runs them (so messages have a stable order). */
export const allChecks: readonly Check[] = [
  hostProcess, hostNamespaces, privileged, capabilitiesBaseline, hostPathVolumes, hostPorts,
  appArmorProfile, seLinuxOptions, procMount, seccompBaseline, sysctls,
  restrictedVolumes, allowPrivilegeEscalation, runAsNonRoot, runAsUser, seccompRestricted, capabilitiesRestricted,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The checks a level applies: baseline's for baseline; all minus overridden ones for restricted. */
export function checksForLevel(level: Level): Check[] {
  if (level === "privileged") return [];
  if (level === "baseline") return allChecks.filter((c) => c.level === "baseline");
  const overridden = new Set(allChecks.flatMap((c) => c.overrides ?? []));
  return allChecks.filter((c) => !overridden.has(c.id));
}

/** One failed check, as the message prints it. */
export interface Violation {
  id: string;
  reason: string;
  detail: string;
}

/** Evaluate a Pod against a level; an empty list means allowed. */
export function evaluatePod(level: Level, meta: Pod["metadata"], spec: PodSpec): Violation[] {
  const out: Violation[] = [];
  for (const c of checksForLevel(level)) {
    const r = c.check(meta, spec);
    if (!r.allowed) out.push({ id: c.id, reason: r.forbiddenReason, detail: r.forbiddenDetail });
  }
  return out;
}

/** AggregateCheckResult.ForbiddenReason: `reason (detail), reason (detail)`. */
export function forbiddenReason(violations: readonly Violation[]): string {
  return violations.map((v) => (v.detail === "" ? v.reason : `${v.reason} (${v.detail})`)).join(", ");
}
//< pod-security-checks
