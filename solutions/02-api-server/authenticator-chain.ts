// The authentication chain: who sent this request?
//
// kube-apiserver accepts several kinds of credential at once: the authenticating proxy's headers,
// X.509 client certificates, bearer tokens (a token file, ServiceAccount tokens, OIDC). Each kind
// has an authenticator, and each authenticator answers one of three things
// (src/apiserver/authn/types.ts, AuthenticationResult):
//
//   Authenticated  "this is user U"                   the chain stops: first success wins
//   NoOpinion      "not my kind of credential"        ask the next one
//   Failed         "my kind of credential, and bad"   remember the error, ask the next one
//
// If nobody authenticates, the chain answers Failed with the errors it met, aggregated as
// utilerrors.NewAggregate prints them (`[a, b]`; one error as itself), or NoOpinion if there were
// none: the API server answers 401 either way, but only errors say why. With `failOnError` the
// first Failed ends the chain at once: kube-apiserver puts the anonymous authenticator behind such
// a union, so that a bad token is a 401 and never quietly becomes system:anonymous.
//
// Every user the chain authenticates is then put in the group system:authenticated (which RBAC
// bindings use for "any logged-in user"), except the anonymous user and a user that already
// says it is in system:authenticated or system:unauthenticated.
//
// Your functions replace src/apiserver/authn/union-authenticator.ts in the real chain: the graded
// tests build it with buildAuthenticationChain (src/apiserver/authn/union.ts) from the real token,
// certificate and proxy authenticators. src/apiserver/authn/union-authenticator.ts is the course's
// own answer: try before you look at it.
import { aggregateErrors } from "../../src/apiserver/authn/union";
import {
  type AuthenticationResult, type AuthRequest, authenticated, failed, noOpinion, type RequestAuthenticator,
} from "../../src/apiserver/authn/types";
import { AllAuthenticated, AllUnauthenticated, Anonymous, type UserInfo } from "../../src/apiserver/types";

// `aggregateErrors(errors)` (utilerrors.NewAggregate) is given: undefined for no errors, the error
// itself for one, one Error "[a, b]" for several.
export { aggregateErrors };

/**
 * union.New (and union.NewFailOnError with `failOnError`): the authenticators in order, first
 * Authenticated wins; a Failed is remembered and the next one asked, unless `failOnError`.
 */
export function unionAuthenticator(
  authenticators: readonly RequestAuthenticator[],
  options: { failOnError?: boolean; name?: string } = {},
): RequestAuthenticator {
  return {
    name: options.name ?? "union",
    async authenticate(req: AuthRequest): Promise<AuthenticationResult> {
      // SOLUTION BEGIN
      // TODO(authenticator-chain): ask each authenticator in order (await its answer: it may be a
      // Promise). Return the first Authenticated as it is. Collect the errors of Failed answers (or,
      // with options.failOnError, return the first Failed at once). After the loop: failed(aggregate)
      // if there were errors, otherwise noOpinion.
      // Read: k8s.io/apiserver/pkg/authentication/request/union/union.go, AuthenticateRequest.
      // STUB: return noOpinion;
      const errors: Error[] = [];
      for (const authenticator of authenticators) {
        const result = await authenticator.authenticate(req);
        if (result.kind === "Authenticated") return result;
        if (result.kind === "Failed") {
          if (options.failOnError) return result;
          errors.push(result.error);
        }
      }
      const error = aggregateErrors(errors);
      return error === undefined ? noOpinion : failed(error);
      // SOLUTION END
    },
  };
}

/**
 * AuthenticatedGroupAdder: what `inner` authenticates gets the group system:authenticated added
 * (at the end of its groups), unless it is the anonymous user or is already in
 * system:authenticated or system:unauthenticated. Other answers pass through unchanged.
 */
export function withAuthenticatedGroup(inner: RequestAuthenticator): RequestAuthenticator {
  return {
    name: inner.name,
    async authenticate(req: AuthRequest): Promise<AuthenticationResult> {
      // SOLUTION BEGIN
      // TODO(authenticator-chain): await inner's answer; pass anything but Authenticated through.
      // Build a NEW user with the group added (never push into the user you were given: an
      // authenticator may hand out the same object twice), and keep the audiences.
      // Read: k8s.io/apiserver/pkg/authentication/group/authenticated_group_adder.go.
      // STUB: return noOpinion;
      const result = await inner.authenticate(req);
      if (result.kind !== "Authenticated") return result;
      const user = result.user;
      if (user.name === Anonymous) return result;
      if (user.groups.some((g) => g === AllAuthenticated || g === AllUnauthenticated)) return result;
      const withGroup: UserInfo = { ...user, groups: [...user.groups, AllAuthenticated] };
      return authenticated(withGroup, result.audiences);
      // SOLUTION END
    },
  };
}
