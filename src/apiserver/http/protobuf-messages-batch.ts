// Field numbers for batch/v1: Job and CronJob, the kinds `kubectl create job` and `kubectl create
// cronjob` send. Every number is copied from k8s.io/api/batch/v1/generated.proto; see
// protobuf-schema.ts for how a table is read.
//
// SIMPLIFICATION: a Job's podFailurePolicy and successPolicy are not in the table, so they are
// skipped and reported.

import { podTemplateSpec } from "./protobuf-messages-core";
import { bool, dropped, int, labelSelector, msg, objectMeta, ptr, s, type Message } from "./protobuf-schema";

// Most JobSpec fields are pointers: `completions: 0` and "not set" mean different things.
const jobSpec: Message = {
  1: int("parallelism", ptr), 2: int("completions", ptr), 3: int("activeDeadlineSeconds", ptr), 4: msg("selector", labelSelector),
  5: bool("manualSelector", ptr), 6: msg("template", podTemplateSpec), 7: int("backoffLimit", ptr), 8: int("ttlSecondsAfterFinished", ptr),
  9: s("completionMode", ptr), 10: bool("suspend", ptr), 12: int("backoffLimitPerIndex", ptr), 13: int("maxFailedIndexes", ptr),
  14: s("podReplacementPolicy", ptr), 15: s("managedBy", ptr),
};
const cronJobSpec: Message = {
  1: s("schedule"), 2: int("startingDeadlineSeconds", ptr), 3: s("concurrencyPolicy"), 4: bool("suspend", ptr),
  5: msg("jobTemplate", { 1: msg("metadata", objectMeta), 2: msg("spec", jobSpec) }),
  6: int("successfulJobsHistoryLimit", ptr), 7: int("failedJobsHistoryLimit", ptr), 8: s("timeZone", ptr),
};

export const BATCH_MESSAGES: Readonly<Record<string, Message>> = {
  "batch/v1/Job": { 1: msg("metadata", objectMeta), 2: msg("spec", jobSpec), 3: dropped("status") },
  "batch/v1/CronJob": { 1: msg("metadata", objectMeta), 2: msg("spec", cronJobSpec), 3: dropped("status") },
};
