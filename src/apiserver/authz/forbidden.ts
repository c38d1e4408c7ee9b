// The 403 a denied request gets, worded as upstream so that a learner's error matches the one
// kubectl prints against a real cluster:
//
//   Error from server (Forbidden): pods "web" is forbidden: User "bob" cannot get resource "pods"
//   in API group "" in the namespace "default"
//
// Upstream: k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage
// and Forbidden, which appends ": <reason>" when the authorizers gave one and HTML-escapes & < >).

import { goQuote } from "../../api/go-quote";
import { newForbidden, forbiddenMessage as resourceForbiddenMessage, type StatusError } from "../../api/status";
import type { RequestAttributes } from "../types";

//> forbidden-message
export function forbiddenMessage(attrs: RequestAttributes): string {
  const user = attrs.user.name;
  if (!attrs.isResourceRequest) {
    return `User ${goQuote(user)} cannot ${attrs.verb} path ${goQuote(attrs.path)}`;
  }
  return resourceForbiddenMessage({
    user,
    verb: attrs.verb,
    resource: attrs.resource,
    subresource: attrs.subresource,
    group: attrs.apiGroup,
    namespace: attrs.namespace,
  });
}

/** responsewriters.Forbidden: the Status error for a denied request. */
export function forbiddenError(attrs: RequestAttributes, reason = ""): StatusError {
  const msg = sanitize(forbiddenMessage(attrs));
  const err = reason === "" ? msg : `${msg}: ${reason}`;
  return newForbidden({ group: attrs.apiGroup, resource: attrs.resource }, attrs.name, err);
}
//< forbidden-message

/** The sanitizer: the message may be shown in a browser. */
function sanitize(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
