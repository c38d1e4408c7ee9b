// Small builders shared by the admission tests and the notebook: a Pod, a namespace, a request.

import type { KubeObject } from "../types";
import type { Container, Pod } from "./pod-spec";

export function pod(name: string, containers: Partial<Container>[] = [{}], extra: Partial<Pod["spec"]> = {}, namespace = "default"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: {
      containers: containers.map((c, i) => ({ name: i === 0 ? "app" : `c${i}`, image: "nginx", ...c })),
      ...extra,
    },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

