// The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins: admission decided by
// your own HTTPS services, configured with WebhookConfiguration objects.
//
// Mutating webhooks are called one at a time, configurations sorted by name and webhooks in
// their listed order, because each sees the object as the previous one left it. Each may answer
// with a JSON Patch (RFC 6902, base64 in `response.patch`), which is applied before the next
// call. Validating webhooks cannot change anything, so upstream calls them in parallel; the
// request fails if any refuses.
//
// When a webhook cannot be called (it is down, times out, or answers nonsense) its
// failurePolicy decides: "Fail" (the default) refuses the request with 500
// `Internal error occurred: failed calling webhook "<name>": <why>`; "Ignore" carries on as if
// the webhook had allowed it (fail open), noting it in an audit annotation.
//
// Reference: staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/mutating/dispatcher.go,
// .../validating/dispatcher.go, .../generic/webhook.go (ShouldCallHook) and
// .../webhook/errors (ErrCallingWebhook, ToStatusErr).
// SIMPLIFICATION: no reinvocationPolicy (upstream may call a mutating webhook a second time
// when a later one changed the object), and audit annotations are not grouped per round.

import { newUID } from "../../../api/meta";
import type { RandomSource } from "../../../api/names";
import { newBadRequest, newInternalError, StatusError } from "../../../api/status";
import type { AdmissionAttributes, KubeObject } from "../../types";
import { applyJsonPatch, parseJsonPatch, type JsonValue } from "../json-patch";
import { AdmissionContext, handlesOperations, type AdmissionPlugin } from "../plugin";
import { decodeBase64 } from "./base64";
import { webhookMatches } from "./matching";
import { createAdmissionReview, toStatusErr, verifyAdmissionResponse } from "./review";
import type { AdmissionResponse, Webhook, WebhookConfiguration, WebhookTransport } from "./types";

export interface WebhookPluginOptions {
  /** The current configurations (an informer's cache upstream). */
  configurations: () => readonly WebhookConfiguration[];
  transport: WebhookTransport;
  getNamespace: (name: string) => KubeObject | undefined;
  /** Draws the request uids. */
  rng: RandomSource;
  /**
   * The decoder's defaulting (SetDefaults_*), run on the object after each patch, as upstream's
   * mutating dispatcher does (`o.GetObjectDefaulter().Default(attr.VersionedObject)`): a
   * webhook that adds a container gets it defaulted like one the client sent. Injected because
   * the defaults live with the server (server/strategy.ts), which imports this module.
   */
  defaultObject?: (object: KubeObject, a: AdmissionAttributes) => void;
}

/** ErrCallingWebhook: the webhook could not give a usable answer. Subject to failurePolicy. */
export class ErrCallingWebhook extends Error {
  override readonly name: string = "ErrCallingWebhook";
  constructor(readonly webhookName: string, reason: string) {
    super(`failed calling webhook ${JSON.stringify(webhookName)}: ${reason}`);
  }
}

/** The webhooks to consider, configurations sorted by name (upstream's accessor order). */
function orderedWebhooks(configs: readonly WebhookConfiguration[]): Webhook[] {
  return [...configs]
    .sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : x.metadata.name > y.metadata.name ? 1 : 0))
    .flatMap((c) => c.webhooks);
}

/** One call: build the review, send it, check the reply. Throws ErrCallingWebhook on failure. */
async function callHook(webhook: Webhook, a: AdmissionAttributes, mutating: boolean, o: WebhookPluginOptions): Promise<AdmissionResponse> {
  if (a.dryRun && webhook.sideEffects !== "None" && webhook.sideEffects !== "NoneOnDryRun") {
    throw newBadRequest(`admission webhook ${JSON.stringify(webhook.name)} does not support dry run`);
  }
  const uid = newUID(o.rng);
  let body: unknown;
  try {
    body = await o.transport.call(webhook, createAdmissionReview(a, uid));
  } catch (err) {
    throw new ErrCallingWebhook(webhook.name, err instanceof Error ? err.message : String(err));
  }
  try {
    return verifyAdmissionResponse(uid, mutating, body);
  } catch (err) {
    throw new ErrCallingWebhook(webhook.name, `received invalid webhook response: ${(err as Error).message}`);
  }
}

/** Warnings and audit annotations a webhook returned, whether it allowed or refused. */
function record(webhook: Webhook, r: AdmissionResponse, ctx: AdmissionContext): void {
  for (const w of r.warnings ?? []) ctx.addWarning(w);
  for (const [k, v] of Object.entries(r.auditAnnotations ?? {})) ctx.addAnnotation(`${webhook.name}/${k}`, v);
}

/** Apply the failure policy to a call error: rethrow (Fail) or note and ignore (Ignore). */
function onCallError(err: unknown, webhook: Webhook, kind: "mutation" | "validation", index: number, ctx: AdmissionContext): void {
  if (!(err instanceof ErrCallingWebhook)) throw err;
  if ((webhook.failurePolicy ?? "Fail") === "Fail") throw newInternalError(err);
  ctx.addAnnotation(`failed-open.${kind}.webhook.admission.k8s.io/round_0_index_${index}`, webhook.name);
}

//> mutating-webhook-admit
export function mutatingWebhookPlugin(o: WebhookPluginOptions): AdmissionPlugin {
  return {
    name: "MutatingAdmissionWebhook",
    handles: handlesOperations("CREATE", "UPDATE", "DELETE", "CONNECT"),
    async admit(a, ctx) {
      const hooks = orderedWebhooks(o.configurations());
      for (const [index, webhook] of hooks.entries()) {
        if (!webhookMatches(webhook, a, o.getNamespace)) continue;
        let response: AdmissionResponse;
        try {
          response = await callHook(webhook, a, true, o);
        } catch (err) {
          onCallError(err, webhook, "mutation", index, ctx);
          continue;
        }
        record(webhook, response, ctx);
        if (!response.allowed) throw toStatusErr(webhook.name, response.status);
        if (!response.patch || a.object === undefined) continue;
        // A patch that does not decode or apply is the webhook's bug: 500, whatever the policy.
        try {
          const patch = parseJsonPatch(decodeBase64(response.patch));
          a.object = applyJsonPatch(a.object as JsonValue, patch) as KubeObject;
        } catch (err) {
          throw newInternalError(err instanceof Error ? err : String(err));
        }
        o.defaultObject?.(a.object, a);
      }
    },
  };
}
//< mutating-webhook-admit

export function validatingWebhookPlugin(o: WebhookPluginOptions): AdmissionPlugin {
  return {
    name: "ValidatingAdmissionWebhook",
    handles: handlesOperations("CREATE", "UPDATE", "DELETE", "CONNECT"),
    async validate(a, ctx) {
      const hooks = orderedWebhooks(o.configurations())
        .map((webhook, index) => ({ webhook, index }))
        .filter(({ webhook }) => webhookMatches(webhook, a, o.getNamespace));
      // All at once; the first refusal in webhook order wins, so the outcome is deterministic.
      const outcomes = await Promise.all(hooks.map(async ({ webhook, index }): Promise<StatusError | undefined> => {
        try {
          const response = await callHook(webhook, a, false, o);
          record(webhook, response, ctx);
          return response.allowed ? undefined : toStatusErr(webhook.name, response.status);
        } catch (err) {
          try {
            onCallError(err, webhook, "validation", index, ctx);
            return undefined;
          } catch (failed) {
            return failed instanceof StatusError ? failed : newInternalError(String(failed));
          }
        }
      }));
      const refusal = outcomes.find((e) => e !== undefined);
      if (refusal !== undefined) throw refusal;
    },
  };
}
