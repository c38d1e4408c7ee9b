import { describe, expect, it } from "vitest";
import { field, FieldPath } from "./field-errors";
import {
  forbiddenMessage,
  groupKindString,
  groupResourceString,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newGenerateNameConflict,
  newGone,
  newInternalError,
  newInvalid,
  newMethodNotSupported,
  newNotFound,
  newRequestEntityTooLarge,
  newResourceExpired,
  newServerTimeout,
  newServiceUnavailable,
  newSuccessStatus,
  newTimeoutError,
  newTooManyRequests,
  newTooManyRequestsError,
  newUnauthorized,
  StatusError,
  statusErrorFromObject,
} from "./status";
import {
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isMethodNotSupported,
  isNotFound,
  isRequestEntityTooLarge,
  isResourceExpired,
  isServerTimeout,
  isServiceUnavailable,
  isTimeout,
  isTooManyRequests,
  isUnauthorized,
  reasonForError,
  suggestsClientDelay,
} from "./status-predicates";

const pods = { group: "", resource: "pods" };
const deployments = { group: "apps", resource: "deployments" };

describe("the Status body", () => {
  it("serializes a NotFound exactly as the API server does", () => {
    expect(JSON.stringify(newNotFound(pods, "web").status)).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"web\\" not found","reason":"NotFound","details":{"name":"web","kind":"pods"},"code":404}',
    );
  });

  it("includes the group in details and message for non-core resources", () => {
    const err = newNotFound(deployments, "web");
    expect(err.message).toBe('deployments.apps "web" not found');
    expect(err.status.details).toEqual({ name: "web", group: "apps", kind: "deployments" });
  });

  it("is an Error whose message, code and reason come from the Status", () => {
    const err = newAlreadyExists(pods, "web");
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(StatusError);
    expect([err.message, err.code, err.reason]).toEqual(['pods "web" already exists', 409, "AlreadyExists"]);
  });

  it("prints group/resource and group/kind as upstream's String methods", () => {
    expect(groupResourceString(pods)).toBe("pods");
    expect(groupResourceString(deployments)).toBe("deployments.apps");
    expect(groupKindString({ group: "", kind: "Pod" })).toBe("Pod");
    expect(groupKindString({ group: "apps", kind: "Deployment" })).toBe("Deployment.apps");
  });
});

