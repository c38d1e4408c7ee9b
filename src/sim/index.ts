// The deterministic simulation kernel: time, randomness, network, disk and trace.
export type { Clock, TimerId } from "./clock";
export { InvalidDelayError } from "./clock";
export { VirtualClock, RunawaySimulationError } from "./virtual-clock";
export { RealClock } from "./real-clock";
export { Rng, type Seed } from "./rng";
export { sampleLatency, meanLatency, describeLatency, type Latency, type LatencySource } from "./latency";
export { Network, DEFAULT_LINK, type LinkConfig, type Filter, type FilterVerdict, type Handler, type NetworkOptions } from "./network";
export { Disk, type DiskOptions } from "./disk";
export { Trace, type TraceEvent, type MessageEvent, type StateEvent, type NoteEvent, type MarkEvent, type MessageFate } from "./trace";
export { renderTimeline, stateColor, escapeXml, type TimelineOptions } from "./timeline-svg";
export { Simulation, type SimulationOptions } from "./simulation";
