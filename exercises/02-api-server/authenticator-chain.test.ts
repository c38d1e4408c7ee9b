// Graded tests for the exercise "authenticator-chain" (chapter 02-api-server, 10 points). Each
// test's weight is the points it is worth (they add up to 10); see tools/exercises/points.ts.
// `@exercise/...` is your exercises/ file; the grader also runs these tests against the reference
// solution and the untouched stub (tools/exercises/README.md). Each test is a sentence; its
// failure message names the rule that was broken and where to read about it.
//
// Your functions are plugged into the real chain: vi.mock below replaces
// src/apiserver/authn/union-authenticator.ts, which buildAuthenticationChain
// (src/apiserver/authn/union.ts) uses to assemble kube-apiserver's order: the authenticating
// proxy, X.509 client certificates, bearer tokens, the system:authenticated group, then anonymous.
import { describe, expect, it, vi } from "vitest";
import * as learner from "@exercise/02-api-server/authenticator-chain";
import { anonymousAuthenticator } from "../../src/apiserver/authn/anonymous";
import { bearerTokenAuthenticator, unionTokenAuthenticator } from "../../src/apiserver/authn/bearer-token";
import { requestHeaderAuthenticator } from "../../src/apiserver/authn/request-header";
import { parseTokenFile, tokenFileAuthenticator } from "../../src/apiserver/authn/token-file";
import {
  type AuthenticationResult, type AuthRequest, authenticated, failed, noOpinion, type PeerCertificate, type RequestAuthenticator,
} from "../../src/apiserver/authn/types";
import { buildAuthenticationChain } from "../../src/apiserver/authn/union";
import { x509Authenticator } from "../../src/apiserver/authn/x509";

const { unionAuthenticator, withAuthenticatedGroup } = learner;

vi.mock("../../src/apiserver/authn/union-authenticator", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/apiserver/authn/union-authenticator")>()),
  unionAuthenticator: (...args: Parameters<typeof learner.unionAuthenticator>) => learner.unionAuthenticator(...args),
  withAuthenticatedGroup: (inner: RequestAuthenticator) => learner.withAuthenticatedGroup(inner),
}));

const UNION = "union.go (k8s.io/apiserver/pkg/authentication/request/union)";
const ADDER = "AuthenticatedGroupAdder (k8s.io/apiserver/pkg/authentication/group/authenticated_group_adder.go)";

