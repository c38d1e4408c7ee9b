// Small readers of the request's query string and headers, shared by the server's handlers.
import { headerValue, type Headers } from "../authn/types";
import type { Query } from "../pipeline/request-info";

/** Every value of a query parameter (url.Values[key]). */
export function queryValues(query: Query, key: string): string[] {
  const v = query[key];
  if (v === undefined) return [];
  return typeof v === "string" ? [v] : [...v];
}

/** One media type of an Accept header with its parameters: `application/json;as=Table;v=v1;g=meta.k8s.io`. */
export interface MediaType {
  type: string;
  params: Record<string, string>;
}

/** The Accept header's media types, in the client's order. */
export function acceptedMediaTypes(headers: Headers): MediaType[] {
  const accept = headerValue(headers, "Accept");
  if (accept === "") return [];
  return accept.split(",").map((part) => {
    const [type, ...params] = part.split(";").map((s) => s.trim());
    const out: Record<string, string> = {};
    for (const p of params) {
      const eq = p.indexOf("=");
      if (eq > 0) out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
    }
    return { type: (type ?? "").toLowerCase(), params: out };
  });
}

/** What representation the client asked for (negotiation.NegotiateOutputMediaType, reduced). */
export type Representation = "Object" | "Table" | "PartialObjectMetadata";

/**
 * The first acceptable media type wins: a `meta.k8s.io` Table or PartialObjectMetadata(List),
 * or plain JSON (also for `*\/*` and for protobuf, which this server does not speak).
 */
export function requestedRepresentation(headers: Headers): Representation {
  for (const m of acceptedMediaTypes(headers)) {
    const as = m.params["as"];
    if (as === undefined) return "Object";
    if (m.params["g"] !== "meta.k8s.io" || (m.params["v"] !== "v1" && m.params["v"] !== "v1beta1")) continue;
    if (as === "Table") return "Table";
    if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return "PartialObjectMetadata";
  }
  return "Object";
}
