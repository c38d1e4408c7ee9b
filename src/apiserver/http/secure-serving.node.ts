/// <reference types="node" />
// Everything between "an in-process API handler" and "kubectl can talk to it": certificates on
// disk, the HTTPS front listening, and an admin kubeconfig pointing at it. `npm run cluster`
// and the interoperability tests both start the API server's network side through this.
//
// Layout of `dir`, as kubeadm lays out /etc/kubernetes:
//
//   dir/pki/ca.crt, ca.key                 the cluster CA (kept across restarts, as kubeadm
//                                          reuses an existing CA; a missing or expired one is
//                                          created anew)
//   dir/pki/apiserver.crt, apiserver.key   the serving certificate (issued at every start)
//   dir/pki/admin.crt, admin.key           CN=kubernetes-admin, O=system:masters
//   dir/kubeconfig                         admin.conf: server, CA and admin credentials
//
// Keys are written with mode 0600. Nothing here is meant for a machine other than this one:
// the server listens on 127.0.0.1 unless told otherwise.

import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startHttpsFront, type ApiHandler, type HttpsFrontOptions, type RunningFront } from "./https-front.node";
import { writeKubeconfig } from "./kubeconfig.node";
import { createCertificateAuthority, issueAdminCertificate, issueServingCertificate, type ClusterPki, type KeyPair } from "./pki.node";

export interface SecureServingOptions {
  handler: ApiHandler;
  /** Where the pki/ folder and the kubeconfig go (`npm run cluster`: .cluster/). */
  dir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 6443; 0 picks a free port. */
  port?: number;
  /** The time certificates are issued at. Default: now. */
  now?: Date;
  onRequest?: HttpsFrontOptions["onRequest"];
}

export interface SecureServing {
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  readonly pki: ClusterPki;
  /** Stops the HTTPS front (every watch ends); files stay on disk. */
  close(): Promise<void>;
}

//> secure-serving
export async function startSecureServing(options: SecureServingOptions): Promise<SecureServing> {
  const now = options.now ?? new Date();
  const pkiDir = path.join(options.dir, "pki");
  fs.mkdirSync(pkiDir, { recursive: true, mode: 0o700 });

  const ca = loadCA(pkiDir, now) ?? saveKeyPair(pkiDir, "ca", createCertificateAuthority(now));
  const host = options.host ?? "127.0.0.1";
  const extraIps = isIp(host) && host !== "0.0.0.0" ? [host] : [];
  const apiserver = saveKeyPair(pkiDir, "apiserver", issueServingCertificate(ca, now, extraIps));
  const admin = saveKeyPair(pkiDir, "admin", issueAdminCertificate(ca, now));

  const front: RunningFront = await startHttpsFront({
    handler: options.handler,
    serving: apiserver,
    clientCAs: [{ name: "client-ca", certPem: ca.certPem }],
    host,
    port: options.port ?? 6443,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });

  // The address clients dial: the listening one, or loopback when listening everywhere.
  const server = host === "0.0.0.0" ? `https://127.0.0.1:${front.port}` : front.url;
  const kubeconfigPath = path.join(options.dir, "kubeconfig");
  writeKubeconfig(kubeconfigPath, { server, caCertPem: ca.certPem, clientCertPem: admin.certPem, clientKeyPem: admin.keyPem });

  return { url: server, port: front.port, kubeconfigPath, pki: { ca, apiserver, admin }, close: () => front.close() };
}
//< secure-serving

function loadCA(dir: string, now: Date): KeyPair | undefined {
  const certFile = path.join(dir, "ca.crt");
  const keyFile = path.join(dir, "ca.key");
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) return undefined;
  try {
    const certPem = fs.readFileSync(certFile, "utf8");
    const validTo = new Date(new X509Certificate(certPem).validTo);
    if (validTo.getTime() <= now.getTime()) return undefined; // expired: kubeadm would refuse; we renew
    return { certPem, keyPem: fs.readFileSync(keyFile, "utf8") };
  } catch {
    return undefined; // unreadable or not a certificate: start over
  }
}

function saveKeyPair(dir: string, name: string, pair: KeyPair): KeyPair {
  fs.writeFileSync(path.join(dir, `${name}.crt`), pair.certPem, { mode: 0o644 });
  fs.writeFileSync(path.join(dir, `${name}.key`), pair.keyPem, { mode: 0o600 });
  return pair;
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}
