/// <reference types="node" />
// The webhook transport kube-apiserver uses: POST the AdmissionReview as JSON to the webhook's
// HTTPS endpoint and hand back the decoded JSON reply, for the dispatcher to verify.
//
//   clientConfig.url ─▶ https://host:port/path?timeout=10s   (the timeout, as client-go adds it)
//   clientConfig.caBundle ─▶ the only CA trusted for the webhook's serving certificate
//                            (the system roots when absent)
//   timeoutSeconds (default 10) ─▶ the whole call, connect to last byte
//
// Every failure is thrown as an Error whose message is upstream's reason, e.g.
//   failed to call webhook: Post "https://127.0.0.1:8443/mutate?timeout=10s": dial tcp 127.0.0.1:8443: connect: connection refused
// and the dispatcher prefixes `failed calling webhook "<name>": ` and lets the webhook's
// failurePolicy decide (Fail → 500 to the client, Ignore → carry on).
//
// Reference: k8s.io/apiserver/pkg/admission/plugin/webhook/mutating/dispatcher.go (callAttrMutatingHook:
// `r.Timeout(timeout)`, `Reason: fmt.Errorf("failed to call webhook: %w", err)`),
// k8s.io/apiserver/pkg/util/webhook/client.go (ClientManager.HookClient: URL or service, caBundle),
// k8s.io/client-go/rest/request.go (transformResponse, newUnstructuredResponseError) and
// k8s.io/apimachinery/pkg/api/errors (NewGenericServerResponse) for the non-2xx wording.
//
// Node-only edge code, like https-front.node.ts: it opens real sockets and sets a real timer
// (the timeout); the dispatcher behind the WebhookTransport interface never does.
//
// SIMPLIFICATION: no client certificate or token for the webhook (upstream reads them from
// --admission-control-config-file's kubeconfig), no HTTP/2, no proxy, no retries on connection
// resets, and no Service references: the course has no cluster DNS or Service proxy, so a
// `clientConfig.service` fails with a message that says to use `clientConfig.url`.

import https from "node:https";
import type { IncomingMessage } from "node:http";
import type { AdmissionReview, Webhook, WebhookTransport } from "../admission/webhook/types";
import { decodeBase64 } from "../admission/webhook/base64";

/** admissionregistration/v1 SetDefaults_MutatingWebhook: TimeoutSeconds = 10. */
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;
/** client-go's maxUnstructuredResponseTextBytes: how much of a non-Status error body is quoted. */
const MAX_ERROR_BODY_BYTES = 2048;
/** What we read of a reply at most; a bigger one is an error (upstream has no such limit). */
const MAX_RESPONSE_BYTES = 3 * 1024 * 1024;

export interface HttpsWebhookTransportOptions {
  /** Extra trusted CAs (PEM) for webhooks without a caBundle. Default: the system roots only. */
  ca?: string;
}

/** The URL a webhook is called at, or why it cannot be called. */
export function webhookURL(webhook: Webhook): { url: URL } | { error: string } {
  const { url, service } = webhook.clientConfig;
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: `invalid webhook clientConfig.url ${JSON.stringify(url)}` };
    }
    // ValidateWebhookURL: https only (plain http is refused when the configuration is written).
    if (parsed.protocol !== "https:") return { error: `webhook clientConfig.url ${JSON.stringify(url)} must use the https scheme` };
    return { url: parsed };
  }
  if (service !== undefined) {
    // Upstream resolves https://<name>.<namespace>.svc:<port><path> through the Service's
    // endpoints (ServiceResolver). SIMPLIFICATION: no cluster DNS here.
    const target = `https://${service.name}.${service.namespace}.svc:${service.port ?? 443}${service.path ?? ""}`;
    return { error: `Post ${JSON.stringify(target)}: service references cannot be resolved by the course's API server (no cluster DNS); use clientConfig.url` };
  }
  return { error: "webhook clientConfig has neither url nor service" };
}

/** client-go's timeout query parameter: whole seconds, rounded up (`?timeout=10s`). */
function withTimeout(url: URL, seconds: number): string {
  const u = new URL(url);
  u.searchParams.set("timeout", `${Math.ceil(seconds)}s`);
  return u.toString();
}

/** A Node socket or TLS error in the words Go's net/http and crypto/tls use. */
export function goNetError(err: Error & { code?: string }, url: URL): string {
  const hostPort = `${url.hostname.replace(/^\[|\]$/g, "")}:${url.port || "443"}`;
  switch (err.code) {
    case "ECONNREFUSED": return `dial tcp ${hostPort}: connect: connection refused`;
    case "ENOTFOUND": return `dial tcp: lookup ${url.hostname}: no such host`;
    case "ECONNRESET": return "EOF";
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
      return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
    case "CERT_HAS_EXPIRED": return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
    case "ERR_TLS_CERT_ALTNAME_INVALID": return `tls: failed to verify certificate: x509: ${err.message}`;
    default: return err.message;
  }
}

