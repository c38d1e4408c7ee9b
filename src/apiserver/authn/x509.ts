// X.509 client certificates: the subject's CN is the user name and each O is a group.
// This is how kubeadm's admin.conf works: CN=kubernetes-admin, O=system:masters (or, since
// v1.29, O=kubeadm:cluster-admins), and how kubelets log in: CN=system:node:<name>, O=system:nodes.
//
// Upstream: k8s.io/apiserver/pkg/authentication/request/x509/x509.go (Authenticator,
// CommonNameUserConversion). A certificate can't be revoked before it expires; that is why
// long-lived admin certificates are a risk and short-lived tokens are preferred.

import { authenticated, failed, noOpinion, type PeerCertificate, type RequestAuthenticator } from "./types";

/** The `extra` key recording which credential authenticated the user (user.CredentialIDKey). */
export const CredentialIdKey = "authentication.kubernetes.io/credential-id";

export interface X509Options {
  /** The trust bundle client certificates must chain to (--client-ca-file). Default "client-ca". */
  clientCA?: string;
}

export function x509Authenticator(options: X509Options = {}): RequestAuthenticator {
  const clientCA = options.clientCA ?? "client-ca";
  return {
    name: "x509",
    authenticate(req) {
      //> x509-user
      const cert = req.peerCertificate;
      if (cert === undefined) return noOpinion;
      if (!cert.verifiedBy.includes(clientCA)) {
        return failed(`verifying certificate ${certificateIdentifier(cert)} failed: x509: certificate signed by unknown authority`);
      }
      // CommonNameUserConversion: a certificate without a CN carries no user.
      if (cert.subject.commonName === "") return noOpinion;
      const extra: Record<string, string[]> = {};
      if (cert.fingerprintSha256) extra[CredentialIdKey] = [`X509SHA256=${cert.fingerprintSha256}`];
      return authenticated({
        name: cert.subject.commonName,
        groups: [...cert.subject.organization],
        ...(Object.keys(extra).length > 0 ? { extra } : {}),
      });
      //< x509-user
    },
  };
}

/**
 * How upstream names a client certificate that failed verification (certificateIdentifier in
 * request/x509/x509.go): `SN=<serial in decimal>, SKID=<key id>, AKID=<key id>`, each key id in
 * upper-case hex bytes joined by colons (columnSeparatedHex), and empty when the certificate has
 * no such extension: `SN=1234, SKID=, AKID=AB:CD:...`. The subject is deliberately not printed.
 * A serial we were not given prints as Go prints a nil *big.Int, `<nil>`.
 */
export function certificateIdentifier(cert: PeerCertificate): string {
  const sn = cert.serialNumber;
  const serial = sn === undefined ? "<nil>" : /^[0-9a-fA-F]+$/.test(sn) ? BigInt(`0x${sn}`).toString(10) : sn;
  return `SN=${serial}, SKID=${columnSeparatedHex(cert.subjectKeyId)}, AKID=${columnSeparatedHex(cert.authorityKeyId)}`;
}

/** columnSeparatedHex: "0a1b2c" -> "0A:1B:2C"; nothing -> "". */
function columnSeparatedHex(hex: string | undefined): string {
  return (hex ?? "").toUpperCase().match(/../g)?.join(":") ?? "";
}
