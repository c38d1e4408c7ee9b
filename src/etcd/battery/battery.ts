// The whole battery, in the order of MIT 6.5840's test_test.go: elections (3A), agreement (3B),
// persistence (3C), snapshots (3D). battery.test.ts runs it under vitest; the benchmark and the
// soak script run the same list.
import { part3A } from "./scenarios-3a";
import { part3B } from "./scenarios-3b";
import { part3C } from "./scenarios-3c";
import { part3D } from "./scenarios-3d";
import type { Scenario } from "./scenario";

export const battery: Scenario[] = [...part3A, ...part3B, ...part3C, ...part3D];

/** The seed every scenario runs with unless RAFT_SEED says otherwise. */
export const DEFAULT_BATTERY_SEED = 1;