/** An authenticator that always gives `answer` and records that it was asked. */
function fixed(name: string, answer: AuthenticationResult, log: string[]): RequestAuthenticator {
  return { name, authenticate: () => { log.push(name); return answer; } };
}
/** The same, answering through a Promise (as the OIDC and webhook authenticators do). */
function later(name: string, answer: AuthenticationResult, log: string[]): RequestAuthenticator {
  return { name, authenticate: () => { log.push(name); return Promise.resolve(answer); } };
}
/** JSON with sorted keys, so that two equal users print the same whatever order their fields were set in. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
const shown = (r: AuthenticationResult): string =>
  r.kind === "Authenticated" ? `Authenticated ${canonical(r.user)}` : r.kind === "Failed" ? `Failed: ${r.error.message}` : "NoOpinion";
const none: AuthRequest = { headers: {} };
const cert = (cn: string, o: string[], verifiedBy: string[]): PeerCertificate => ({ subject: { commonName: cn, organization: o }, verifiedBy });

describe("the union: authenticators in order, first success wins", () => {
  it("returns the first Authenticated answer and never asks the authenticators after it", { meta: { weight: 2 } }, async () => {
    const log: string[] = [];
    const alice = authenticated({ name: "alice", groups: ["dev"] });
    const union = unionAuthenticator([
      fixed("proxy", noOpinion, log), later("x509", noOpinion, log), later("token", alice, log), fixed("oidc", authenticated({ name: "mallory", groups: [] }), log),
    ]);
    const result = await union.authenticate(none);
    expect(shown(result), `${UNION}: "token" is the first to authenticate; its user is the answer (await answers given as a Promise)`).toBe(shown(alice));
    expect(log, `${UNION}: the chain tries the authenticators in order and stops at the first success: "oidc" must not be asked`).toEqual(["proxy", "x509", "token"]);
  });

  it("keeps going after a Failed answer: a later authenticator may still recognise the request", { meta: { weight: 1.5 } }, async () => {
    const log: string[] = [];
    const bob = authenticated({ name: "bob", groups: [] });
    const result = await unionAuthenticator([fixed("proxy", failed("x509: subject with cn=bob is not in the allowed list"), log), fixed("x509", bob, log)]).authenticate(none);
    expect(shown(result), `${UNION}: an error is remembered, not returned at once; "x509" authenticates bob, so the request is bob's`).toBe(shown(bob));
    expect(log, `${UNION}: after "proxy" failed, "x509" was still asked`).toEqual(["proxy", "x509"]);
    const failFast: string[] = [];
    const stopped = await unionAuthenticator([fixed("chain", failed("invalid bearer token"), failFast), fixed("anonymous", bob, failFast)], { failOnError: true }).authenticate(none);
    expect(shown(stopped), `${UNION}, NewFailOnError: with failOnError the first Failed answer ends the chain`).toBe("Failed: invalid bearer token");
    expect(failFast, "with failOnError nothing after a Failed answer is asked").toEqual(["chain"]);
  });

  it("answers with the aggregated errors only when nobody authenticates, and NoOpinion when nobody even failed", { meta: { weight: 2 } }, async () => {
    const log: string[] = [];
    const two = await unionAuthenticator([fixed("a", failed("token expired"), log), fixed("b", noOpinion, log), later("c", failed("bad signature"), log)]).authenticate(none);
    expect(shown(two), `${UNION}: both errors, in order, aggregated as utilerrors.NewAggregate prints them ("[a, b]"): aggregateErrors`).toBe("Failed: [token expired, bad signature]");
    const one = await unionAuthenticator([fixed("a", noOpinion, log), fixed("b", failed("token expired"), log)]).authenticate(none);
    expect(shown(one), `${UNION}: a single error is returned as itself, without brackets`).toBe("Failed: token expired");
    const nothing = await unionAuthenticator([fixed("a", noOpinion, log), fixed("b", noOpinion, log)]).authenticate(none);
    expect(shown(nothing), `${UNION}: no authenticator recognised the request and none failed: NoOpinion (a 401 with no reason)`).toBe("NoOpinion");
    const rescued = await unionAuthenticator([fixed("a", failed("token expired"), log), fixed("b", authenticated({ name: "carol", groups: [] }), log)]).authenticate(none);
    expect(rescued.kind, `${UNION}: errors are reported only if nobody succeeded; here "b" authenticated carol`).toBe("Authenticated");
  });
});

describe("system:authenticated", () => {
  it("is added once, at the end of the groups, to every authenticated user but the anonymous one", { meta: { weight: 1.5 } }, async () => {
    const log: string[] = [];
    const add = async (answer: AuthenticationResult) => shown(await withAuthenticatedGroup(fixed("inner", answer, log)).authenticate(none));
    expect(await add(authenticated({ name: "alice", groups: ["dev", "ops"] })), `${ADDER}: alice is authenticated, so she is in system:authenticated, after her own groups`)
      .toBe(shown(authenticated({ name: "alice", groups: ["dev", "ops", "system:authenticated"] })));
    expect(await add(authenticated({ name: "svc", groups: ["system:authenticated"] })), `${ADDER}: a user already in system:authenticated does not get it twice`)
      .toBe(shown(authenticated({ name: "svc", groups: ["system:authenticated"] })));
    expect(await add(authenticated({ name: "system:anonymous", groups: ["system:unauthenticated"] })), `${ADDER}: the anonymous user is not authenticated`)
      .toBe(shown(authenticated({ name: "system:anonymous", groups: ["system:unauthenticated"] })));
    expect(await add(authenticated({ name: "guest", groups: ["system:unauthenticated"] })), `${ADDER}: a user that says it is in system:unauthenticated is left alone`)
      .toBe(shown(authenticated({ name: "guest", groups: ["system:unauthenticated"] })));
    expect(await add(failed("token expired")), `${ADDER}: a Failed answer passes through unchanged`).toBe("Failed: token expired");
    expect(await add(noOpinion), `${ADDER}: NoOpinion passes through unchanged`).toBe("NoOpinion");
  });

  it("builds a new user, keeping the audiences, and never changes the user the authenticator returned", { meta: { weight: 1 } }, async () => {
    const user = { name: "bob", groups: ["dev"] };
    const inner: RequestAuthenticator = { name: "tokens", authenticate: () => authenticated(user, ["https://kubernetes.default.svc"]) };
    const first = await withAuthenticatedGroup(inner).authenticate(none);
    const second = await withAuthenticatedGroup(inner).authenticate(none);
    expect(user.groups, `${ADDER}: copy the user ({ ...user, groups: [...user.groups, "system:authenticated"] }); pushing into the returned user changes the authenticator's own data`).toEqual(["dev"]);
    expect(first.kind === "Authenticated" && first.user.groups, `${ADDER}: bob gets system:authenticated`).toEqual(["dev", "system:authenticated"]);
    expect(second.kind === "Authenticated" && second.user.groups, `${ADDER}: a second request by the same user gets the group once, not twice`).toEqual(["dev", "system:authenticated"]);
    expect(first.kind === "Authenticated" && first.audiences, `${ADDER}: the audiences the token was valid for are kept (authenticator.Response.Audiences)`).toEqual(["https://kubernetes.default.svc"]);
  });
});

describe("plugged into kube-apiserver's chain (buildAuthenticationChain): proxy, client certificate, bearer token, then anonymous", () => {
  const tokens = tokenFileAuthenticator(parseTokenFile('ci-token,ci-bot,1001,"builders"\n'));
  const chain = (anonymous: boolean) => buildAuthenticationChain({
    authenticators: [requestHeaderAuthenticator({ allowedNames: ["front-proxy-client"] }), x509Authenticator(), bearerTokenAuthenticator(unionTokenAuthenticator([tokens]))],
    ...(anonymous ? { anonymous: anonymousAuthenticator() } : {}),
  });
  const run = async (req: AuthRequest, anonymous = true) => shown(await chain(anonymous).authenticate(req));

  it("a token, a client certificate and a proxied user each authenticate, in system:authenticated; a request with nothing is system:anonymous", { meta: { weight: 1 } }, async () => {
    expect(await run({ headers: { authorization: "Bearer ci-token" } }), `${UNION} and ${ADDER}: the token file names ci-bot`)
      .toBe(shown(authenticated({ name: "ci-bot", uid: "1001", groups: ["builders", "system:authenticated"] })));
    expect(await run({ headers: { authorization: "Bearer ci-token" }, peerCertificate: cert("kubernetes-admin", ["system:masters"], ["client-ca"]) }),
      `${UNION}: the client certificate comes before the bearer token in kube-apiserver's order, so the request is kubernetes-admin's`)
      .toBe(shown(authenticated({ name: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] })));
    expect(await run({ headers: { "x-remote-user": "carol", "x-remote-group": "dev" }, peerCertificate: cert("front-proxy-client", [], ["requestheader-client-ca"]) }),
      `${UNION}: the authenticating proxy is first; x509 would fail on its certificate, but it is never asked`)
      .toBe(shown(authenticated({ name: "carol", groups: ["dev", "system:authenticated"] })));
    expect(await run(none), `${UNION}: nobody recognised the request and nobody failed, so the anonymous authenticator is asked`)
      .toBe(shown(authenticated({ name: "system:anonymous", groups: ["system:unauthenticated"] })));
  });

  it("a bad credential is a 401 with every reason, and never falls through to anonymous", { meta: { weight: 1 } }, async () => {
    expect(await run({ headers: { authorization: "Bearer stolen" } }), `${UNION}, NewFailOnError: the bad token fails the inner chain; anonymous must not turn it into system:anonymous`)
      .toBe("Failed: invalid bearer token");
    expect(await run({ headers: { "x-remote-user": "admin" }, peerCertificate: cert("mallory", [], ["requestheader-client-ca"]) }),
      `${UNION}: both the proxy check and the client certificate check fail on mallory's certificate; both reasons, in order, aggregated`)
      .toBe("Failed: [x509: subject with cn=mallory is not in the allowed list, verifying certificate SN=<nil>, SKID=, AKID= failed: x509: certificate signed by unknown authority]");
    expect(await run(none, false), `${UNION}: with --anonymous-auth=false a request with no credential gets NoOpinion: a 401`).toBe("NoOpinion");
  });
});
