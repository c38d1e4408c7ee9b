/// <reference types="node" />
// The cluster's public key infrastructure, as `kubeadm init` creates it (its "certs" and
// "kubeconfig" phases, cmd/kubeadm/app/phases/certs and app/util/pkiutil):
//
//   ca.crt / ca.key                 CN=kubernetes, a CA valid 10 years
//   apiserver.crt / apiserver.key   CN=kube-apiserver, serverAuth, SANs for every name clients
//                                   use: kubernetes, kubernetes.default, ...svc, ...svc.cluster.local,
//                                   localhost, 127.0.0.1 (kubeadm adds the node name, the
//                                   advertise address and the Service IP 10.96.0.1 too)
//   admin client certificate        CN=kubernetes-admin, O=system:masters, clientAuth
//
// The API server trusts `ca.crt` twice: clients verify the serving certificate against it, and
// the server verifies client certificates against it (--client-ca-file). A client certificate
// is a login: the subject's CN is the user, each O a group (../authn/x509.ts).
//
// kubeadm since v1.29 gives admin.conf O=kubeadm:cluster-admins, a group bound to cluster-admin
// by a ClusterRoleBinding that can be removed, and keeps O=system:masters (which bypasses
// authorization entirely and cannot be revoked) for a separate break-glass super-admin.conf.
// This course issues the system:masters certificate, as kubeadm did before v1.29.
//
// Node-only, real-world code: keys come from node:crypto and serial numbers from a CSPRNG. The
// course's determinism rule (time and randomness from src/sim) governs the simulated control
// plane; a certificate needs unpredictable serials and keys, so this file deliberately does not
// follow it. Time is still injected (`now`), so tests can issue certificates "in the past".

import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import forge from "node-forge";

/** A certificate and its private key, PEM-encoded. */
export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export interface ClusterPki {
  ca: KeyPair;
  /** The API server's serving certificate. */
  apiserver: KeyPair;
  /** kubeadm's admin.conf user: CN=kubernetes-admin, O=system:masters. */
  admin: KeyPair;
}

export interface CertificateSubject {
  commonName: string;
  /** One O attribute per entry: each is a group for client certificates. */
  organizations?: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** kubeadm: CertificateValidityPeriod (1 year) and CACertificateValidityPeriod (10 years). */
export const CERTIFICATE_VALIDITY_MS = 365 * DAY_MS;
export const CA_CERTIFICATE_VALIDITY_MS = 10 * 365 * DAY_MS;

/** The DNS names and IPs in kubeadm's apiserver certificate, minus node-specific ones. */
export const APISERVER_DNS_NAMES = [
  "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost",
] as const;
export const APISERVER_IPS = ["127.0.0.1"] as const;

//> cluster-pki
/** Creates a CA and, signed by it, the API server's serving certificate and the admin's client certificate. */
export function createClusterPki(now: Date): ClusterPki {
  const ca = createCertificateAuthority(now);
  return { ca, apiserver: issueServingCertificate(ca, now), admin: issueAdminCertificate(ca, now) };
}

/** The API server's serving certificate: CN=kube-apiserver, every name clients dial as a SAN. */
export function issueServingCertificate(ca: KeyPair, now: Date, extraIps: readonly string[] = []): KeyPair {
  return issueCertificate(ca, { commonName: "kube-apiserver" }, now, {
    usage: "server",
    dnsNames: APISERVER_DNS_NAMES,
    ips: [...new Set([...APISERVER_IPS, ...extraIps])],
  });
}

/** admin.conf's user. kubeadm >= 1.29 would use O=kubeadm:cluster-admins (see the top of this file). */
export function issueAdminCertificate(ca: KeyPair, now: Date): KeyPair {
  return issueCertificate(ca, { commonName: "kubernetes-admin", organizations: ["system:masters"] }, now, { usage: "client" });
}
//< cluster-pki

/** A self-signed CA, CN=kubernetes as kubeadm's (pkiutil.NewCertificateAuthority). */
export function createCertificateAuthority(now: Date, commonName = "kubernetes"): KeyPair {
  const keys = newRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = newSerialNumber();
  setValidity(cert, now, CA_CERTIFICATE_VALIDITY_MS);
  const subject = subjectAttributes({ commonName });
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

export interface IssueOptions {
  /** serverAuth (a serving certificate) or clientAuth (a login). */
  usage: "server" | "client";
  dnsNames?: readonly string[];
  ips?: readonly string[];
  validityMs?: number;
}

/** A leaf certificate signed by `ca` (pkiutil.NewCertAndKey). */
export function issueCertificate(ca: KeyPair, subject: CertificateSubject, now: Date, options: IssueOptions): KeyPair {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = newRsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = newSerialNumber();
  setValidity(cert, now, options.validityMs ?? CERTIFICATE_VALIDITY_MS);
  cert.setSubject(subjectAttributes(subject));
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 2 /* dNSName */, value })),
    ...(options.ips ?? []).map((ip) => ({ type: 7 /* iPAddress */, ip })),
  ];
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: options.usage === "server", clientAuth: options.usage === "client" },
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...(altNames.length > 0 ? [{ name: "subjectAltName", altNames }] : []),
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** True when `certPem` was signed by `caPem` (node's own X.509 parser, as TLS would check). */
export function isSignedBy(certPem: string, caPem: string): boolean {
  const cert = new X509Certificate(certPem);
  const ca = new X509Certificate(caPem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

// RSA 2048 as kubeadm's default (--encryption-algorithm=RSA-2048). node:crypto generates it in
// native code (~50 ms); forge's pure-JS generator would take seconds.
function newRsaKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey),
  };
}

// RFC 5280 §4.1.2.2: a positive integer of at most 20 octets. kubeadm draws 63 random bits
// (pkiutil.NewSignedCert: rand.Int(rand.Reader, new(big.Int).SetInt64(math.MaxInt64))); we
// draw 16 bytes and clear the top bit so the DER integer stays positive.
function newSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}

// kubeadm backdates NotBefore by a few minutes (CertificateBackdate) to tolerate clock skew
// between the machines of a cluster.
function setValidity(cert: forge.pki.Certificate, now: Date, validityMs: number): void {
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + validityMs);
}

function subjectAttributes(subject: CertificateSubject): forge.pki.CertificateField[] {
  return [
    ...(subject.organizations ?? []).map((value) => ({ shortName: "O", value })),
    { shortName: "CN", value: subject.commonName },
  ];
}
