/// <reference types="node" />
// The API server's real network edge: an HTTPS server that turns each HTTP request into an
// `ApiRequest`, hands it to the in-process pipeline, and writes the `ApiResponse` back.
//
//   TLS handshake ─▶ client certificate? ─▶ peerCertificate (CN = user, O = groups)
//   URL ─▶ path, query (repeated keys as arrays)     headers ─▶ lower-cased
//   body ─▶ 3 MiB limit (413) ─▶ decode by Content-Type (415, 400) ─▶ handler.handle(request)
//   response ─▶ status, headers (Warning, Content-Type), JSON or text body
//             ─▶ or a watch: chunked, one JSON event per line, flushed as it comes
//
// The TLS server asks every client for a certificate but lets it in without one
// (requestCert: true, rejectUnauthorized: false), as kube-apiserver does: anonymous requests
// and bearer tokens must reach authentication, which decides. Upstream: the secure serving
// setup in k8s.io/apiserver/pkg/server/secure_serving.go (tls.RequestClientCert) and the
// handlers in k8s.io/apiserver/pkg/endpoints/handlers (rest.go limitedReadBody, watch.go).
//
// Node-only edge code, like RealClock: it reads the wall clock (for the access log) and sets a
// real timer (close()'s grace period); the simulated control plane behind it never does.
//
// What this does not do: HTTP/2 (node:https speaks HTTP/1.1, so each watch holds its own
// connection), protobuf, compression or request timeouts (the max-in-flight limits are in the
// pipeline, pipeline/max-inflight.ts).

import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { newInternalError, newRequestEntityTooLarge, type StatusError } from "../../api/status";
import type { Headers } from "../authn/types";
import type { ApiRequest, ApiResponse } from "../pipeline/request";
import { MAX_REQUEST_BODY_BYTES } from "../registry/store";
import { decodeBody } from "./body-decoding";
import { peerCertificateOf, type ClientCA } from "./peer-certificate.node";

/** Anything that answers API requests: the ApiServer, or a fake in tests. */
export interface ApiHandler {
  handle(request: ApiRequest): Promise<ApiResponse>;
}

export interface HttpsFrontOptions {
  handler: ApiHandler;
  /** The serving certificate and key (PEM). */
  serving: { certPem: string; keyPem: string };
  /** Trust bundles for client certificates. Usually [{ name: "client-ca", certPem: ca.crt }]. */
  clientCAs: readonly ClientCA[];
  /** Default 127.0.0.1: the course's cluster is for this machine only. */
  host?: string;
  /** Default 6443, kube-apiserver's --secure-port. 0 picks a free port. */
  port?: number;
  /** Default MAX_REQUEST_BODY_BYTES (3 MiB), upstream's maxRequestBodyBytes. */
  maxBodyBytes?: number;
  /** Called after each response is written (a watch: when it ends), for an access log. */
  onRequest?: (entry: { method: string; url: string; status: number; ms: number }) => void;
}

export interface RunningFront {
  /** "https://127.0.0.1:6443". */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends every watch, and resolves once every connection is closed. */
  close(): Promise<void>;
}

/** How long close() lets in-flight (non-watch) requests finish before cutting their connections. */
const CLOSE_GRACE_MS = 2_000;

