// What the REST handlers share: the storage and a Registry per resource (a dry-run one when the
// request says dryRun=All), the admission chain and validation (a PATCH runs them inside the
// registry), the authorizer (RBAC escalation checks), the server's caches, time and randomness.

import type { RandomSource } from "../../api/names";
import type { Clock } from "../../sim/clock";
import type { AdmissionChain } from "../admission/chain";
import type { Authorizer } from "../authz/authorizer";
import { DEFAULT_POD_GRACE_PERIOD_SECONDS, Registry } from "../registry/store";
import type { Storage } from "../storage/interfaces";
import type { ClusterState } from "./cluster-state";
import { DryRunStorage } from "./dry-run-storage";
import { apiVersionOf, type ResourceInfo } from "./resources";
import type { ValidateObject } from "./validation-hook";

export interface RestContextOptions {
  storage: Storage;
  clock: Clock;
  rng: RandomSource;
  admission: AdmissionChain;
  validate: ValidateObject;
  authorizer: Authorizer;
  state: ClusterState;
}

export class RestContext {
  private readonly registries = new Map<string, Registry>();
  private readonly dryRunStorage: Storage;

  constructor(readonly o: RestContextOptions) {
    this.dryRunStorage = new DryRunStorage(o.storage);
  }

  get storage(): Storage {
    return this.o.storage;
  }

  /** The registry of a resource; with `dryRun`, one whose storage writes nothing. */
  registry(info: ResourceInfo, dryRun = false): Registry {
    const key = `${dryRun ? "dry:" : ""}${info.group}/${info.resource}`;
    let reg = this.registries.get(key);
    if (reg === undefined) {
      reg = new Registry({
        storage: dryRun ? this.dryRunStorage : this.o.storage,
        resource: info.resource, kind: info.kind, group: info.group, apiVersion: apiVersionOf(info),
        namespaced: info.namespaced, clock: this.o.clock, rng: this.o.rng,
        ...(info.resource === "pods" ? { defaultGracePeriodSeconds: DEFAULT_POD_GRACE_PERIOD_SECONDS } : {}),
      });
      this.registries.set(key, reg);
    }
    return reg;
  }
}
