// Field numbers for scheduling.k8s.io/v1: PriorityClass, the kind `kubectl create priorityclass`
// sends and the scheduler's preemption reads. Copied from
// k8s.io/api/scheduling/v1/generated.proto; see protobuf-schema.ts for how a table is read.

import { bool, int, msg, objectMeta, ptr, s, type Message } from "./protobuf-schema";

const priorityClass: Message = {
  // `value` has no omitempty in Go: a PriorityClass of value 0 says so in JSON.
  1: msg("metadata", objectMeta), 2: int("value", ptr), 3: bool("globalDefault"), 4: s("description"), 5: s("preemptionPolicy", ptr),
};

export const SCHEDULING_MESSAGES: Readonly<Record<string, Message>> = {
  "scheduling.k8s.io/v1/PriorityClass": priorityClass,
};