//> https-front
export async function startHttpsFront(options: HttpsFrontOptions): Promise<RunningFront> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const openStreams = new Set<() => void>(); // each ends one watch response
  const server = https.createServer({
    cert: options.serving.certPem,
    key: options.serving.keyPem,
    ca: options.clientCAs.map((ca) => ca.certPem),
    requestCert: true,
    rejectUnauthorized: false,
  });

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const log = (status: number) => options.onRequest?.({ method: req.method ?? "", url: req.url ?? "", status, ms: Date.now() - started });
    serve(req, res, options, maxBodyBytes, openStreams)
      .then((status) => log(status))
      .catch((err: unknown) => {
        // A bug in the front or the handler: answer 500 if nothing was sent yet.
        if (!res.headersSent) writeResponse(res, statusResponse(newInternalError(err instanceof Error ? err : String(err))));
        else res.destroy();
        log(500);
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 6443, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;

  return {
    url: `https://${address.includes(":") ? `[${address}]` : address}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve()); // resolves when the last connection is gone
        for (const end of [...openStreams]) end();
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}
//< https-front

/** Serves one request; resolves with the status written, when the response (or watch) ends. */
async function serve(
  req: IncomingMessage, res: ServerResponse, options: HttpsFrontOptions, maxBodyBytes: number, openStreams: Set<() => void>,
): Promise<number> {
  const body = await readBody(req, maxBodyBytes);
  if (body === "too-large") {
    // Upstream reads limit+1 bytes and answers 413; the rest of the body is not wanted, so
    // the connection closes after the answer instead of draining it.
    res.setHeader("Connection", "close");
    return writeResponse(res, statusResponse(newRequestEntityTooLarge(`limit is ${maxBodyBytes}`)));
  }
  const method = req.method ?? "GET";
  const headers = headersOf(req);
  const contentType = typeof headers["content-type"] === "string" ? headers["content-type"] : undefined;
  const decoded = decodeBody(method, contentType, body);
  if (!decoded.ok) return writeResponse(res, statusResponse(decoded.error));

  const url = new URL(req.url ?? "/", "https://apiserver");
  const request: ApiRequest = { method, path: url.pathname, query: queryOf(url), headers };
  if (decoded.body !== undefined) request.body = decoded.body;
  const peer = peerCertificateOf(req.socket as TLSSocket, options.clientCAs);
  if (peer !== undefined) request.peerCertificate = peer;
  if (req.socket.remoteAddress !== undefined) request.remoteAddr = req.socket.remoteAddress;

  const response = await options.handler.handle(request);
  if (response.stream === undefined) return writeResponse(res, response);
  return writeWatch(res, response, openStreams);
}

//> watch-over-http
/**
 * A watch response: headers first, then one `{"type":...,"object":...}` line per event, each
 * written (and so flushed to the socket) as it arrives, as upstream's WatchServer.ServeHTTP
 * does with http.Flusher. Ends when the stream ends, the client goes, or the server closes.
 */
function writeWatch(res: ServerResponse, response: ApiResponse, openStreams: Set<() => void>): Promise<number> {
  return new Promise((resolve) => {
    res.writeHead(response.status, { "Content-Type": "application/json", ...response.headers, "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    (res.socket as Socket | null)?.setNoDelay(true);
    let stop: (() => void) | undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      openStreams.delete(end);
      stop?.();
      if (!res.writableEnded) res.end();
      resolve(response.status);
    };
    openStreams.add(end);
    res.on("close", end); // the client went away (or we ended): stop watching
    stop = response.stream!.subscribe(
      (event) => {
        if (!ended) res.write(encodedLine(event));
      },
      end,
    );
    if (ended) stop(); // the stream ended during subscribe, before `stop` was known
  });
}
//< watch-over-http

/** An event's JSON line, encoded once however many watchers it goes to (the server shares event objects). */
const encodedLines = new WeakMap<object, string>();
function encodedLine(event: object): string {
  let line = encodedLines.get(event);
  if (line === undefined) encodedLines.set(event, (line = JSON.stringify(event) + "\n"));
  return line;
}

function writeResponse(res: ServerResponse, response: ApiResponse): number {
  const isText = typeof response.body === "string";
  const payload = response.body === undefined ? "" : isText ? (response.body as string) : JSON.stringify(response.body);
  res.writeHead(response.status, {
    "Content-Type": isText ? "text/plain; charset=utf-8" : "application/json",
    ...response.headers,
    "Content-Length": Buffer.byteLength(payload),
  });
  res.end(payload);
  return response.status;
}

function statusResponse(err: StatusError): ApiResponse {
  return { status: err.code, headers: { "Content-Type": "application/json" }, body: err.status };
}

/** The body's bytes, or "too-large" once it passes `limit` bytes (rest.go limitedReadBody). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve("too-large");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve("too-large"); // later chunks are read and dropped
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Lower-cased names (Node's doing); a repeated header keeps every value. */
function headersOf(req: IncomingMessage): Headers {
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values === undefined) continue;
    out[name] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** `?watch=true&labelSelector=a&labelSelector=b` -> { watch: "true", labelSelector: ["a", "b"] }. */
function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}
