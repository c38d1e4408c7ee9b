// The HTTPS front over real loopback sockets, with a fake handler standing in for the ApiServer:
// what reaches the pipeline from a request, and what reaches the client from a response.
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiRequest, ApiResponse, ResponseStream } from "../pipeline/request";
import { MAX_REQUEST_BODY_BYTES } from "../registry/store";
import { openStream, request, type ClientTls } from "./https-client.test-util";
import { startHttpsFront, type RunningFront } from "./https-front.node";
import { keyIdentifiersOf } from "./peer-certificate.node";
import { createCertificateAuthority, createClusterPki, issueCertificate, isSignedBy, type ClusterPki } from "./pki.node";

/** A handler that records requests and answers with `next` (default: 200 {"ok":true}). */
class FakeHandler {
  readonly seen: ApiRequest[] = [];
  next: (req: ApiRequest) => ApiResponse = () => ({ status: 200, headers: {}, body: { ok: true } });
  async handle(req: ApiRequest): Promise<ApiResponse> {
    this.seen.push(req);
    return this.next(req);
  }
  get last(): ApiRequest {
    return this.seen[this.seen.length - 1]!;
  }
}

/** A watch stream the test drives by hand. */
class ManualStream implements ResponseStream {
  onEvent?: (e: { type: string; object: unknown }) => void;
  onEnd?: () => void;
  stopped = false;
  subscribe(onEvent: (e: { type: string; object: unknown }) => void, onEnd: () => void): () => void {
    this.onEvent = onEvent;
    this.onEnd = onEnd;
    return () => { this.stopped = true; };
  }
}

// Real TLS clients check validity against the wall clock, so certificates are issued "now".
const now = new Date();
let pki: ClusterPki;
let handler: FakeHandler;
let front: RunningFront;
let admin: ClientTls;
let anonymous: ClientTls;

beforeAll(async () => {
  pki = createClusterPki(now);
  handler = new FakeHandler();
  front = await startHttpsFront({
    handler, port: 0, serving: pki.apiserver, clientCAs: [{ name: "client-ca", certPem: pki.ca.certPem }],
  });
  admin = { caPem: pki.ca.certPem, cert: pki.admin };
  anonymous = { caPem: pki.ca.certPem };
});

afterAll(async () => {
  await front?.close();
});

describe("the cluster PKI", () => {
  it("signs the serving and admin certificates with the cluster CA", () => {
    expect(isSignedBy(pki.apiserver.certPem, pki.ca.certPem)).toBe(true);
    expect(isSignedBy(pki.admin.certPem, pki.ca.certPem)).toBe(true);
    expect(isSignedBy(pki.admin.certPem, createCertificateAuthority(now).certPem)).toBe(false);
  });
});

describe("keyIdentifiersOf", () => {
  it("reads a CA's Subject Key Identifier, and no Authority Key Identifier from a self-signed CA without one", () => {
    const ca = forge.pki.certificateFromPem(pki.ca.certPem);
    const der = forge.asn1.toDer(forge.pki.certificateToAsn1(ca)).getBytes();
    expect(keyIdentifiersOf(Uint8Array.from(der, (c) => c.charCodeAt(0)))).toEqual({ subjectKeyId: ca.generateSubjectKeyIdentifier().toHex() });
  });
  it("gives nothing for bytes that are not a certificate", () => {
    expect(keyIdentifiersOf(new Uint8Array([1, 2, 3]))).toEqual({});
  });
});

