// A server on virtual time for the tests, with clients for the usual identities.
import { StatusError } from "../../api/status";
import { Rng } from "../../sim/rng";
import { VirtualClock } from "../../sim/virtual-clock";
import { ApiClient } from "../client/api-client";
import type { ApiRequest } from "../pipeline/request";
import { ApiServer, type ApiServerOptions } from "./api-server";

export const T0 = Date.UTC(2026, 0, 2, 15, 4, 5);

export async function newServer(options: Partial<ApiServerOptions> & { clock?: VirtualClock } = {}) {
  const clock = options.clock ?? new VirtualClock(T0);
  const server = new ApiServer({ rng: new Rng(7), ...options, clock });
  await server.start();
  const admin = ApiClient.forUser(server, "kubernetes-admin", ["system:masters"]);
  const user = (name: string, groups: string[] = []) => ApiClient.forUser(server, name, groups);
  return { server, clock, admin, user };
}

/** A request as kubeadm's admin.conf sends it. */
export function asAdmin(req: ApiRequest): ApiRequest {
  return { ...req, peerCertificate: { subject: { commonName: "kubernetes-admin", organization: ["system:masters"] }, verifiedBy: ["client-ca"] } };
}

export const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1", kind: "Pod", metadata: { name, ...(extra["metadata"] as object | undefined) },
  spec: { containers: [{ name: "app", image: "nginx:1.27" }] }, ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "metadata")),
});

/** The StatusError a request was refused with; fails the test when it succeeded. */
export async function rejection(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error("expected a StatusError");
}
