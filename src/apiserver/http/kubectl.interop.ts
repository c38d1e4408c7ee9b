// Real kubectl (v1.32, /usr/bin/kubectl) against the course's API server over HTTPS: each test
// runs the command a user would type and checks what the user would see.
//
//   npm run test:interop -- src/apiserver/http
//
// When a command fails, rerun it by hand with -v=8 against `npm run cluster` to see every
// request and response.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInteropCluster } from "./interop-cluster.interop-util";
import type { TestCluster } from "./test-cluster.interop-util";

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startInteropCluster();
});

afterAll(async () => {
  await cluster?.stop();
});

/** Runs kubectl and fails with its stderr when it does not exit 0. */
async function ok(...args: string[]): Promise<string> {
  const r = await cluster.kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

const pod = (name: string, labels: Record<string, string> = { app: name }) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
${Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`).join("\n")}
spec:
  containers:
  - name: main
    image: nginx:1.27
`;

const deployment = (tier: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  labels:
    tier: ${tier}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
      - name: main
        image: nginx:1.27
`;

describe("kubectl reading", () => {
  it("get ns prints a table with NAME, STATUS and AGE", async () => {
    const out = await ok("get", "ns");
    expect(out).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    expect(out).toMatch(/^default\s+Active\s+\d+s\n/m);
    expect(out).toMatch(/^kube-system\s+Active/m);
  });

  it("create namespace, then get it by name", async () => {
    expect(await ok("create", "namespace", "team-a")).toBe("namespace/team-a created\n");
    expect(await ok("get", "ns", "team-a", "-o", "jsonpath={.status.phase}")).toBe("Active");
  });
});

describe("kubectl writing pods", () => {
  it("create -f a manifest", async () => {
    const file = cluster.writeFile("web.yaml", pod("web"));
    expect(await ok("create", "-f", file)).toBe("pod/web created\n");
  });

  it("get pods as a table, JSON, YAML and jsonpath", async () => {
    expect(await ok("get", "pods")).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+0\/1\s+Pending\s+0\s+\d+s\n/);
    const list = JSON.parse(await ok("get", "pods", "-o", "json")) as { kind: string; items: Array<{ metadata: { name: string } }> };
    expect(list.kind).toBe("List");
    expect(list.items.map((p) => p.metadata.name)).toContain("web");
    expect(await ok("get", "pod", "web", "-o", "yaml")).toMatch(/^kind: Pod$/m);
    expect(await ok("get", "pods", "-o", "jsonpath={.items[*].metadata.name}")).toBe("web");
  });

  it("label and annotate", async () => {
    expect(await ok("label", "pod", "web", "tier=frontend")).toBe("pod/web labeled\n");
    expect(await ok("annotate", "pod", "web", "owner=team-a")).toBe("pod/web annotated\n");
    expect(await ok("get", "pod", "web", "-o", "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner}")).toBe("frontend team-a");
  });

  it("patch with a merge, a JSON and a strategic merge patch", async () => {
    expect(await ok("patch", "pod", "web", "--type=merge", "-p", '{"metadata":{"labels":{"patched":"merge"}}}')).toBe("pod/web patched\n");
    expect(await ok("patch", "pod", "web", "--type=json", "-p", '[{"op":"add","path":"/metadata/labels/json","value":"yes"}]')).toBe("pod/web patched\n");
    expect(await ok("patch", "pod", "web", "--type=strategic", "-p", '{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}')).toBe("pod/web patched\n");
    expect(await ok("get", "pod", "web", "-o", "jsonpath={.metadata.labels.patched} {.metadata.labels.json} {.spec.containers[0].image}")).toBe("merge yes nginx:1.28");
  });

  it("replace -f a changed manifest", async () => {
    const current = JSON.parse(await ok("get", "pod", "web", "-o", "json")) as { metadata: { labels: Record<string, string> } };
    current.metadata.labels["replaced"] = "true";
    const file = cluster.writeFile("web-replace.json", JSON.stringify(current));
    expect(await ok("replace", "-f", file)).toBe("pod/web replaced\n");
    expect(await ok("get", "pod", "web", "-o", "jsonpath={.metadata.labels.replaced}")).toBe("true");
  });

  it("edit with $EDITOR changing the file", async () => {
    const editor = cluster.writeFile("editor.sh", "#!/bin/sh\nsed -i 's/owner: team-a/owner: team-b/' \"$1\"\n");
    await import("node:fs").then((fs) => fs.chmodSync(editor, 0o755));
    const r = await cluster.kubectl(["edit", "pod", "web"], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("pod/web edited\n");
    expect(await ok("get", "pod", "web", "-o", "jsonpath={.metadata.annotations.owner}")).toBe("team-b");
  });

  it("describe pod", async () => {
    const out = await ok("describe", "pod", "web");
    expect(out).toMatch(/^Name:\s+web$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Status:\s+Pending$/m);
    expect(out).toMatch(/Image:\s+nginx:1.28/);
  });

  it("run nginx --image=nginx", async () => {
    expect(await ok("run", "nginx", "--image=nginx")).toBe("pod/nginx created\n");
    expect(await ok("get", "pod", "nginx", "-o", "jsonpath={.metadata.labels.run} {.spec.containers[0].image}")).toBe("nginx nginx");
  });

  it("get pods -w shows a pod created while it watches", async () => {
    const watch = cluster.spawnKubectl(["get", "pods", "-w"]);
    try {
      expect(await watch.waitFor(/^web\s/m)).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
      await ok("create", "-f", cluster.writeFile("watched.yaml", pod("watched")));
      await watch.waitFor(/^watched\s+0\/1\s+Pending\s+0\s+\d+s$/m);
    } finally {
      watch.kill();
    }
  });

  it("delete pod waits for the pod to go, without hanging", async () => {
    const started = Date.now();
    expect(await ok("delete", "pod", "watched", "--wait=true", "--timeout=20s")).toBe('pod "watched" deleted\n');
    expect(Date.now() - started).toBeLessThan(10_000);
    const r = await cluster.kubectl(["get", "pod", "watched"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): pods "watched" not found\n');
  });
});

describe("kubectl apply and scale", () => {
  it("apply -f twice: created, then configured with the changed label", async () => {
    expect(await ok("apply", "-f", cluster.writeFile("app-1.yaml", deployment("one")))).toBe("deployment.apps/app created\n");
    expect(await ok("apply", "-f", cluster.writeFile("app-2.yaml", deployment("two")))).toBe("deployment.apps/app configured\n");
    expect(await ok("get", "deployment", "app", "-o", "jsonpath={.metadata.labels.tier}")).toBe("two");
    const lastApplied = await ok("get", "deployment", "app", "-o", "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}");
    expect(JSON.parse(lastApplied)).toMatchObject({ kind: "Deployment", metadata: { labels: { tier: "two" } } });
  });

  // kubectl computes its 3-way strategic merge patch with the patch metadata of /openapi/v3
  // (x-kubernetes-patch-merge-key: name and x-kubernetes-patch-strategy: merge on
  // PodSpec.containers, from validation/patch-metadata.ts). Without them it would treat containers
  // as an atomic list, see the server's defaults as a difference and re-send the list:
  // "configured", not "unchanged".
  it("apply -f of an unchanged manifest says unchanged", async () => {
    expect(await ok("apply", "-f", cluster.writeFile("app-3.yaml", deployment("two")))).toBe("deployment.apps/app unchanged\n");
  });

  it("scale deployment --replicas=3 through the scale subresource", async () => {
    expect(await ok("scale", "deployment", "app", "--replicas=3")).toBe("deployment.apps/app scaled\n");
    expect(await ok("get", "deployment", "app", "-o", "jsonpath={.spec.replicas}")).toBe("3");
  });
});

describe("kubectl's typed commands, which send protobuf", () => {
  it("create configmap, secret and serviceaccount", async () => {
    expect(await ok("create", "configmap", "settings", "--from-literal=mode=fast")).toBe("configmap/settings created\n");
    expect(await ok("get", "configmap", "settings", "-o", "jsonpath={.data.mode}")).toBe("fast");
    expect(await ok("create", "secret", "generic", "token", "--from-literal=key=s3cret")).toBe("secret/token created\n");
    expect(await ok("get", "secret", "token", "-o", "jsonpath={.data.key}")).toBe(Buffer.from("s3cret").toString("base64"));
    expect(await ok("create", "serviceaccount", "robot")).toBe("serviceaccount/robot created\n");
  });

  it("create poddisruptionbudget is refused with a 415 that names the kinds decoded from protobuf", async () => {
    const r = await cluster.kubectl(["create", "poddisruptionbudget", "pdb", "--selector=app=web", "--min-available=1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("this server decodes protobuf only for Namespace");
  });
});

describe("kubectl and RBAC", () => {
  it("auth can-i: the admin may, jane may not until a RoleBinding says so", async () => {
    expect(await ok("auth", "can-i", "create", "pods")).toBe("yes\n");
    const denied = await cluster.kubectl(["--as=jane", "auth", "can-i", "create", "pods"]);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe("no\n");
    expect(await ok("create", "role", "pod-writer", "--verb=create,get,list", "--resource=pods")).toBe("role.rbac.authorization.k8s.io/pod-writer created\n");
    expect(await ok("create", "rolebinding", "jane-writes", "--role=pod-writer", "--user=jane")).toBe("rolebinding.rbac.authorization.k8s.io/jane-writes created\n");
    expect(await ok("--as=jane", "auth", "can-i", "create", "pods")).toBe("yes\n");
    expect((await cluster.kubectl(["--as=jane", "auth", "can-i", "create", "pods", "-n", "team-a"])).stdout).toBe("no\n");
  });

  // kubectl auth can-i --list POSTs a SelfSubjectRulesReview and prints its rules as a table.
  it("auth can-i --list: jane's table has the pods row her RoleBinding gives", async () => {
    const out = await ok("--as=jane", "auth", "can-i", "--list");
    expect(out).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n/);
    expect(out).toMatch(/^pods\s+\[\]\s+\[\]\s+\[create get list\]$/m);
    expect(out).toMatch(/^selfsubjectrulesreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    expect(await ok("--as=jane", "auth", "can-i", "--list", "-n", "team-a")).not.toMatch(/^pods\s/m);
  });

  it("a forbidden request shows upstream's message", async () => {
    const r = await cluster.kubectl(["--as=jane", "get", "secrets"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden): secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default"');
  });
});

describe("kubectl validation and server-side apply", () => {
  it("--validate=strict refuses an unknown field with the strict decoding error", async () => {
    const file = cluster.writeFile("typo.yaml", pod("typo").replace("    image: nginx:1.27", "    image: nginx:1.27\n    imagePullPolicyy: Always"));
    const r = await cluster.kubectl(["create", "--validate=strict", "-f", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"');
  });

  // The server does not implement server-side apply (managedFields, field ownership): kubectl
  // must say so clearly rather than half-apply.
  it("apply --server-side is refused with a clear error", async () => {
    const r = await cluster.kubectl(["apply", "--server-side", "-f", cluster.writeFile("ssa.yaml", pod("ssa"))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("server-side apply (application/apply-patch+yaml) is not implemented");
    expect((await cluster.kubectl(["get", "pod", "ssa"])).code).toBe(1);
  });
});

describe("kubectl's typed commands for the workload kinds, which send protobuf", () => {
  it("create deployment --replicas=2, then get its replicas", async () => {
    expect(await ok("create", "deployment", "web", "--image=nginx", "--replicas=2")).toBe("deployment.apps/web created\n");
    expect(await ok("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}")).toBe("2");
    expect(await ok("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).toBe("nginx");
  });

  it("create job, then get its pod template's restart policy", async () => {
    expect(await ok("create", "job", "j", "--image=busybox")).toBe("job.batch/j created\n");
    expect(await ok("get", "job", "j", "-o", "jsonpath={.spec.template.spec.restartPolicy}")).toBe("Never");
  });

  it("create cronjob, then get its schedule", async () => {
    expect(await ok("create", "cronjob", "c", "--image=busybox", "--schedule=*/1 * * * *")).toBe("cronjob.batch/c created\n");
    expect(await ok("get", "cronjob", "c", "-o", "jsonpath={.spec.schedule}")).toBe("*/1 * * * *");
  });

  it("create service clusterip, then get its port and target port", async () => {
    expect(await ok("create", "service", "clusterip", "s", "--tcp=80:8080")).toBe("service/s created\n");
    expect(await ok("get", "service", "s", "-o", "jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort}")).toBe("80 8080");
  });

  it("create priorityclass, then get its value", async () => {
    expect(await ok("create", "priorityclass", "high", "--value=1000")).toBe("priorityclass.scheduling.k8s.io/high created\n");
    expect(await ok("get", "priorityclass", "high", "-o", "jsonpath={.value}")).toBe("1000");
  });

  it("create quota, then get its hard limit", async () => {
    expect(await ok("create", "quota", "q", "--hard=pods=10")).toBe("resourcequota/q created\n");
    expect(await ok("get", "quota", "q", "-o", "jsonpath={.spec.hard.pods}")).toBe("10");
  });
});