describe("the HTTPS front", () => {
  it("turns a verified client certificate into the request's peerCertificate", async () => {
    await request(front.url, admin, { path: "/api" });
    expect(handler.last.peerCertificate).toMatchObject({
      subject: { commonName: "kubernetes-admin", organization: ["system:masters"] },
      verifiedBy: ["client-ca"],
    });
    expect(handler.last.peerCertificate?.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  // What upstream's "verifying certificate SN=..., SKID=..., AKID=... failed" names
  // (certificateIdentifier, k8s.io/apiserver/pkg/authentication/request/x509/x509.go).
  it("carries the client certificate's serial number and key identifiers: a leaf has an AKID naming its CA's SKID, and no SKID", async () => {
    await request(front.url, admin, { path: "/api" });
    const caSkid = forge.pki.certificateFromPem(pki.ca.certPem).generateSubjectKeyIdentifier().toHex();
    // Compared as numbers: a serial whose first byte is small may be printed with or without its leading zero.
    expect(BigInt(`0x${handler.last.peerCertificate?.serialNumber ?? ""}`)).toBe(BigInt(`0x${forge.pki.certificateFromPem(pki.admin.certPem).serialNumber}`));
    expect(handler.last.peerCertificate?.authorityKeyId).toBe(caSkid);
    expect(handler.last.peerCertificate?.subjectKeyId).toBeUndefined();
  });

  it("lets a client without a certificate in, without a peerCertificate", async () => {
    const res = await request(front.url, anonymous, { path: "/api", headers: { Authorization: "Bearer abc" } });
    expect(res.status).toBe(200);
    expect(handler.last.peerCertificate).toBeUndefined();
    expect(handler.last.headers?.["authorization"]).toBe("Bearer abc");
  });

  it("ignores a client certificate signed by a CA the server does not trust", async () => {
    const strangerCA = createCertificateAuthority(now, "stranger");
    const mallory = issueCertificate(strangerCA, { commonName: "mallory", organizations: ["system:masters"] }, now, { usage: "client" });
    const res = await request(front.url, { caPem: pki.ca.certPem, cert: mallory }, { path: "/api" });
    expect(res.status).toBe(200);
    expect(handler.last.peerCertificate).toBeUndefined();
  });

  it("passes the path, repeated query parameters as arrays, and lower-cased headers", async () => {
    await request(front.url, admin, {
      path: "/api/v1/pods?labelSelector=app%3Dweb&watch=true&x=1&x=2",
      headers: { "User-Agent": "kubectl/v1.32", "X-Custom": "yes" },
    });
    expect(handler.last).toMatchObject({
      method: "GET", path: "/api/v1/pods", query: { labelSelector: "app=web", watch: "true", x: ["1", "2"] },
    });
    expect(handler.last.headers).toMatchObject({ "user-agent": "kubectl/v1.32", "x-custom": "yes" });
    expect(handler.last.remoteAddr).toBe("127.0.0.1");
  });

  it("decodes JSON and YAML bodies, and passes a patch body on with its Content-Type", async () => {
    await request(front.url, admin, { method: "POST", path: "/api/v1/namespaces", headers: { "Content-Type": "application/json" }, body: '{"kind":"Namespace"}' });
    expect(handler.last.body).toEqual({ kind: "Namespace" });
    await request(front.url, admin, { method: "POST", path: "/api/v1/namespaces", headers: { "Content-Type": "application/yaml" }, body: "kind: Namespace\nmetadata:\n  name: a\n" });
    expect(handler.last.body).toEqual({ kind: "Namespace", metadata: { name: "a" } });
    await request(front.url, admin, { method: "PATCH", path: "/api/v1/namespaces/a", headers: { "Content-Type": "application/json-patch+json" }, body: '[{"op":"remove","path":"/x"}]' });
    expect(handler.last.body).toEqual([{ op: "remove", path: "/x" }]);
    expect(handler.last.headers?.["content-type"]).toBe("application/json-patch+json");
    await request(front.url, admin, { method: "PATCH", path: "/api/v1/namespaces/a", headers: { "Content-Type": "application/apply-patch+yaml" }, body: "metadata:\n  labels: {a: b}\n" });
    expect(handler.last.body).toEqual({ metadata: { labels: { a: "b" } } });
  });

  it("answers 413 to a body over 3 MiB, without calling the handler", async () => {
    const before = handler.seen.length;
    const res = await request(front.url, admin, {
      method: "POST", path: "/api/v1/namespaces/default/configmaps", headers: { "Content-Type": "application/json" },
      body: Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, "a"),
    });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ kind: "Status", reason: "RequestEntityTooLarge", message: "Request entity too large: limit is 3145728", code: 413 });
    expect(handler.seen.length).toBe(before);
  });

  it("answers 415 to a body in a media type it cannot decode", async () => {
    const res = await request(front.url, admin, { method: "POST", path: "/api/v1/namespaces", headers: { "Content-Type": "text/plain" }, body: "hello" });
    expect(res.status).toBe(415);
    expect(res.json()).toMatchObject({
      reason: "UnsupportedMediaType", code: 415,
      message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
    });
    const patch = await request(front.url, admin, { method: "PATCH", path: "/api/v1/namespaces/a", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(patch.status).toBe(415);
    expect(patch.json<{ message: string }>().message).toContain("application/strategic-merge-patch+json, application/apply-patch+yaml");
  });

  it("answers 400 BadRequest to malformed JSON", async () => {
    const res = await request(front.url, admin, { method: "POST", path: "/api/v1/namespaces", headers: { "Content-Type": "application/json" }, body: '{"kind":' });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ kind: "Status", reason: "BadRequest", code: 400 });
    expect(res.json<{ message: string }>().message).toMatch(/^couldn't get version\/kind; json parse error: /);
  });

  it("writes Warning headers, text bodies and a 500 Status when the handler throws", async () => {
    handler.next = () => ({ status: 200, headers: { Warning: '299 - "deprecated"' }, body: "ok\n" });
    const text = await request(front.url, admin, { path: "/healthz" });
    expect(text.headers["warning"]).toBe('299 - "deprecated"');
    expect(text.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(text.text).toBe("ok\n");
    handler.next = () => { throw new Error("boom"); };
    const failed = await request(front.url, admin, { path: "/api" });
    expect(failed.status).toBe(500);
    expect(failed.json()).toMatchObject({ reason: "InternalError", code: 500 });
    handler.next = () => ({ status: 200, headers: {}, body: { ok: true } });
  });

  it("delivers a watch line by line and stops the stream when the client disconnects", async () => {
    const stream = new ManualStream();
    handler.next = () => ({ status: 200, headers: { "Content-Type": "application/json" }, body: undefined, stream });
    const watch = await openStream(front.url, admin, { path: "/api/v1/pods?watch=true" });
    expect(watch.status).toBe(200);
    expect(watch.headers["transfer-encoding"]).toBe("chunked");
    stream.onEvent!({ type: "ADDED", object: { metadata: { name: "a" } } });
    expect(JSON.parse((await watch.nextLine())!)).toEqual({ type: "ADDED", object: { metadata: { name: "a" } } });
    stream.onEvent!({ type: "DELETED", object: { metadata: { name: "a" } } });
    expect(JSON.parse((await watch.nextLine())!)).toMatchObject({ type: "DELETED" });
    watch.disconnect();
    await expect.poll(() => stream.stopped).toBe(true);
    handler.next = () => ({ status: 200, headers: {}, body: { ok: true } });
  });

  it("ends the response when the stream ends", async () => {
    const stream = new ManualStream();
    handler.next = () => ({ status: 200, headers: {}, body: undefined, stream });
    const watch = await openStream(front.url, admin, { path: "/api/v1/pods?watch=true" });
    stream.onEvent!({ type: "ERROR", object: { kind: "Status", code: 410 } });
    stream.onEnd!();
    expect(await watch.nextLine()).toContain('"ERROR"');
    expect(await watch.nextLine()).toBeUndefined();
    handler.next = () => ({ status: 200, headers: {}, body: { ok: true } });
  });
});

describe("closing the front", () => {
  it("ends an open watch and resolves once every connection is gone", async () => {
    const own = new FakeHandler();
    const stream = new ManualStream();
    own.next = () => ({ status: 200, headers: {}, body: undefined, stream });
    const f = await startHttpsFront({ handler: own, port: 0, serving: pki.apiserver, clientCAs: [{ name: "client-ca", certPem: pki.ca.certPem }] });
    const watch = await openStream(f.url, admin, { path: "/api/v1/pods?watch=true" });
    const started = Date.now();
    await f.close();
    expect(Date.now() - started).toBeLessThan(1_500); // not the grace period: the watch ended at once
    await watch.ended;
    expect(stream.stopped).toBe(true);
    await expect(request(f.url, admin, { path: "/api" })).rejects.toThrow(/ECONNREFUSED/);
  });
});
