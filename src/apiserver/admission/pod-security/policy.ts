// Which Pod Security level a namespace asks for, read from its labels:
//
//   pod-security.kubernetes.io/enforce: restricted        # refuse violating Pods
//   pod-security.kubernetes.io/enforce-version: v1.30     # judged by the v1.30 rules
//   pod-security.kubernetes.io/warn: restricted           # accept, but warn the client
//   pod-security.kubernetes.io/audit: baseline            # accept, but annotate the audit event
//
// Reference: staging/src/k8s.io/pod-security-admission/api/helpers.go (ParseLevel,
// ParseVersion, PolicyToEvaluate) and constants.go.

import type { Level } from "./checks";

export type Mode = "enforce" | "audit" | "warn";
export const modes: readonly Mode[] = ["enforce", "audit", "warn"];
export const labelPrefix = "pod-security.kubernetes.io/";

/** A level at a version: `restricted:latest`, `baseline:v1.30`. */
export interface LevelVersion {
  level: Level;
  /** "latest" or "v1.N". */
  version: string;
}

export type Policy = Record<Mode, LevelVersion>;

export const levelVersionString = (lv: LevelVersion): string => `${lv.level}:${lv.version}`;

/** The cluster's defaults for unlabelled namespaces: privileged everywhere, as upstream ships. */
export const defaultPolicy: Policy = {
  enforce: { level: "privileged", version: "latest" },
  audit: { level: "privileged", version: "latest" },
  warn: { level: "privileged", version: "latest" },
};

const isLevel = (s: string): s is Level => s === "privileged" || s === "baseline" || s === "restricted";
const isVersion = (s: string): boolean => s === "latest" || /^v1\.(0|[1-9][0-9]*)$/.test(s);

/**
 * PolicyToEvaluate. A level label without a version label means `latest`. An unparseable
 * label is reported in `errors` and fails closed: an invalid level means `restricted`, an
 * invalid version `latest`.
 */
export function policyToEvaluate(labels: Readonly<Record<string, string>>, defaults: Policy = defaultPolicy): { policy: Policy; errors: string[] } {
  const policy: Policy = { enforce: { ...defaults.enforce }, audit: { ...defaults.audit }, warn: { ...defaults.warn } };
  const errors: string[] = [];
  for (const mode of modes) {
    const level = labels[labelPrefix + mode];
    const version = labels[`${labelPrefix}${mode}-version`];
    if (level !== undefined) {
      if (isLevel(level)) policy[mode].level = level;
      else {
        errors.push(`${labelPrefix}${mode}: Invalid value: ${JSON.stringify(level)}: must be one of privileged, baseline, restricted`);
        policy[mode].level = "restricted";
      }
      if (version === undefined) policy[mode].version = "latest";
    }
    if (version !== undefined) {
      if (isVersion(version)) policy[mode].version = version;
      else {
        errors.push(`${labelPrefix}${mode}-version: Invalid value: ${JSON.stringify(version)}: must be "latest" or "v1.x"`);
        policy[mode].version = "latest";
      }
    }
  }
  return { policy, errors };
}
