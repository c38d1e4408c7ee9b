// Impersonation: `kubectl --as=alice --as-group=devs` sends
//
//   Impersonate-User: alice
//   Impersonate-Group: devs
//   Impersonate-Uid: ...            (optional)
//   Impersonate-Extra-<key>: value  (optional, repeatable)
//
// and, if the *authenticated* user may `impersonate` each of those things, the rest of the
// request runs as the impersonated user. Each header is one authorization check:
//
//   Impersonate-User alice                    impersonate users "alice"           (group "")
//   Impersonate-User system:serviceaccount:ns:sa  impersonate serviceaccounts "sa" in ns
//   Impersonate-Group devs                    impersonate groups "devs"
//   Impersonate-Extra-scopes: view            impersonate userextras/scopes "view" (authentication.k8s.io)
//   Impersonate-Uid 1234                      impersonate uids "1234"             (authentication.k8s.io)
//
// Upstream: k8s.io/apiserver/pkg/endpoints/filters/impersonation.go (WithImpersonation,
// buildImpersonationRequests). It runs after authentication and before authorization.

import { newInternalError, type StatusError } from "../../api/status";
import type { Authorizer } from "../authz/authorizer";
import { forbiddenError } from "../authz/forbidden";
import { AllAuthenticated, AllUnauthenticated, Anonymous, type RequestAttributes, type UserInfo } from "../types";
import { makeServiceAccountGroupNames, makeServiceAccountUsername, splitServiceAccountUsername } from "./service-account-token";
import { type Headers, headerValue, headerValues, prefixedHeaders } from "./types";

export const ImpersonateUserHeader = "Impersonate-User";
export const ImpersonateUidHeader = "Impersonate-Uid";
export const ImpersonateGroupHeader = "Impersonate-Group";
export const ImpersonateUserExtraHeaderPrefix = "Impersonate-Extra-";

/** One thing to impersonate (upstream uses a v1.ObjectReference per header value). */
export type ImpersonationRequest =
  | { kind: "User"; name: string }
  | { kind: "ServiceAccount"; namespace: string; name: string }
  | { kind: "Group"; name: string }
  | { kind: "UserExtra"; key: string; value: string }
  | { kind: "UID"; uid: string };

export type ImpersonationResult =
  /** No impersonation headers: the request runs as the authenticated user. */
  | { kind: "NotRequested" }
  | { kind: "Impersonated"; user: UserInfo }
  /** 403 when a check failed, 500 for headers that make no sense (groups without a user). */
  | { kind: "Rejected"; error: StatusError };

/** buildImpersonationRequests: the headers, in upstream's order (user, groups, extras, uid). */
export function buildImpersonationRequests(headers: Headers): ImpersonationRequest[] | Error {
  const out: ImpersonationRequest[] = [];
  const requestedUser = headerValue(headers, ImpersonateUserHeader);
  if (requestedUser !== "") {
    const sa = splitServiceAccountUsername(requestedUser);
    out.push(sa === undefined ? { kind: "User", name: requestedUser } : { kind: "ServiceAccount", namespace: sa[0], name: sa[1] });
  }
  const groups = headerValues(headers, ImpersonateGroupHeader);
  for (const name of groups) out.push({ kind: "Group", name });
  const extras = prefixedHeaders(headers, ImpersonateUserExtraHeaderPrefix);
  for (const [key, values] of extras) for (const value of values) out.push({ kind: "UserExtra", key, value });
  const uid = headerValue(headers, ImpersonateUidHeader);
  if (uid !== "") out.push({ kind: "UID", uid });
  if ((groups.length > 0 || extras.length > 0 || uid !== "") && requestedUser === "") {
    return new Error(`requested ${describe(out)} without impersonating a user`);
  }
  return out;
}

function describe(requests: readonly ImpersonationRequest[]): string {
  return `[${requests.map((r) => `${r.kind} ${"name" in r ? r.name : r.kind === "UID" ? r.uid : `${r.key}=${r.value}`}`).join(" ")}]`;
}

/** The authorization check for one impersonation request. */
export function impersonationAttributes(requestor: UserInfo, r: ImpersonationRequest): RequestAttributes {
  const base = {
    user: requestor, verb: "impersonate", isResourceRequest: true, path: "",
    namespace: "", apiGroup: "", apiVersion: "v1", subresource: "", name: "",
  };
  switch (r.kind) {
    case "User": return { ...base, resource: "users", name: r.name };
    case "ServiceAccount": return { ...base, resource: "serviceaccounts", namespace: r.namespace, name: r.name };
    case "Group": return { ...base, resource: "groups", name: r.name };
    case "UserExtra":
      return { ...base, apiGroup: "authentication.k8s.io", resource: "userextras", subresource: r.key, name: r.value };
    case "UID": return { ...base, apiGroup: "authentication.k8s.io", resource: "uids", name: r.uid };
  }
}

//> impersonate
export async function impersonate(requestor: UserInfo, headers: Headers, authorizer: Authorizer): Promise<ImpersonationResult> {
  const requests = buildImpersonationRequests(headers);
  if (requests instanceof Error) return { kind: "Rejected", error: newInternalError(requests) };
  if (requests.length === 0) return { kind: "NotRequested" };

  // Groups given explicitly are the whole truth; without them a ServiceAccount gets its fixed groups.
  const groupsSpecified = headerValues(headers, ImpersonateGroupHeader).length > 0;
  let username = "";
  let uid = "";
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    switch (r.kind) {
      case "User": username = r.name; break;
      case "ServiceAccount":
        username = makeServiceAccountUsername(r.namespace, r.name);
        if (!groupsSpecified) groups = makeServiceAccountGroupNames(r.namespace);
        break;
      case "Group": groups.push(r.name); break;
      case "UserExtra": (extra[r.key] ??= []).push(r.value); break;
      case "UID": uid = r.uid; break;
    }
    const attrs = impersonationAttributes(requestor, r);
    const result = await authorizer.authorize(attrs);
    if (result.decision !== "Allow") return { kind: "Rejected", error: forbiddenError(attrs, result.reason) };
  }

  // The impersonated user is authenticated, unless it is anonymous or a group says otherwise.
  if (username !== Anonymous) {
    if (!groups.some((g) => g === AllAuthenticated || g === AllUnauthenticated)) groups.push(AllAuthenticated);
  } else if (!groups.includes(AllUnauthenticated)) {
    groups.push(AllUnauthenticated);
  }
  const user: UserInfo = { name: username, groups, extra };
  if (uid !== "") user.uid = uid;
  return { kind: "Impersonated", user };
}
//< impersonate
