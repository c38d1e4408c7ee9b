// Hidden tests for the exercise "authenticator-chain": instructor-only, they count in batch
// grading and are not in the learner edition. Weights add up to 3, on top of the public 10.
import { describe, expect, it } from "vitest";
import { unionAuthenticator, withAuthenticatedGroup } from "@exercise/02-api-server/authenticator-chain";
import { authenticated, failed, noOpinion, type AuthenticationResult, type RequestAuthenticator } from "../../src/apiserver/authn/types";

const UNION = "union.go (k8s.io/apiserver/pkg/authentication/request/union)";
const ADDER = "AuthenticatedGroupAdder (authenticated_group_adder.go)";
const answer = (r: AuthenticationResult): RequestAuthenticator => ({ name: "fixed", authenticate: () => Promise.resolve(r) });

describe("hidden: the union's edges", () => {
  it("an empty chain has no opinion, and a name can be given", { meta: { weight: 1 } }, async () => {
    expect((await unionAuthenticator([]).authenticate({ headers: {} })).kind, `${UNION}: nobody asked, nobody failed: NoOpinion`).toBe("NoOpinion");
    expect(unionAuthenticator([], { name: "union+anonymous" }).name, "the name given in the options is the authenticator's name").toBe("union+anonymous");
    const r = await unionAuthenticator([answer(noOpinion), answer(failed("a")), answer(failed("b")), answer(failed("c"))]).authenticate({ headers: {} });
    expect(r.kind === "Failed" && r.error.message, `${UNION}: three errors, aggregated in order`).toBe("[a, b, c]");
  });

  it("with failOnError a success before any error still wins", { meta: { weight: 1 } }, async () => {
    const r = await unionAuthenticator([answer(noOpinion), answer(authenticated({ name: "dana", groups: [] })), answer(failed("never asked"))], { failOnError: true }).authenticate({ headers: {} });
    expect(r.kind === "Authenticated" && r.user.name, `${UNION}: failOnError only changes what a Failed answer does`).toBe("dana");
  });

  it("the group adder keeps the uid and the extra fields of the user", { meta: { weight: 1 } }, async () => {
    const user = { name: "system:serviceaccount:ci:builder", uid: "42", groups: ["system:serviceaccounts"], extra: { "authentication.kubernetes.io/pod-name": ["runner-1"] } };
    const r = await withAuthenticatedGroup(answer(authenticated(user))).authenticate({ headers: {} });
    expect(r.kind === "Authenticated" && r.user, `${ADDER}: only the groups change`).toEqual({ ...user, groups: ["system:serviceaccounts", "system:authenticated"] });
  });
});
