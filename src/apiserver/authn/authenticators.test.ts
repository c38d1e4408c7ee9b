import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../sim/virtual-clock";
import { anonymousAuthenticator } from "./anonymous";
import { bearerTokenAuthenticator, unionTokenAuthenticator } from "./bearer-token";
import { nodeSignJwt, nodeVerify } from "./jws.node";
import { base64UrlDecode, base64UrlEncode, parseJws, utf8Decode, utf8Encode } from "./jwt";
import { oidcAuthenticator } from "./oidc";
import { requestHeaderAuthenticator } from "./request-header";
import { serviceAccountTokenAuthenticator } from "./service-account-token";
import { parseTokenFile, tokenFileAuthenticator } from "./token-file";
import type { AuthenticationResult, AuthRequest, PeerCertificate } from "./types";
import { buildAuthenticationChain } from "./union";
import { x509Authenticator } from "./x509";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const otherRsa = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

const issuer = "https://kubernetes.default.svc.cluster.local";
const t0 = 1_700_000_000; // seconds

function userOf(r: AuthenticationResult) {
  if (r.kind !== "Authenticated") throw new Error(`expected Authenticated, got ${r.kind}${r.kind === "Failed" ? `: ${r.error.message}` : ""}`);
  return r.user;
}
function errorOf(r: AuthenticationResult): string {
  if (r.kind !== "Failed") throw new Error(`expected Failed, got ${r.kind}`);
  return r.error.message;
}
const cert = (cn: string, o: string[], verifiedBy: string[]): PeerCertificate => ({ subject: { commonName: cn, organization: o }, verifiedBy });

describe("JWS encoding", () => {
  it("base64url round-trips bytes of every length without padding", () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 77 + 200) & 0xff);
      const enc = base64UrlEncode(bytes);
      expect(enc).not.toContain("=");
      expect([...base64UrlDecode(enc)]).toEqual([...bytes]);
      expect(Buffer.from(bytes).toString("base64url")).toBe(enc);
    }
  });
  it("UTF-8 round-trips non-ASCII claims", () => {
    expect(utf8Decode(utf8Encode("José 🚀"))).toBe("José 🚀");
  });
  it("rejects an unsigned token (alg none)", () => {
    const h = base64UrlEncode(utf8Encode(JSON.stringify({ alg: "none" })));
    const p = base64UrlEncode(utf8Encode("{}"));
    expect(() => parseJws(`${h}.${p}.`)).toThrow(/none/);
  });
});

describe("X.509 client certificates", () => {
  const x509 = x509Authenticator();
  it("takes the user from CN and the groups from O", async () => {
    const user = userOf(await x509.authenticate({ headers: {}, peerCertificate: cert("kubernetes-admin", ["system:masters"], ["client-ca"]) }));
    expect(user).toEqual({ name: "kubernetes-admin", groups: ["system:masters"] });
  });
  it("has no opinion without a client certificate", async () => {
    expect((await x509.authenticate({ headers: {} })).kind).toBe("NoOpinion");
  });
  it("fails a certificate that does not chain to the client CA", async () => {
    expect(errorOf(await x509.authenticate({ headers: {}, peerCertificate: cert("eve", [], ["requestheader-client-ca"]) }))).toMatch(/unknown authority/);
  });
  // Upstream: certificateIdentifier and columnSeparatedHex in
  // k8s.io/apiserver/pkg/authentication/request/x509/x509.go ("SN=%d, SKID=%s, AKID=%s").
  it("names the failed certificate by its serial in decimal and its key ids in colon-separated upper-case hex, never by its CN", async () => {
    const eve = { ...cert("eve", [], ["requestheader-client-ca"]), serialNumber: "0A1B", subjectKeyId: "0a1b2c", authorityKeyId: "ff00ee" };
    expect(errorOf(await x509.authenticate({ headers: {}, peerCertificate: eve })))
      .toBe("verifying certificate SN=2587, SKID=0A:1B:2C, AKID=FF:00:EE failed: x509: certificate signed by unknown authority");
  });
  it("prints an absent key id as nothing and an absent serial as Go prints a nil big.Int", async () => {
    const leaf = { ...cert("eve", [], []), serialNumber: "01", authorityKeyId: "abcd" };
    expect(errorOf(await x509.authenticate({ headers: {}, peerCertificate: leaf })))
      .toBe("verifying certificate SN=1, SKID=, AKID=AB:CD failed: x509: certificate signed by unknown authority");
    expect(errorOf(await x509.authenticate({ headers: {}, peerCertificate: cert("eve", [], []) })))
      .toBe("verifying certificate SN=<nil>, SKID=, AKID= failed: x509: certificate signed by unknown authority");
  });
});