// k8s.io/apimachinery/pkg/api/errors/errors.go: one constructor per row, its code, reason
// and message.
describe("the error constructors", () => {
  it.each([
    [newNotFound(pods, "web"), 404, "NotFound", 'pods "web" not found'],
    [newAlreadyExists(pods, "web"), 409, "AlreadyExists", 'pods "web" already exists'],
    [newGenerateNameConflict(pods, "web-abcde", 1), 409, "AlreadyExists", 'pods "web-abcde" already exists, the server was not able to generate a unique name for the object'],
    [
      newConflict(pods, "web", new Error("the object has been modified; please apply your changes to the latest version and try again")),
      409,
      "Conflict",
      'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    ],
    [
      newForbidden(pods, "web", forbiddenMessage({ user: "bob", verb: "get", resource: "pods", group: "", namespace: "default" })),
      403,
      "Forbidden",
      'pods "web" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"',
    ],
    [
      newForbidden(pods, "", forbiddenMessage({ user: "bob", verb: "list", resource: "pods", group: "", namespace: "default" })),
      403,
      "Forbidden",
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"',
    ],
    [
      newForbidden({ group: "", resource: "nodes" }, "", forbiddenMessage({ user: "bob", verb: "list", resource: "nodes", group: "" })),
      403,
      "Forbidden",
      'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope',
    ],
    [newForbidden({ group: "", resource: "" }, "", "no"), 403, "Forbidden", "forbidden: no"],
    [newUnauthorized(""), 401, "Unauthorized", "not authorized"],
    [newUnauthorized("token expired"), 401, "Unauthorized", "token expired"],
    [newGone("gone"), 410, "Gone", "gone"],
    [newResourceExpired("too old resource version: 5 (10)"), 410, "Expired", "too old resource version: 5 (10)"],
    [newBadRequest("bad"), 400, "BadRequest", "bad"],
    [newTooManyRequests("slow down", 1), 429, "TooManyRequests", "slow down"],
    [newTooManyRequestsError("limit reached"), 429, "TooManyRequests", "Too many requests: limit reached"],
    [newServiceUnavailable("etcd down"), 503, "ServiceUnavailable", "etcd down"],
    [newMethodNotSupported({ group: "", resource: "bindings" }, "watch"), 405, "MethodNotAllowed", 'watch is not supported on resources of kind "bindings"'],
    [newServerTimeout(pods, "create", 2), 500, "ServerTimeout", "The create operation against pods could not be completed at this time, please try again."],
    [newInternalError(new Error("boom")), 500, "InternalError", "Internal error occurred: boom"],
    [newTimeoutError("request did not complete within 60s", 0), 504, "Timeout", "Timeout: request did not complete within 60s"],
    [newRequestEntityTooLarge("limit is 3145728"), 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"],
  ] as const)("%# builds code %d reason %s: %s", (err, code, reason, message) => {
    expect(err.code).toBe(code);
    expect(err.reason).toBe(reason);
    expect(err.message).toBe(message);
    expect(err.status.code).toBe(code);
    expect(err.status.status).toBe("Failure");
  });

  it("leaves details out where upstream has none, and empty fields out of details", () => {
    expect(newBadRequest("x").status.details).toBeUndefined();
    expect(newTimeoutError("x", 0).status.details).toEqual({});
    expect(newTooManyRequests("x", 3).status.details).toEqual({ retryAfterSeconds: 3 });
    expect(newInternalError("boom").status.details).toEqual({ causes: [{ message: "boom" }] });
  });
});

describe("Invalid errors", () => {
  const pod = { group: "", kind: "Pod" };
  const nameErr = field.invalid(FieldPath.of("metadata", "name"), "Web", "a lowercase RFC 1123 subdomain ...");
  const replicasErr = field.invalid(FieldPath.of("spec", "replicas"), -1, "must be greater than or equal to 0");

  it("names the kind, the object and the single problem", () => {
    const err = newInvalid(pod, "Web", [nameErr]);
    expect(err.code).toBe(422);
    expect(err.message).toBe('Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain ...');
  });

  it("brackets several problems and lists each as a cause", () => {
    const err = newInvalid({ group: "apps", kind: "Deployment" }, "web", [nameErr, replicasErr, nameErr]);
    expect(err.message).toBe(
      'Deployment.apps "web" is invalid: [metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain ..., spec.replicas: Invalid value: -1: must be greater than or equal to 0]',
    );
    expect(err.status.details).toEqual({
      name: "web",
      group: "apps",
      kind: "Deployment",
      causes: [
        { reason: "FieldValueInvalid", message: 'Invalid value: "Web": a lowercase RFC 1123 subdomain ...', field: "metadata.name" },
        { reason: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.replicas" },
        { reason: "FieldValueInvalid", message: 'Invalid value: "Web": a lowercase RFC 1123 subdomain ...', field: "metadata.name" },
      ],
    });
  });

  it("says only 'is invalid' when given no field errors", () => {
    expect(newInvalid(pod, "web", []).message).toBe('Pod "web" is invalid');
  });
});

describe("the Is* predicates", () => {
  it.each([
    ["isNotFound", isNotFound, newNotFound(pods, "x")],
    ["isAlreadyExists", isAlreadyExists, newAlreadyExists(pods, "x")],
    ["isConflict", isConflict, newConflict(pods, "x", "e")],
    ["isInvalid", isInvalid, newInvalid({ group: "", kind: "Pod" }, "x", [])],
    ["isGone", isGone, newGone("x")],
    ["isResourceExpired", isResourceExpired, newResourceExpired("x")],
    ["isBadRequest", isBadRequest, newBadRequest("x")],
    ["isUnauthorized", isUnauthorized, newUnauthorized("x")],
    ["isForbidden", isForbidden, newForbidden(pods, "x", "e")],
    ["isTimeout", isTimeout, newTimeoutError("x", 0)],
    ["isServerTimeout", isServerTimeout, newServerTimeout(pods, "get", 1)],
    ["isInternalError", isInternalError, newInternalError("x")],
    ["isTooManyRequests", isTooManyRequests, newTooManyRequests("x", 1)],
    ["isRequestEntityTooLarge", isRequestEntityTooLarge, newRequestEntityTooLarge("x")],
    ["isMethodNotSupported", isMethodNotSupported, newMethodNotSupported(pods, "x")],
    ["isServiceUnavailable", isServiceUnavailable, newServiceUnavailable("x")],
  ] as const)("%s recognizes its own error and no other", (_name, predicate, err) => {
    expect(predicate(err)).toBe(true);
    const other = predicate === isBadRequest ? newNotFound(pods, "x") : newBadRequest("x");
    expect(predicate(other)).toBe(false);
    expect(predicate(new Error("plain"))).toBe(false);
    expect(predicate(undefined)).toBe(false);
  });

  it("falls back on the HTTP code when the reason is unknown", () => {
    const status = { kind: "Status", apiVersion: "v1", status: "Failure", reason: "SomethingNew", code: 404 };
    expect(isNotFound(status)).toBe(true);
    expect(isNotFound({ ...status, reason: "Conflict" })).toBe(false);
  });

  it("looks through an error's cause chain, like Go's errors.As", () => {
    const wrapped = new Error("reconcile failed", { cause: newConflict(pods, "web", "modified") });
    expect(isConflict(wrapped)).toBe(true);
    expect(reasonForError(wrapped)).toBe("Conflict");
    expect(reasonForError(new Error("x"))).toBe("");
  });

  it("recognizes a decoded Status body", () => {
    const body = JSON.parse(JSON.stringify(newNotFound(pods, "web").status)) as unknown;
    expect(isNotFound(body)).toBe(true);
    const err = statusErrorFromObject(body);
    expect(err?.message).toBe('pods "web" not found');
    expect(statusErrorFromObject({ kind: "Pod" })).toBeUndefined();
    expect(statusErrorFromObject({ kind: "Status", apiVersion: "v2" })).toBeUndefined();
  });

  it("suggests a client delay from retryAfterSeconds", () => {
    expect(suggestsClientDelay(newTooManyRequests("x", 5))).toBe(5);
    expect(suggestsClientDelay(newServerTimeout(pods, "get", 0))).toBe(0);
    expect(suggestsClientDelay(newNotFound(pods, "x"))).toBeUndefined();
    expect(suggestsClientDelay(newBadRequest("x"))).toBeUndefined();
  });
});

describe("Success", () => {
  it("builds the Success status some deletes return", () => {
    expect(newSuccessStatus({ name: "web", kind: "pods" })).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name: "web", kind: "pods" },
    });
  });
});
