// The API server, assembled: the phases of src/apiserver wired into one `handle(request)` that
// speaks the Kubernetes REST API, in process (the HTTPS front in ../http puts it on a socket).
//
//   const server = new ApiServer({ clock, rng: new Rng(42) });
//   await server.start();                      // caches listed, namespaces and RBAC bootstrapped
//   const res = await server.handle({ method: "GET", path: "/api/v1/namespaces/default/pods",
//     peerCertificate: adminCertificate });   // → 200 {"kind":"PodList",...}
//
// What `start` does, as kube-apiserver's post-start hooks do: fill the server's informer caches,
// then create what every cluster has (namespaces default, kube-system, kube-public,
// kube-node-lease; the bootstrap ClusterRoles and ClusterRoleBindings; the system
// PriorityClasses; a default ServiceAccount per namespace). Existing objects are left alone, so a
// restart over the same storage is quiet.
//
// Defaults, as kubeadm configures kube-apiserver: x509 client certificates, anonymous requests
// on (they reach authorization as system:anonymous), --authorization-mode=Node,RBAC, the default
// admission plugins this course implements, no audit, the in-memory MVCC store behind a watch
// cache.
//
// What it does not guarantee: requests are not timed out, and concurrency is limited by the
// two max-in-flight counters only, with no fairness between clients (no APF); nothing is
// persisted beyond the Storage given.

import type { RandomSource } from "../../api/names";
import { MvccStore } from "../../etcd/mvcc/mvcc-store";
import type { Clock } from "../../sim/clock";
import { AdmissionChain } from "../admission/chain";
import { newDefaultAdmissionChain } from "../admission/default-plugins";
import type { PodSecurityOptions } from "../admission/pod-security/admission";
import type { WebhookConfiguration, WebhookTransport } from "../admission/webhook/types";
import type { AuditBackend } from "../audit/backend";
import type { Policy } from "../audit/policy";
import { alwaysAllowAuthorizer, alwaysDenyAuthorizer, buildAuthorizer, type Authorizer } from "../authz/authorizer";
import { rbacAuthorizer } from "../authz/rbac";
import { buildHandlerChain, type ApiServerHandler } from "../pipeline/handler";
import { statusResponse, type ApiRequest, type ApiResponse } from "../pipeline/request";
import { newServiceUnavailable } from "../../api/status";
import { EncryptingKV, EncryptionConfig, type EncryptionConfiguration } from "../registry/encryption";
import { CachedStorage } from "../storage/cached-storage";
import { EtcdStore } from "../storage/etcd-store";
import type { Storage } from "../storage/interfaces";
import { MvccKV } from "../storage/mvcc-kv";
import type { AdmissionAttributes, KubeObject } from "../types";
import { validateObject } from "../validation";
import { buildAuthenticator, type AuthenticationOptions } from "./authentication";
import { bootstrap } from "./bootstrap";
import { ClusterState } from "./cluster-state";
import { DEFAULT_VERSION, type VersionInfo } from "./discovery";
import { namespaceLifecyclePlugin } from "./namespace-lifecycle";
import { nodeModeAuthorizer } from "./node-authorizer";
import { nonResourceHandler } from "./non-resource";
import { RestContext } from "./rest-context";
import { RestStorage } from "./rest-storage";
import { lookupResource } from "./resources";
import { applyDefaults } from "./strategy";
import { withStrategyValidation } from "./strategy-validation";
import { requestDecoder, schemaValidator } from "./validator";
import type { ValidateObject } from "./validation-hook";

/** --authorization-mode values this server knows, or authorizers of your own. */
export type AuthorizationMode = "Node" | "RBAC" | "AlwaysAllow" | "AlwaysDeny" | Authorizer;