describe("static token file", () => {
  const file = 'secret-token,alice,1001,"dev,ops"\n\n  other-token,bob,1002\n';
  it("parses token, user, uid and quoted groups", () => {
    const tokens = parseTokenFile(file);
    expect(tokens.get("secret-token")).toEqual({ name: "alice", uid: "1001", groups: ["dev", "ops"] });
    expect(tokens.get("other-token")).toEqual({ name: "bob", uid: "1002", groups: [] });
  });
  it("rejects a line with fewer than three columns in upstream's words", () => {
    expect(() => parseTokenFile("tok,alice\n", "/etc/tokens.csv")).toThrow(
      "token file '/etc/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2",
    );
  });
  it("authenticates a bearer token found in the file", async () => {
    const bearer = bearerTokenAuthenticator(tokenFileAuthenticator(parseTokenFile(file)));
    const user = userOf(await bearer.authenticate({ headers: { authorization: "Bearer secret-token" } }));
    expect(user.name).toBe("alice");
  });
  it("fails an unknown bearer token with 'invalid bearer token'", async () => {
    const bearer = bearerTokenAuthenticator(tokenFileAuthenticator(parseTokenFile(file)));
    expect(errorOf(await bearer.authenticate({ headers: { Authorization: "Bearer nope" } }))).toBe("invalid bearer token");
  });
  it("has no opinion on a request with no Authorization header or another scheme", async () => {
    const bearer = bearerTokenAuthenticator(tokenFileAuthenticator(parseTokenFile(file)));
    expect((await bearer.authenticate({ headers: {} })).kind).toBe("NoOpinion");
    expect((await bearer.authenticate({ headers: { authorization: "Basic YWxpY2U6cGFzcw==" } })).kind).toBe("NoOpinion");
  });
});

