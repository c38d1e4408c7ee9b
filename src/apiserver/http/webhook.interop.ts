// A mutating admission webhook over real HTTPS, configured with real kubectl: the sidecar
// injection of chapter 2's "Phase 3: Mutating admission", end to end.
//
//   kubectl apply -f mutating-webhook.yaml  ─▶ stored MutatingWebhookConfiguration
//   kubectl run web --image=nginx           ─▶ API server POSTs an AdmissionReview to the webhook
//                                              ─▶ webhook answers a base64 JSON Patch adding a container
//   kubectl get pod web                     ─▶ both containers
//
//   npm run test:interop -- src/apiserver/http/webhook.interop.ts
//
// The webhook's serving certificate is issued for 127.0.0.1 by a test CA, given to the API
// server as the configuration's caBundle, as a learner would do with their own webhook.
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeBase64 } from "../admission/webhook/base64";
import type { AdmissionReview } from "../admission/webhook/types";
import { RealClock } from "../../sim/real-clock";
import { Rng } from "../../sim/rng";
import { ApiServer } from "../server/api-server";
import { createCertificateAuthority, issueCertificate } from "./pki.node";
import { startTestCluster, type TestCluster } from "./test-cluster.interop-util";
import { httpsWebhookTransport } from "./webhook-transport.node";

let cluster: TestCluster;
let webhook: https.Server;
let webhookPort: number;
let deadPort: number;
let caBundle: string;
const reviews: AdmissionReview[] = [];

/** The sidecar injector: every pod it is asked about gets a `sidecar` container. */
function sidecarInjector(req: IncomingMessage, res: ServerResponse): void {
  let body = "";
  req.on("data", (d: Buffer) => (body += d.toString()));
  req.on("end", () => {
    const review = JSON.parse(body) as AdmissionReview;
    reviews.push(review);
    const patch = [{ op: "add", path: "/spec/containers/-", value: { name: "sidecar", image: "busybox:1.36", command: ["sleep", "infinity"] } }];
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: { uid: review.request?.uid, allowed: true, patchType: "JSONPatch", patch: encodeBase64(JSON.stringify(patch)) },
    }));
  });
}

beforeAll(async () => {
  // Real TLS checks validity against the wall clock, so certificates are issued "now".
  const now = new Date();
  const ca = createCertificateAuthority(now, "webhook-test-ca");
  const serving = issueCertificate(ca, { commonName: "sidecar-injector" }, now, { usage: "server", ips: ["127.0.0.1"] });
  caBundle = encodeBase64(ca.certPem);
  webhook = https.createServer({ cert: serving.certPem, key: serving.keyPem }, sidecarInjector);
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  webhookPort = (webhook.address() as AddressInfo).port;

  // A port nothing listens on: the webhook that is down.
  const closed = https.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  deadPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));

  const clock = new RealClock();
  const server = new ApiServer({ clock, rng: new Rng(2027), webhookTransport: httpsWebhookTransport() });
  await server.start();
  cluster = await startTestCluster(server, () => {
    server.stop();
    clock.stop();
  });
});

afterAll(async () => {
  await cluster?.stop();
  webhook?.closeAllConnections();
  await new Promise<void>((resolve) => (webhook ? webhook.close(() => resolve()) : resolve()));
});

async function ok(...args: string[]): Promise<string> {
  const r = await cluster.kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

const configuration = (name: string, url: string, failurePolicy: "Fail" | "Ignore") => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
webhooks:
- name: ${name}.example.com
  clientConfig:
    url: ${url}
    caBundle: ${caBundle}
  rules:
  - operations: ["CREATE"]
    apiGroups: [""]
    apiVersions: ["v1"]
    resources: ["pods"]
  failurePolicy: ${failurePolicy}
  sideEffects: None
  admissionReviewVersions: ["v1"]
  timeoutSeconds: 5
`;

describe("mutating admission webhooks over HTTPS, with real kubectl", () => {
  it("kubectl apply stores a MutatingWebhookConfiguration, listed with its webhook count", async () => {
    const file = cluster.writeFile("sidecar.yaml", configuration("sidecar-injector", `https://127.0.0.1:${webhookPort}/mutate`, "Fail"));
    expect(await ok("apply", "-f", file)).toContain("mutatingwebhookconfiguration.admissionregistration.k8s.io/sidecar-injector created");
    const table = await ok("get", "mutatingwebhookconfigurations");
    expect(table).toMatch(/NAME\s+WEBHOOKS\s+AGE/);
    expect(table).toMatch(/sidecar-injector\s+1\s/);
  });

  it("kubectl run gets a sidecar injected by the webhook's JSON Patch", async () => {
    reviews.length = 0;
    expect(await ok("run", "web", "--image=nginx")).toContain("pod/web created");
    expect(await ok("get", "pod", "web", "-o", "jsonpath={.spec.containers[*].name}")).toBe("web sidecar");
    // What the webhook saw: a v1 AdmissionReview for the pod kubectl sent, before the sidecar.
    const request = reviews.find((r) => r.request?.name === "web")?.request;
    expect(request).toMatchObject({ operation: "CREATE", namespace: "default", kind: { group: "", version: "v1", kind: "Pod" } });
    expect(request?.userInfo.username).toBe("kubernetes-admin");
    // The injected container was defaulted like one the client sent.
    expect(await ok("get", "pod", "web", "-o", "jsonpath={.spec.containers[1].imagePullPolicy}")).toBe("IfNotPresent");
    await ok("delete", "mutatingwebhookconfiguration", "sidecar-injector");
  });

  it("a webhook that is down with failurePolicy Fail refuses the pod with upstream's error", async () => {
    const url = `https://127.0.0.1:${deadPort}/mutate`;
    await ok("apply", "-f", cluster.writeFile("down-fail.yaml", configuration("down", url, "Fail")));
    const r = await cluster.kubectl(["run", "web-fail", "--image=nginx"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `Internal error occurred: failed calling webhook "down.example.com": failed to call webhook: Post "${url}?timeout=5s": dial tcp 127.0.0.1:${deadPort}: connect: connection refused`,
    );
    const get = await cluster.kubectl(["get", "pod", "web-fail"]);
    expect(get.stderr).toContain('pods "web-fail" not found');
  });

  it("the same webhook with failurePolicy Ignore lets the pod through without a sidecar", async () => {
    const url = `https://127.0.0.1:${deadPort}/mutate`;
    await ok("apply", "-f", cluster.writeFile("down-ignore.yaml", configuration("down", url, "Ignore")));
    expect(await ok("run", "web-ignore", "--image=nginx")).toContain("pod/web-ignore created");
    expect(await ok("get", "pod", "web-ignore", "-o", "jsonpath={.spec.containers[*].name}")).toBe("web-ignore");
    await ok("delete", "mutatingwebhookconfiguration", "down");
  });
});