export interface ApiServerOptions {
  clock: Clock;
  /** Names, uids, audit IDs, watch timeouts, encryption nonces: everything random. */
  rng: RandomSource;
  /** Default: the in-memory MVCC store (EtcdStore over MvccKV), behind the watch cache (CachedStorage). */
  storage?: Storage;
  /** Default: x509 (trust bundle "client-ca") and anonymous. */
  authentication?: AuthenticationOptions;
  /** --authorization-mode, in order. Default ["Node", "RBAC"], as kubeadm. */
  authorizationModes?: readonly AuthorizationMode[];
  /** Replaces the default admission chain (NamespaceLifecycle + newDefaultAdmissionChain). */
  admission?: AdmissionChain;
  /** Pod Security Admission's defaults and exemptions (AdmissionConfiguration). */
  podSecurity?: Omit<PodSecurityOptions, "getNamespace">;
  /**
   * MutatingWebhookConfigurations, called by MutatingAdmissionWebhook (the last mutating plugin).
   * Default: the ones stored through the API (`kubectl apply -f` a MutatingWebhookConfiguration),
   * read from the server's cache on every request, as upstream. When given, these replace the
   * stored ones (tests and notebooks use this). Ignored when `admission` is given.
   */
  mutatingWebhooks?: readonly WebhookConfiguration[];
  /**
   * ValidatingWebhookConfigurations, called by ValidatingAdmissionWebhook (before ResourceQuota).
   * Default: the stored ones; when given, these replace them.
   */
  validatingWebhooks?: readonly WebhookConfiguration[];
  /**
   * How webhooks are reached (inProcessTransport, or httpsWebhookTransport from
   * ../http/webhook-transport.node.ts, which `npm run cluster` uses). Default: none, so a call
   * fails and the webhook's failurePolicy decides: Fail (the default) refuses the request with
   * 500 `failed calling webhook`, Ignore lets it through.
   */
  webhookTransport?: WebhookTransport;
  /** --audit-policy-file. Default: nothing is audited. */
  auditPolicy?: Policy;
  auditBackend?: AuditBackend;
  /** --encryption-provider-config; applies to the default in-memory storage only. */
  encryption?: EncryptionConfiguration;
  /** Schema validation. Default: src/apiserver/validation's validateObject. */
  validateObject?: ValidateObject;
  /** What /version reports. */
  version?: Partial<VersionInfo>;
  /** What /api reports as the server's address. Default "127.0.0.1:6443". */
  serverAddress?: string;
  /** Create the bootstrap namespaces and RBAC policy on start. Default true. */
  bootstrap?: boolean;
  /** --max-requests-inflight: concurrent reads before 429. Default 400; 0 means no limit. */
  maxRequestsInFlight?: number;
  /** --max-mutating-requests-inflight: concurrent writes before 429. Default 200; 0 means no limit. */
  maxMutatingRequestsInFlight?: number;
}

/**
 * The decoder's defaults for the object of an admission request, as the mutating webhook
 * dispatcher re-applies them after each patch. Only when the object is the resource's own kind
 * (not a Scale or an Eviction).
 */
function redefault(object: KubeObject, a: AdmissionAttributes): void {
  const info = lookupResource(a.resource.group, a.resource.version, a.resource.resource);
  if (info !== undefined && info.kind === a.kind.kind) applyDefaults(info, object);
}

export class ApiServer {
  readonly storage: Storage;
  readonly state: ClusterState;
  readonly authorizer: Authorizer;
  readonly admission: AdmissionChain;
  private readonly chain: ApiServerHandler;
  private readonly ownStorage: CachedStorage | undefined;
  private started: Promise<void> | undefined;