describe("ServiceAccount tokens", () => {
  const clock = new VirtualClock(t0 * 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: issuer, sub: "system:serviceaccount:default:builder", aud: [issuer], iat: t0, nbf: t0, exp: t0 + 3600,
    "kubernetes.io": { namespace: "default", serviceaccount: { name: "builder", uid: "sa-uid" }, pod: { name: "builder-7d9f", uid: "pod-uid" } },
    ...over,
  });
  const sa = serviceAccountTokenAuthenticator({
    issuers: [issuer], audiences: [issuer], keys: [{ key: rsa.publicKey }, { key: ec.publicKey }], verify: nodeVerify, clock,
    getServiceAccount: (ns, name) => (ns === "default" && name === "builder" ? { uid: "sa-uid" } : undefined),
  });

  it("authenticates an RS256 token as system:serviceaccount:<ns>:<name> with the ServiceAccount groups", async () => {
    const user = userOf(await sa.authenticateToken(nodeSignJwt(claims(), "RS256", rsa.privateKey)));
    expect(user.name).toBe("system:serviceaccount:default:builder");
    expect(user.uid).toBe("sa-uid");
    expect(user.groups).toEqual(["system:serviceaccounts", "system:serviceaccounts:default"]);
    expect(user.extra?.["authentication.kubernetes.io/pod-name"]).toEqual(["builder-7d9f"]);
  });
  it("accepts an ES256 token signed by the second key", async () => {
    expect(userOf(await sa.authenticateToken(nodeSignJwt(claims(), "ES256", ec.privateKey))).name).toBe("system:serviceaccount:default:builder");
  });
  it("fails a token signed by a key it does not trust", async () => {
    expect(errorOf(await sa.authenticateToken(nodeSignJwt(claims(), "RS256", otherRsa.privateKey)))).toMatch(/cryptographic primitive/);
  });
  it("has no opinion on a token from another issuer", async () => {
    expect((await sa.authenticateToken(nodeSignJwt(claims({ iss: "https://idp.example" }), "RS256", rsa.privateKey))).kind).toBe("NoOpinion");
  });
  it("fails an expired token, but tolerates one minute of clock skew", async () => {
    const token = nodeSignJwt(claims({ exp: t0 - 30 }), "RS256", rsa.privateKey);
    expect(userOf(await sa.authenticateToken(token)).name).toContain("builder");
    const old = nodeSignJwt(claims({ exp: t0 - 61 }), "RS256", rsa.privateKey);
    expect(errorOf(await sa.authenticateToken(old))).toBe("service account token has expired");
  });
  it("expires a token when the clock passes exp", async () => {
    const c = new VirtualClock(t0 * 1000);
    const a = serviceAccountTokenAuthenticator({ issuers: [issuer], audiences: [issuer], keys: [{ key: rsa.publicKey }], verify: nodeVerify, clock: c });
    const token = nodeSignJwt(claims(), "RS256", rsa.privateKey);
    expect((await a.authenticateToken(token)).kind).toBe("Authenticated");
    c.advance(3600_000 + 61_000);
    expect(errorOf(await a.authenticateToken(token))).toBe("service account token has expired");
  });
  it("fails a token that is not valid yet", async () => {
    expect(errorOf(await sa.authenticateToken(nodeSignJwt(claims({ nbf: t0 + 600 }), "RS256", rsa.privateKey)))).toBe("service account token is not valid yet");
  });
  it("fails a token meant for another audience", async () => {
    expect(errorOf(await sa.authenticateToken(nodeSignJwt(claims({ aud: ["vault"] }), "RS256", rsa.privateKey)))).toBe(
      `token audiences ["vault"] is invalid for the target audiences ["${issuer}"]`,
    );
  });
  it("fails a token whose ServiceAccount was recreated with another uid", async () => {
    const token = nodeSignJwt(claims({ "kubernetes.io": { namespace: "default", serviceaccount: { name: "builder", uid: "old-uid" } } }), "RS256", rsa.privateKey);
    expect(errorOf(await sa.authenticateToken(token))).toBe("service account UID (sa-uid) does not match claim (old-uid)");
  });
  it("verifies HS256 with a shared secret (the verifier is injected)", async () => {
    const a = serviceAccountTokenAuthenticator({ issuers: [issuer], audiences: [issuer], keys: [{ key: "s3cret", alg: "HS256" }], verify: nodeVerify, clock });
    expect((await a.authenticateToken(nodeSignJwt(claims(), "HS256", "s3cret"))).kind).toBe("Authenticated");
    expect((await a.authenticateToken(nodeSignJwt(claims(), "HS256", "wrong"))).kind).toBe("Failed");
  });
});

describe("OIDC ID tokens", () => {
  const idp = "https://dex.example.com";
  const clock = new VirtualClock(t0 * 1000);
  const base = { keys: [{ key: rsa.publicKey }], verify: nodeVerify, clock, issuerURL: idp, clientID: "kubernetes" };
  const id = (over: Record<string, unknown> = {}) =>
    nodeSignJwt({ iss: idp, sub: "CgNib2I", aud: "kubernetes", exp: t0 + 600, email: "bob@example.com", email_verified: true, groups: ["dev"], ...over }, "RS256", rsa.privateKey);

  it("prefixes the sub claim with the issuer URL by default", async () => {
    expect(userOf(await oidcAuthenticator(base).authenticateToken(id())).name).toBe("https://dex.example.com#CgNib2I");
  });
  it("uses the email claim without a prefix and reads groups with a prefix", async () => {
    const a = oidcAuthenticator({ ...base, usernameClaim: "email", groupsClaim: "groups", groupsPrefix: "oidc:" });
    expect(userOf(await a.authenticateToken(id()))).toEqual({ name: "bob@example.com", groups: ["oidc:dev"] });
  });
  it("rejects an unverified email", async () => {
    const a = oidcAuthenticator({ ...base, usernameClaim: "email" });
    expect(errorOf(await a.authenticateToken(id({ email_verified: false })))).toBe("oidc: email not verified");
  });
  it("rejects a token issued for another client", async () => {
    expect(errorOf(await oidcAuthenticator(base).authenticateToken(id({ aud: "grafana" })))).toBe(
      'oidc: verify token: oidc: expected audience "kubernetes" got ["grafana"]',
    );
  });
  it("rejects an expired token", async () => {
    expect(errorOf(await oidcAuthenticator(base).authenticateToken(id({ exp: t0 - 1 })))).toMatch(/^oidc: verify token: oidc: token is expired/);
  });
  it("has no opinion on a token from another issuer", async () => {
    expect((await oidcAuthenticator(base).authenticateToken(id({ iss: issuer }))).kind).toBe("NoOpinion");
  });
});

