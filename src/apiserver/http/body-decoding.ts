// Turning a request body's bytes into the decoded value `ApiRequest.body` carries, by its
// Content-Type, with upstream's errors for what cannot be decoded:
//
//   POST, PUT (and a DELETE's DeleteOptions)   application/json, application/yaml,
//                                              application/vnd.kubernetes.protobuf (the kinds
//                                              kubectl's typed commands create: protobuf-decoding.ts)
//   PATCH                                      application/json-patch+json
//                                              application/merge-patch+json
//                                              application/strategic-merge-patch+json
//                                              application/apply-patch+yaml
//   anything else                              415 UnsupportedMediaType
//   a body that does not parse                 400 BadRequest
//
// The patch body is decoded too (a JSON array for a JSON patch, an object otherwise) and the
// Content-Type header travels on to the server, which picks the patch strategy from it.
//
// Upstream: k8s.io/apiserver/pkg/endpoints/handlers/negotiation (NegotiateInputSerializer,
// errUnsupportedMediaType), handlers/create.go and update.go (decode, transformDecodeError),
// handlers/patch.go (the accepted patch types, and json.Unmarshal errors as BadRequest).
//
// SIMPLIFICATION: protobuf bodies decode only for the kinds kubectl's typed commands send
// (protobuf-decoding.ts); any other protobuf body gets a 415 naming them. Parse errors carry JavaScript's wording after
// upstream's prefix, not Go's (`invalid character 'x' looking for beginning of value`), and a
// create's error does not name the expected Kind: the front decodes before it knows the
// resource, where upstream says `the object provided is unrecognized (must be of type Pod): ...`.
// No browser or node APIs here: this runs anywhere.

import { parse as parseYaml } from "yaml";
import { newBadRequest, StatusError } from "../../api/status";
import { utf8Decode } from "../bytes";
import { decodeKubernetesProtobuf, MESSAGES, ProtobufDecodeError } from "./protobuf-decoding";

/** The media types a create or update body may have (negotiation: the serializer's SupportedMediaTypes). */
export const OBJECT_MEDIA_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"] as const;

/** The patch types kube-apiserver accepts for built-in resources (handlers/patch.go). */
export const PATCH_MEDIA_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
] as const;

export type DecodedBody = { ok: true; body: unknown } | { ok: false; error: StatusError };

/**
 * Decodes `bytes` (the body) for a request with `method` and the Content-Type header
 * `contentType`. An empty body decodes to `undefined` whatever its type: a GET has none, and
 * the server decides whether a POST without one is an error.
 */
export function decodeBody(method: string, contentType: string | undefined, bytes: Uint8Array): DecodedBody {
  if (bytes.length === 0) return { ok: true, body: undefined };
  // NegotiateInputSerializerForMediaType: no Content-Type means the first supported type, JSON.
  const mediaType = mediaTypeOf(contentType) || "application/json";
  const isPatch = method.toUpperCase() === "PATCH";
  const accepted: readonly string[] = isPatch ? PATCH_MEDIA_TYPES : OBJECT_MEDIA_TYPES;
  if (!accepted.includes(mediaType)) return { ok: false, error: newUnsupportedMediaType(accepted) };
  if (mediaType === "application/vnd.kubernetes.protobuf") return decodeProtobuf(bytes);

  const text = utf8Decode(bytes);
  if (mediaType.endsWith("yaml")) {
    try {
      return { ok: true, body: parseYaml(text) as unknown };
    } catch (err) {
      // sigs.k8s.io/yaml.YAMLToJSON's wrapping, as the YAML serializer reports it.
      return { ok: false, error: newBadRequest(`error converting YAML to JSON: yaml: ${messageOf(err)}`) };
    }
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch (err) {
    // A create or update body goes through the JSON serializer, whose first step reads
    // apiVersion and kind (json.go Decode -> meta.Interpret); a patch body is unmarshalled
    // directly and the error returned as is.
    const message = lowerFirst(messageOf(err));
    return { ok: false, error: newBadRequest(isPatch ? message : `couldn't get version/kind; json parse error: ${message}`) };
  }
}

function decodeProtobuf(bytes: Uint8Array): DecodedBody {
  try {
    return { ok: true, body: decodeKubernetesProtobuf(bytes) };
  } catch (err) {
    if (err instanceof ProtobufDecodeError && err.unsupportedKind) {
      const kinds = Object.keys(MESSAGES).map((k) => k.slice(k.lastIndexOf("/") + 1)).join(", ");
      const e = newUnsupportedMediaType(["application/json", "application/yaml"]);
      e.status.message += ` (this server decodes protobuf only for ${kinds}; got ${err.message})`;
      return { ok: false, error: e };
    }
    return { ok: false, error: newBadRequest(messageOf(err)) };
  }
}

/** 415, errUnsupportedMediaType.Status(). */
export function newUnsupportedMediaType(accepted: readonly string[]): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
    reason: "UnsupportedMediaType",
    code: 415,
  });
}

/** "application/json; charset=utf-8" -> "application/json" (mime.ParseMediaType, lower-cased). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0]! : String(err);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
