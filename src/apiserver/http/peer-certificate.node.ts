/// <reference types="node" />
// From a TLS connection's verified client certificate to the `PeerCertificate` the x509
// authenticator reads (../authn/types.ts): the subject's CN and every O, the names of the trust
// bundles the certificate chains to, its SHA-256 fingerprint, and its serial number and key
// identifiers (which upstream's "verifying certificate SN=..., SKID=..., AKID=... failed" names).
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
import forge from "node-forge";
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
    serialNumber: cert.serialNumber,
    ...keyIdentifiersOf(peer.raw),
  };
}

const SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
const AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";

/**
 * The Subject and Authority Key Identifiers of a DER certificate, in hex, as Go's x509 parser
 * fills Certificate.SubjectKeyId and AuthorityKeyId; a missing extension is a missing field.
 * Node's X509Certificate does not expose them, and forge's certificateFromAsn1 refuses non-RSA
 * keys, so this walks the ASN.1 (RFC 5280 §4.1, §4.2.1.1, §4.2.1.2) with forge's DER reader:
 *
 *   Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { ..., [3] EXPLICIT Extensions }, ... }
 *   Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 *   SubjectKeyIdentifier ::= OCTET STRING
 *   AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }
 */
export function keyIdentifiersOf(der: Uint8Array): { subjectKeyId?: string; authorityKeyId?: string } {
  const out: { subjectKeyId?: string; authorityKeyId?: string } = {};
  try {
    const certificate = forge.asn1.fromDer(forge.util.binary.raw.encode(der));
    const tbs = children(certificate)[0];
    const extensionsTag = children(tbs).find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
    for (const extension of children(children(extensionsTag)[0])) {
      const parts = children(extension);
      const oid = parts[0];
      const value = parts[parts.length - 1];
      if (oid === undefined || value === undefined || typeof oid.value !== "string" || typeof value.value !== "string") continue;
      const id = forge.asn1.derToOid(oid.value);
      const inner = forge.asn1.fromDer(value.value);
      if (id === SUBJECT_KEY_IDENTIFIER && typeof inner.value === "string") {
        out.subjectKeyId = forge.util.bytesToHex(inner.value);
      } else if (id === AUTHORITY_KEY_IDENTIFIER) {
        const keyId = children(inner).find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
        if (keyId !== undefined && typeof keyId.value === "string") out.authorityKeyId = forge.util.bytesToHex(keyId.value);
      }
    }
  } catch {
    // A certificate TLS accepted but forge cannot read: the identifiers are left out, and the
    // error message prints them empty, as Go does for a certificate without the extensions.
  }
  return out;
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return node !== undefined && Array.isArray(node.value) ? node.value : [];
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
