// The HTTPS webhook transport against a real webhook server on a loopback port: what the webhook
// receives, what the dispatcher gets back, and the errors (in upstream's words) when the call
// cannot be made. Real sockets and a real timer (the timeout test waits about one second).
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeBase64 } from "../admission/webhook/base64";
import type { AdmissionReview, Webhook } from "../admission/webhook/types";
import { createCertificateAuthority, issueCertificate, type KeyPair } from "./pki.node";
import { httpsWebhookTransport } from "./webhook-transport.node";

// Real TLS checks validity against the wall clock, so certificates are issued "now".
const now = new Date();
let ca: KeyPair;
let otherCa: KeyPair;
let server: https.Server;
let port: number;
const received: { path: string; contentType: string | undefined; body: unknown }[] = [];
/** What the server answers next; the default echoes an allowing AdmissionReview. */
let answer: (review: AdmissionReview, res: ServerResponse) => void;

const allowWithPatch = (review: AdmissionReview, res: ServerResponse) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({
    apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
    response: { uid: review.request?.uid, allowed: true, patchType: "JSONPatch", patch: encodeBase64("[]") },
  }));
};

beforeAll(async () => {
  ca = createCertificateAuthority(now, "webhook-ca");
  otherCa = createCertificateAuthority(now, "someone-else");
  const serving = issueCertificate(ca, { commonName: "webhook" }, now, { usage: "server", ips: ["127.0.0.1"] });
  server = https.createServer({ cert: serving.certPem, key: serving.keyPem }, (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const review = JSON.parse(body) as AdmissionReview;
      received.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: review });
      answer(review, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
}, 30_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const review: AdmissionReview = {
  apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview",
  request: {
    uid: "0b6c-uid", kind: { group: "", version: "v1", kind: "Pod" }, resource: { group: "", version: "v1", resource: "pods" },
    requestKind: { group: "", version: "v1", kind: "Pod" }, requestResource: { group: "", version: "v1", resource: "pods" },
    name: "web", namespace: "default", operation: "CREATE", userInfo: { username: "alice", groups: [] },
    object: { apiVersion: "v1", kind: "Pod", metadata: { name: "web" } }, oldObject: null, dryRun: false,
  },
};

function hook(overrides: Partial<Webhook> & { url?: string; caBundle?: string } = {}): Webhook {
  const { url, caBundle, ...rest } = overrides;
  return {
    name: "sidecar.example.com",
    clientConfig: { url: url ?? `https://127.0.0.1:${port}/mutate`, caBundle: caBundle ?? encodeBase64(ca.certPem) },
    rules: [], admissionReviewVersions: ["v1"],
    ...rest,
  };
}

const transport = httpsWebhookTransport();

describe("httpsWebhookTransport", () => {
  it("POSTs the AdmissionReview as JSON to the URL, with client-go's timeout parameter, and returns the reply", async () => {
    answer = allowWithPatch;
    received.length = 0;
    const reply = await transport.call(hook({ timeoutSeconds: 5 }), review);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/mutate?timeout=5s");
    expect(received[0]!.contentType).toBe("application/json");
    expect(received[0]!.body).toEqual(review);
    expect(reply).toMatchObject({ kind: "AdmissionReview", response: { uid: "0b6c-uid", allowed: true, patchType: "JSONPatch" } });
  });

  it("uses upstream's default timeout of 10 seconds when timeoutSeconds is not set", async () => {
    answer = allowWithPatch;
    received.length = 0;
    await transport.call(hook(), review);
    expect(received[0]!.path).toBe("/mutate?timeout=10s");
  });

  it("refuses a webhook whose certificate is not signed by the caBundle", async () => {
    const url = `https://127.0.0.1:${port}/mutate`;
    await expect(transport.call(hook({ caBundle: encodeBase64(otherCa.certPem) }), review)).rejects.toThrow(
      `failed to call webhook: Post "${url}?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
  });

  it("says connection refused, in Go's words, when nothing listens at the URL", async () => {
    const closed = https.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(transport.call(hook({ url: `https://127.0.0.1:${deadPort}/mutate` }), review)).rejects.toThrow(
      `failed to call webhook: Post "https://127.0.0.1:${deadPort}/mutate?timeout=10s": dial tcp 127.0.0.1:${deadPort}: connect: connection refused`,
    );
  });

  it("gives up after timeoutSeconds with context deadline exceeded", async () => {
    answer = () => { /* never answers */ };
    const started = Date.now();
    await expect(transport.call(hook({ timeoutSeconds: 1 }), review)).rejects.toThrow(/^failed to call webhook: Post ".*\?timeout=1s": context deadline exceeded$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("treats a non-2xx answer as an error, worded as client-go's generic server responses", async () => {
    answer = (_r, res) => { res.writeHead(500, { "Content-Type": "text/plain" }); res.end("panic: nil map"); };
    await expect(transport.call(hook(), review)).rejects.toThrow(
      'failed to call webhook: an error on the server ("panic: nil map") has prevented the request from succeeding',
    );
    answer = (_r, res) => { res.writeHead(404); res.end("404 page not found"); };
    await expect(transport.call(hook(), review)).rejects.toThrow("failed to call webhook: the server could not find the requested resource");
  });

  it("treats a 2xx body that is not JSON, or has no kind, as an error", async () => {
    answer = (_r, res) => { res.writeHead(200); res.end("<html>hello</html>"); };
    await expect(transport.call(hook(), review)).rejects.toThrow(/^failed to call webhook: couldn't get version\/kind; json parse error: /);
    answer = (_r, res) => { res.writeHead(200); res.end("{}"); };
    await expect(transport.call(hook(), review)).rejects.toThrow("failed to call webhook: Object 'Kind' is missing in '{}'");
  });

  it("answers a clear error for a service reference, which the course cannot resolve", async () => {
    const w: Webhook = { ...hook(), clientConfig: { service: { namespace: "injector", name: "sidecar", path: "/mutate" } } };
    await expect(transport.call(w, review)).rejects.toThrow(
      'failed to call webhook: Post "https://sidecar.injector.svc:443/mutate": service references cannot be resolved by the course\'s API server (no cluster DNS); use clientConfig.url',
    );
  });
});