describe("authenticating proxy", () => {
  const proxy = requestHeaderAuthenticator({ allowedNames: ["front-proxy-client"] });
  const headers = { "x-remote-user": "carol", "x-remote-group": ["dev", "ops"], "x-remote-extra-scopes": ["read"], "x-remote-extra-acme.com%2fteam": "blue" };
  it("believes X-Remote-* headers from the proxy's client certificate", async () => {
    const user = userOf(await proxy.authenticate({ headers, peerCertificate: cert("front-proxy-client", [], ["requestheader-client-ca"]) }));
    expect(user).toEqual({ name: "carol", groups: ["dev", "ops"], extra: { scopes: ["read"], "acme.com/team": ["blue"] } });
  });
  it("ignores the headers without a client certificate", async () => {
    expect((await proxy.authenticate({ headers })).kind).toBe("NoOpinion");
  });
  // Upstream: Verifier.AuthenticateRequest (request/x509/x509.go) returns the verification error
  // as is; only the x509 Authenticator wraps it in "verifying certificate ... failed".
  it("fails a certificate from the ordinary client CA with the bare verification error", async () => {
    expect(errorOf(await proxy.authenticate({ headers, peerCertificate: { ...cert("front-proxy-client", [], ["client-ca"]), serialNumber: "02" } })))
      .toBe("x509: certificate signed by unknown authority");
  });
  it("fails a proxy certificate whose CN is not in the allowed names", async () => {
    expect(errorOf(await proxy.authenticate({ headers, peerCertificate: cert("mallory", [], ["requestheader-client-ca"]) }))).toBe(
      "x509: subject with cn=mallory is not in the allowed list",
    );
  });
});

describe("the authentication chain", () => {
  const tokens = tokenFileAuthenticator(parseTokenFile("tok,alice,1\n"));
  const chain = (anonymous: boolean) =>
    buildAuthenticationChain({
      authenticators: [requestHeaderAuthenticator(), x509Authenticator(), bearerTokenAuthenticator(unionTokenAuthenticator([tokens]))],
      ...(anonymous ? { anonymous: anonymousAuthenticator() } : {}),
    });
  const run = (req: AuthRequest, anonymous = true) => chain(anonymous).authenticate(req);

  it("adds system:authenticated to every authenticated user", async () => {
    expect(userOf(await run({ headers: { authorization: "Bearer tok" } })).groups).toEqual(["system:authenticated"]);
  });
  it("tries the proxy before the client certificate: a proxy request is the header's user", async () => {
    const req = { headers: { "x-remote-user": "carol" }, peerCertificate: cert("front-proxy-client", [], ["requestheader-client-ca"]) };
    expect(userOf(await run(req)).name).toBe("carol");
  });
  it("moves past the proxy's error to the client certificate", async () => {
    const req = { headers: { authorization: "Bearer tok" }, peerCertificate: cert("admin", ["system:masters"], ["client-ca"]) };
    expect(userOf(await run(req))).toEqual({ name: "admin", groups: ["system:masters", "system:authenticated"] });
  });
  it("makes a request with no credential system:anonymous in system:unauthenticated", async () => {
    expect(userOf(await run({ headers: {} }))).toEqual({ name: "system:anonymous", groups: ["system:unauthenticated"] });
  });
  it("does not turn a bad token into an anonymous request", async () => {
    expect(errorOf(await run({ headers: { authorization: "Bearer wrong" } }))).toBe("invalid bearer token");
  });
  it("has no opinion on a request with no credential when anonymous auth is off (a 401)", async () => {
    expect((await run({ headers: {} }, false)).kind).toBe("NoOpinion");
  });
});
