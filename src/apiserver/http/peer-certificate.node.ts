/// <reference types="node" />
// From a TLS connection's verified client certificate to the `PeerCertificate` the x509
// authenticator reads (../authn/types.ts): the subject's CN and every O, the names of the trust
// bundles the certificate chains to, and its SHA-256 fingerprint.
//
// Upstream, kube-apiserver asks Go's TLS stack for the client certificate without verifying it
// (tls.RequestClientCert... VerifyClientCertIfGiven with ClientCAs), then each authenticator
// verifies the chain against its own bundle: x509.Verifier with --client-ca-file for users,
// --requestheader-client-ca-file for the front proxy (request/x509/x509.go). Node's TLS server
// verifies against the union of bundles it is given (`ca`), so here the front checks, per named
// bundle, which one issued the certificate.
//
// SIMPLIFICATION: chains of length one (the client certificate signed directly by a bundle's
// CA), which is what kubeadm issues; upstream also accepts intermediates sent by the client.

import { createHash, X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { PeerCertificate } from "../authn/types";

/** A named trust bundle: "client-ca" is the one the x509 authenticator trusts by default. */
export interface ClientCA {
  name: string;
  certPem: string;
}

/** Reads the verified client certificate of `socket`, or undefined when there is none. */
export function peerCertificateOf(socket: TLSSocket, clientCAs: readonly ClientCA[]): PeerCertificate | undefined {
  // `authorized` is true only when the client sent a certificate that chains to `ca`;
  // with rejectUnauthorized: false an unverifiable certificate still connects, and is ignored
  // here (the client is then anonymous, or logs in with a token).
  if (!socket.authorized) return undefined;
  const peer = socket.getPeerCertificate(false);
  if (peer === null || peer.raw === undefined || Object.keys(peer).length === 0) return undefined;
  const cert = new X509Certificate(peer.raw);
  return {
    subject: {
      commonName: firstValue(peer.subject.CN),
      organization: allValues(peer.subject.O),
    },
    verifiedBy: clientCAs.filter((ca) => issuedBy(cert, ca.certPem)).map((ca) => ca.name),
    fingerprintSha256: createHash("sha256").update(peer.raw).digest("hex"),
  };
}

function issuedBy(cert: X509Certificate, caPem: string): boolean {
  try {
    const ca = new X509Certificate(caPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

// Node gives a repeated attribute (two O= groups) as an array, a single one as a string,
// whatever its type definitions say.
type AttributeValue = string | readonly string[] | undefined;

function allValues(value: AttributeValue): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}

function firstValue(value: AttributeValue): string {
  return allValues(value)[0] ?? "";
}
