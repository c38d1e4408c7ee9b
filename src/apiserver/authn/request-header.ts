// The authenticating proxy (front proxy): a proxy in front of the API server authenticates users
// its own way and passes who they are in headers. The API server believes the headers only when
// the connection carries the proxy's client certificate (a separate CA, and optionally one of a
// few allowed CNs); otherwise anyone could send `X-Remote-User: admin`.
//
// Upstream: k8s.io/apiserver/pkg/authentication/request/headerrequest/requestheader.go, wrapped by
// x509.NewSecure (the Verifier in request/x509/x509.go) with --requestheader-client-ca-file and
// --requestheader-allowed-names. kubeadm's defaults for the header flags are used here.
// SIMPLIFICATION: upstream also deletes the headers from the request after reading them.

import { failed, headerValue, headerValues, noOpinion, prefixedHeaders, type RequestAuthenticator } from "./types";

export interface RequestHeaderOptions {
  /** --requestheader-client-ca-file, as a trust bundle name. Default "requestheader-client-ca". */
  clientCA?: string;
  /** --requestheader-allowed-names: the proxy certificate's CN must be one of these; empty allows any. */
  allowedNames?: readonly string[];
  usernameHeaders?: readonly string[];
  uidHeaders?: readonly string[];
  groupHeaders?: readonly string[];
  extraHeaderPrefixes?: readonly string[];
}

export function requestHeaderAuthenticator(options: RequestHeaderOptions = {}): RequestAuthenticator {
  const clientCA = options.clientCA ?? "requestheader-client-ca";
  const allowedNames = options.allowedNames ?? [];
  const usernameHeaders = options.usernameHeaders ?? ["X-Remote-User"];
  // --requestheader-uid-headers (v1.32, alpha) has no default: uids are not read unless configured.
  const uidHeaders = options.uidHeaders ?? [];
  const groupHeaders = options.groupHeaders ?? ["X-Remote-Group"];
  const extraPrefixes = options.extraHeaderPrefixes ?? ["X-Remote-Extra-"];
  return {
    name: "requestheader",
    authenticate(req) {
      //> requestheader-verify
      // The Verifier: no client certificate means this is not the proxy; a certificate from
      // another CA or with a CN not in the allowed list is an error. Unlike the x509
      // authenticator, the Verifier returns the verification error as is, without naming the
      // certificate (Verifier.AuthenticateRequest in request/x509/x509.go).
      const cert = req.peerCertificate;
      if (cert === undefined) return noOpinion;
      if (!cert.verifiedBy.includes(clientCA)) return failed("x509: certificate signed by unknown authority");
      if (allowedNames.length > 0 && !allowedNames.includes(cert.subject.commonName)) {
        return failed(`x509: subject with cn=${cert.subject.commonName} is not in the allowed list`);
      }
      //< requestheader-verify
      const name = firstNonEmpty(req.headers, usernameHeaders);
      if (name === "") return noOpinion;
      const uid = firstNonEmpty(req.headers, uidHeaders);
      const groups = groupHeaders.flatMap((h) => headerValues(req.headers, h)).filter((g) => g !== "");
      const extra: Record<string, string[]> = {};
      for (const prefix of extraPrefixes) {
        for (const [key, values] of prefixedHeaders(req.headers, prefix)) {
          for (const v of values) if (v !== "") (extra[key] ??= []).push(v);
        }
      }
      return {
        kind: "Authenticated",
        user: { name, groups, ...(uid !== "" ? { uid } : {}), ...(Object.keys(extra).length > 0 ? { extra } : {}) },
      };
    },
  };
}

function firstNonEmpty(headers: Parameters<typeof headerValue>[0], names: readonly string[]): string {
  for (const name of names) {
    const v = headerValue(headers, name);
    if (v !== "") return v;
  }
  return "";
}
