// A tiny HTTPS client for the front's tests: one request, optionally with a client certificate,
// the whole answer as text. Watches are read with `openStream`, line by line.
import https from "node:https";
import type { IncomingMessage } from "node:http";

export interface ClientTls {
  caPem: string;
  /** A client certificate to log in with. */
  cert?: { certPem: string; keyPem: string };
}

export interface SimpleResponse {
  status: number;
  headers: IncomingMessage["headers"];
  text: string;
  json<T = unknown>(): T;
}

export interface RequestInput {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

function options(url: string, tls: ClientTls, input: RequestInput): https.RequestOptions {
  const { hostname, port } = new URL(url);
  return {
    hostname, port, method: input.method ?? "GET", path: input.path, headers: input.headers ?? {},
    ca: tls.caPem, cert: tls.cert?.certPem, key: tls.cert?.keyPem, agent: false,
  };
}

export function request(url: string, tls: ClientTls, input: RequestInput): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(options(url, tls, input), (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(input.body);
  });
}

export interface OpenStream {
  status: number;
  headers: IncomingMessage["headers"];
  /** Resolves with the next complete line (without "\n"), or undefined when the response ended. */
  nextLine(): Promise<string | undefined>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  /** Drops the connection, as a client that goes away. */
  disconnect(): void;
}

export function openStream(url: string, tls: ClientTls, input: RequestInput): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = https.request(options(url, tls, input), (res) => {
      let buffered = "";
      let done = false;
      const lines: string[] = [];
      const waiting: Array<(line: string | undefined) => void> = [];
      const flush = () => {
        while (waiting.length > 0 && (lines.length > 0 || done)) waiting.shift()!(lines.shift());
      };
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffered += chunk;
        let i: number;
        while ((i = buffered.indexOf("\n")) >= 0) {
          lines.push(buffered.slice(0, i));
          buffered = buffered.slice(i + 1);
        }
        flush();
      });
      const ended = new Promise<void>((resolveEnd) => {
        const finish = () => {
          done = true;
          flush();
          resolveEnd();
        };
        res.on("end", finish);
        res.on("close", finish);
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        ended,
        nextLine: () => new Promise((r) => { waiting.push(r); flush(); }),
        disconnect: () => req.destroy(),
      });
    });
    req.on("error", (err) => { if (!req.destroyed) reject(err); });
    req.end(input.body);
  });
}
