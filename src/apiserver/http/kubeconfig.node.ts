/// <reference types="node" />
// A kubeconfig as kubeadm's admin.conf (cmd/kubeadm/app/phases/kubeconfig): one cluster named
// "kubernetes", one user "kubernetes-admin" logging in with a client certificate, and the
// context "kubernetes-admin@kubernetes" joining them. Certificates and key are embedded
// (`*-data`, base64 of the PEM), so the file works wherever it is copied to.
//
// Reference: k8s.io/client-go/tools/clientcmd/api/v1/types.go (Config, Cluster, AuthInfo,
// Context).

import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";

export interface KubeconfigOptions {
  /** "https://127.0.0.1:6443". */
  server: string;
  caCertPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  clusterName?: string;
  userName?: string;
}

export interface Kubeconfig {
  apiVersion: "v1";
  kind: "Config";
  clusters: Array<{ name: string; cluster: { "certificate-authority-data": string; server: string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  "current-context": string;
  preferences: Record<string, never>;
  users: Array<{ name: string; user: { "client-certificate-data": string; "client-key-data": string } }>;
}

export function buildKubeconfig(options: KubeconfigOptions): Kubeconfig {
  const cluster = options.clusterName ?? "kubernetes";
  const user = options.userName ?? "kubernetes-admin";
  const context = `${user}@${cluster}`;
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: cluster, cluster: { "certificate-authority-data": base64(options.caCertPem), server: options.server } }],
    contexts: [{ name: context, context: { cluster, user } }],
    "current-context": context,
    preferences: {},
    users: [{ name: user, user: { "client-certificate-data": base64(options.clientCertPem), "client-key-data": base64(options.clientKeyPem) } }],
  };
}

/**
 * Writes the kubeconfig as YAML, readable only by its owner (it holds a private key: kubeadm
 * writes admin.conf with mode 0600).
 */
export function writeKubeconfig(file: string, options: KubeconfigOptions): Kubeconfig {
  const config = buildKubeconfig(options);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stringify(config), { mode: 0o600 });
  fs.chmodSync(file, 0o600); // writeFileSync's mode applies only when it creates the file
  return config;
}

function base64(pem: string): string {
  return Buffer.from(pem, "utf8").toString("base64");
}