  constructor(readonly options: ApiServerOptions) {
    const { clock, rng } = options;
    if (options.storage === undefined) {
      const kv = new MvccKV(new MvccStore());
      const backend = options.encryption === undefined ? kv : new EncryptingKV(kv, new EncryptionConfig(options.encryption, rng));
      this.ownStorage = new CachedStorage(new EtcdStore(backend), { clock });
      this.storage = this.ownStorage;
    } else {
      this.storage = options.storage;
    }
    this.state = new ClusterState(this.storage);
    this.authorizer = buildAuthorizer((options.authorizationModes ?? ["Node", "RBAC"]).map((m) => this.authorizerFor(m)));
    this.admission = options.admission ?? new AdmissionChain([
      namespaceLifecyclePlugin(this.state),
      ...newDefaultAdmissionChain({
        getNamespace: (n) => this.state.getNamespace(n),
        getServiceAccount: (ns, n) => this.state.getServiceAccount(ns, n),
        listLimitRanges: (ns) => this.state.listLimitRanges(ns),
        listStorageClasses: () => this.state.listStorageClasses(),
        listPriorityClasses: () => this.state.listPriorityClasses(),
        quotaStore: this.state.quotaStore,
        rng,
        ...(options.podSecurity === undefined ? {} : { podSecurity: options.podSecurity }),
        // Given configurations win (tests, notebooks); otherwise the stored ones, as upstream's
        // dynamic admission reads them from its informers.
        mutatingWebhooks: options.mutatingWebhooks === undefined ? () => this.state.listMutatingWebhookConfigurations() : () => options.mutatingWebhooks ?? [],
        validatingWebhooks: options.validatingWebhooks === undefined ? () => this.state.listValidatingWebhookConfigurations() : () => options.validatingWebhooks ?? [],
        ...(options.webhookTransport === undefined ? {} : { webhookTransport: options.webhookTransport }),
        defaultObject: redefault,
      }).plugins,
    ]);
    const validate = withStrategyValidation(options.validateObject ?? validateObject);
    const ctx = new RestContext({ storage: this.storage, clock, rng, admission: this.admission, validate, authorizer: this.authorizer, state: this.state });
    const rest = new RestStorage(ctx);
    const version = { ...DEFAULT_VERSION, ...options.version };
    this.chain = buildHandlerChain({
      clock, rng,
      authenticator: buildAuthenticator(options.authentication ?? {}, clock, this.state),
      authorizer: this.authorizer,
      admission: this.admission,
      validate: schemaValidator(validate),
      decode: requestDecoder(validate),
      storage: rest.handler,
      get: (info) => rest.oldObject({ info }),
      createsOnUpdate: (info) => info.subresource === "" && lookupResource(info.apiGroup, info.apiVersion, info.resource)?.allowCreateOnUpdate === true,
      nonResource: nonResourceHandler(version, options.serverAddress ?? "127.0.0.1:6443"),
      ...(options.auditPolicy === undefined ? {} : { auditPolicy: options.auditPolicy }),
      ...(options.auditBackend === undefined ? {} : { auditBackend: options.auditBackend }),
      ...(options.maxRequestsInFlight === undefined ? {} : { maxRequestsInFlight: options.maxRequestsInFlight }),
      ...(options.maxMutatingRequestsInFlight === undefined ? {} : { maxMutatingRequestsInFlight: options.maxMutatingRequestsInFlight }),
    });
  }

  /** Fills the caches and bootstraps the cluster; idempotent, and awaited by every `handle`. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.state.start();
      if (this.options.bootstrap ?? true) await bootstrap(this.storage, this.options.clock, this.options.rng);
    })();
    return this.started;
  }

  //> apiserver-handle
  /** One request through the whole pipeline. Never throws: every failure is a response. */
  async handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      await this.start();
    } catch (err) {
      // The caches could not be filled or the bootstrap failed (storage down): not ready.
      return statusResponse(newServiceUnavailable(`the API server is not ready: ${err instanceof Error ? err.message : String(err)}`));
    }
    return this.chain.handle(request);
  }
  //< apiserver-handle

  /** The pipeline's metrics (/metrics). */
  get metrics(): ApiServerHandler["metrics"] {
    return this.chain.metrics;
  }

  /** Stops the caches' watches and, for the default storage, the watch cache's timers. */
  stop(): void {
    this.state.stop();
    this.ownStorage?.stop();
  }

  private authorizerFor(mode: AuthorizationMode): Authorizer {
    switch (mode) {
      case "Node": return nodeModeAuthorizer(this.state.nodeGraph);
      case "RBAC": return rbacAuthorizer(this.state.rbacLister);
      case "AlwaysAllow": return alwaysAllowAuthorizer();
      case "AlwaysDeny": return alwaysDenyAuthorizer();
      default: return mode;
    }
  }
}