/** NewGenericServerResponse: a non-2xx answer that is not a Status, as client-go words it. */
export function genericServerResponse(code: number, body: string): string {
  const serverMessage = body.trim().slice(0, MAX_ERROR_BODY_BYTES) || "unknown";
  switch (code) {
    case 400: return "the server rejected our request for an unknown reason";
    case 401: return "the server has asked for the client to provide credentials";
    case 403: return serverMessage;
    case 404: return "the server could not find the requested resource";
    case 405: return "the server does not allow this method on the requested resource";
    case 409: return "the server reported a conflict";
    case 422: return "the server rejected our request due to an error in our request";
    case 429: return "the server has received too many requests and has asked us to try again later";
    case 503: return "the server is currently unable to handle the request";
    case 504: return "the server was unable to return a response in the time allotted, but may still be processing the request";
    default:
      return code >= 500
        ? `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`
        : `the server responded with the status code ${code} but did not return more information`;
  }
}

/** A reply that is a Status object (a webhook framework's error page): its message, as client-go keeps it. */
function statusMessage(parsed: unknown): string | undefined {
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const s = parsed as { kind?: unknown; message?: unknown };
  return s.kind === "Status" && typeof s.message === "string" && s.message !== "" ? s.message : undefined;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

interface RawReply {
  status: number;
  body: string;
}

/** One POST; rejects with the cause in Go's words (without the `Post "<url>": ` prefix). */
function post(target: string, url: URL, body: string, ca: string | undefined, timeoutMs: number): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = https.request(target, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, */*", "Content-Length": Buffer.byteLength(body) },
      ...(ca === undefined ? {} : { ca }),
      // A fresh connection per call: a learner's webhook that restarts is reached at once.
      agent: false,
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy();
          finish(() => reject(new Error(`response body larger than ${MAX_RESPONSE_BYTES} bytes`)));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => finish(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") })));
      res.on("error", (err) => finish(() => reject(new Error(goNetError(err, url)))));
    });
    // The wall clock, on purpose: this is the network edge (see the top of the file).
    const timer = setTimeout(() => {
      finish(() => reject(new Error("context deadline exceeded")));
      req.destroy();
    }, timeoutMs);
    req.on("error", (err: Error & { code?: string }) => finish(() => reject(new Error(goNetError(err, url)))));
    req.end(body);
  });
}

/** The WebhookTransport for real webhooks: HTTPS POSTs, as kube-apiserver makes them. */
export function httpsWebhookTransport(options: HttpsWebhookTransportOptions = {}): WebhookTransport {
  return {
    async call(webhook: Webhook, review: AdmissionReview): Promise<unknown> {
      const fail = (reason: string): never => {
        throw new Error(`failed to call webhook: ${reason}`);
      };
      const resolved = webhookURL(webhook);
      if ("error" in resolved) return fail(resolved.error);
      const seconds = webhook.timeoutSeconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS;
      const target = withTimeout(resolved.url, seconds);

      // caBundle is base64 of PEM ([]byte in Go's JSON); without it, the system roots.
      let ca = options.ca;
      const bundle = webhook.clientConfig.caBundle;
      if (bundle !== undefined && bundle !== "") {
        try {
          ca = decodeBase64(bundle);
        } catch (err) {
          return fail(`invalid clientConfig.caBundle: ${err instanceof Error ? err.message : String(err)}`);
        }
      }

      let reply: RawReply;
      try {
        reply = await post(target, resolved.url, JSON.stringify(review), ca, seconds * 1000);
      } catch (err) {
        return fail(`Post ${JSON.stringify(target)}: ${err instanceof Error ? err.message : String(err)}`);
      }

      // transformResponse: a non-2xx answer is an error, worded from its Status when it sent
      // one, generically otherwise. Not wrapped in `Post "<url>"`: the call itself succeeded.
      const parsed = parseJson(reply.body);
      if (reply.status < 200 || reply.status > 299) {
        return fail((parsed.ok ? statusMessage(parsed.value) : undefined) ?? genericServerResponse(reply.status, reply.body));
      }
      // A 2xx body must decode (runtime.Decode into an AdmissionReview); whether it is the right
      // kind, version and uid is VerifyAdmissionResponse's check, in the dispatcher.
      if (!parsed.ok) return fail(`couldn't get version/kind; json parse error: ${parsed.error}`);
      const value = parsed.value;
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return fail(`couldn't get version/kind; json parse error: ${JSON.stringify(reply.body.slice(0, 80))} is not a JSON object`);
      }
      if (typeof (value as { kind?: unknown }).kind !== "string" || (value as { kind: string }).kind === "") {
        return fail(`Object 'Kind' is missing in '${reply.body.trim().slice(0, MAX_ERROR_BODY_BYTES)}'`);
      }
      return value;
    },
  };
}
