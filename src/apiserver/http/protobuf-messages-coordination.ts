// Field numbers for coordination.k8s.io/v1: Lease, what client-go's leader election writes
// (tools/leaderelection/resourcelock/leaselock.go, through the typed client, so in protobuf).
// Copied from k8s.io/api/coordination/v1/generated.proto; see protobuf-schema.ts for how a table
// is read.

import { int, msg, objectMeta, ptr, s, type Message } from "./protobuf-schema";

// Every LeaseSpec field is a pointer; the times are MicroTime, RFC 3339 to the microsecond.
const leaseSpec: Message = {
  1: s("holderIdentity", ptr), 2: int("leaseDurationSeconds", ptr), 3: { name: "acquireTime", type: "microTime" },
  4: { name: "renewTime", type: "microTime" }, 5: int("leaseTransitions", ptr), 6: s("strategy", ptr), 7: s("preferredHolder", ptr),
};

export const COORDINATION_MESSAGES: Readonly<Record<string, Message>> = {
  "coordination.k8s.io/v1/Lease": { 1: msg("metadata", objectMeta), 2: msg("spec", leaseSpec) },
};
