// KubeSchedulerConfiguration: the shape of kube-scheduler's configuration file, reduced to what
// this scheduler implements, with upstream's defaults.
//
//   apiVersion: kubescheduler.config.k8s.io/v1
//   kind: KubeSchedulerConfiguration
//   percentageOfNodesToScore: 0          # 0 = adaptive: 50% - nodes/125, at least 5%
//   profiles:
//   - schedulerName: default-scheduler
//     plugins:
//       multiPoint: { enabled: [...], disabled: [...] }
//       score: { disabled: [{ name: ImageLocality }] }
//     pluginConfig:
//     - name: NodeResourcesFit
//       args: { scoringStrategy: { type: MostAllocated } }
//
// Reference: pkg/scheduler/apis/config/v1/default_plugins.go (getDefaultPlugins),
// pkg/scheduler/apis/config/v1/defaults.go, staging/src/k8s.io/kube-scheduler/config/v1/types.go.

export interface PluginRef {
  name: string;
  /** Score weight; only meaningful for score plugins. Defaults to 1. */
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  /** `{name: "*"}` disables every default plugin of that extension point. */
  disabled?: PluginRef[];
}

export type ExtensionPoint =
  | "preEnqueue"
  | "queueSort"
  | "preFilter"
  | "filter"
  | "postFilter"
  | "preScore"
  | "score"
  | "reserve"
  | "permit"
  | "preBind"
  | "bind"
  | "postBind";

export const extensionPoints: readonly ExtensionPoint[] = [
  "preEnqueue", "queueSort", "preFilter", "filter", "postFilter", "preScore", "score",
  "reserve", "permit", "preBind", "bind", "postBind",
];

export type Plugins = { multiPoint?: PluginSet } & { [P in ExtensionPoint]?: PluginSet };

export interface PluginConfig {
  name: string;
  args: unknown;
}

export interface KubeSchedulerProfile {
  schedulerName: string;
  /** Overrides the global percentageOfNodesToScore for this profile. */
  percentageOfNodesToScore?: number;
  plugins?: Plugins;
  pluginConfig?: PluginConfig[];
}

export interface KubeSchedulerConfiguration {
  apiVersion?: "kubescheduler.config.k8s.io/v1";
  kind?: "KubeSchedulerConfiguration";
  /**
   * Share of nodes to find feasible before scoring stops looking. 0 (the default) is adaptive:
   * 50% at 100 nodes, down to 5% from 5625 nodes; never fewer than 100 nodes. A fixed 100 makes
   * every cycle look at every node: best placements, slowest scheduling.
   */
  percentageOfNodesToScore?: number;
  /** Backoff of a pod after a failed attempt: 1 s, doubling per attempt... */
  podInitialBackoffSeconds?: number;
  /** ... up to 10 s. */
  podMaxBackoffSeconds?: number;
  profiles?: KubeSchedulerProfile[];
}

export const DefaultSchedulerName = "default-scheduler";
export const DefaultPodInitialBackoffSeconds = 1;
export const DefaultPodMaxBackoffSeconds = 10;

//> default-plugins
/**
 * getDefaultPlugins: the MultiPoint plugin list of the default profile, in upstream's order
 * (Filter runs in this order too), with upstream's score weights. The volume plugins
 * (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone) and DynamicResources are
 * upstream defaults this course does not implement.
 */
export function defaultPlugins(): PluginRef[] {
  return [
    { name: "SchedulingGates" },
    { name: "PrioritySort" },
    { name: "NodeUnschedulable" },
    { name: "NodeName" },
    { name: "TaintToleration", weight: 3 },
    { name: "NodeAffinity", weight: 2 },
    { name: "NodePorts" },
    { name: "NodeResourcesFit", weight: 1 },
    { name: "PodTopologySpread", weight: 2 },
    { name: "InterPodAffinity", weight: 2 },
    { name: "DefaultPreemption" },
    { name: "NodeResourcesBalancedAllocation", weight: 1 },
    { name: "ImageLocality", weight: 1 },
    { name: "DefaultBinder" },
  ];
}
//< default-plugins

/** A profile with upstream's defaults filled in. */
export function defaultProfile(schedulerName = DefaultSchedulerName): KubeSchedulerProfile {
  return { schedulerName, plugins: {}, pluginConfig: [] };
}

/** Fills in defaults; a configuration with no profiles gets the default-scheduler profile. */
export function withDefaults(config: KubeSchedulerConfiguration = {}): Required<Omit<KubeSchedulerConfiguration, "apiVersion" | "kind">> {
  const profiles = config.profiles && config.profiles.length > 0 ? config.profiles : [defaultProfile()];
  const seen = new Set<string>();
  for (const p of profiles) {
    if (!p.schedulerName) throw new ConfigError("profiles[].schedulerName: Required value");
    if (seen.has(p.schedulerName)) {
      throw new ConfigError(`profiles[].schedulerName: Duplicate value: "${p.schedulerName}"`);
    }
    seen.add(p.schedulerName);
  }
  const pct = config.percentageOfNodesToScore ?? 0;
  if (pct < 0 || pct > 100) {
    throw new ConfigError(`percentageOfNodesToScore: Invalid value: ${pct}: not in valid range [0-100]`);
  }
  return {
    percentageOfNodesToScore: pct,
    podInitialBackoffSeconds: config.podInitialBackoffSeconds ?? DefaultPodInitialBackoffSeconds,
    podMaxBackoffSeconds: config.podMaxBackoffSeconds ?? DefaultPodMaxBackoffSeconds,
    profiles,
  };
}

/** A configuration that cannot be used; the message names the field, as upstream validation does. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
