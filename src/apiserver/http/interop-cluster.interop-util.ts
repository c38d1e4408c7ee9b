/// <reference types="node" />
// The course's API server on the wall clock, in memory, behind the HTTPS front: what the kubectl
// and client-node interop tests talk to. Test code only.
import { RealClock } from "../../sim/real-clock";
import { Rng } from "../../sim/rng";
import { ApiServer } from "../server/api-server";
import { startTestCluster, type TestCluster } from "./test-cluster.interop-util";

export async function startInteropCluster(): Promise<TestCluster> {
  const clock = new RealClock();
  const server = new ApiServer({ clock, rng: new Rng(2026) });
  await server.start();
  return startTestCluster(server, () => {
    server.stop();
    clock.stop();
  });
}
