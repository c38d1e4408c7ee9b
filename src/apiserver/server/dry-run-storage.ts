// `?dryRun=All`: the request goes through every phase (admission, validation, the registry's
// checks) and answers what it would have stored, but nothing is written.
//
// Upstream: k8s.io/apiserver/pkg/registry/generic/registry/dryrun.go (DryRunnableStorage), the
// same trick: the registry runs unchanged over a storage whose writes only check and answer.
//   create            409 if the key exists; else the object as given (no resourceVersion)
//   guaranteedUpdate  the update function on the stored object; the result, not written
//   delete            preconditions checked; the stored object

import { keyExists } from "../storage/errors";
import type {
  DeleteOptions, GetOptions, GuaranteedUpdateOptions, ListOptions, ListResult, Storage, UpdateFunc, Watch, WatchOptions,
} from "../storage/interfaces";
import { preconditionFailed } from "../storage/errors";
import type { KubeObject } from "../types";

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class DryRunStorage implements Storage {
  constructor(private readonly inner: Storage) {}

  async create(key: string, obj: KubeObject): Promise<KubeObject> {
    if ((await this.inner.get(key, { ignoreNotFound: true })) !== undefined) throw keyExists(key);
    return copy(obj);
  }

  get(key: string, options?: GetOptions): Promise<KubeObject | undefined> {
    return this.inner.get(key, options);
  }

  getList(key: string, options?: ListOptions): Promise<ListResult> {
    return this.inner.getList(key, options);
  }

  async guaranteedUpdate(key: string, tryUpdate: UpdateFunc, options: GuaranteedUpdateOptions = {}): Promise<KubeObject> {
    const current = await this.inner.get(key, { ignoreNotFound: options.ignoreNotFound ?? false });
    if (current !== undefined) checkPreconditions(key, options, current);
    const out = await tryUpdate(copy(current ?? {}));
    return { ...out, metadata: { ...(out.metadata ?? {}), resourceVersion: current?.metadata?.resourceVersion ?? "" } };
  }

  async delete(key: string, options: DeleteOptions = {}): Promise<KubeObject> {
    const current = (await this.inner.get(key))!;
    checkPreconditions(key, options, current);
    await options.validateDeletion?.(copy(current));
    return current;
  }

  watch(key: string, options?: WatchOptions): Promise<Watch> {
    return this.inner.watch(key, options);
  }
}

function checkPreconditions(key: string, options: { preconditions?: { uid?: string; resourceVersion?: string } }, obj: KubeObject): void {
  const p = options.preconditions;
  if (p === undefined) return;
  const uid = obj.metadata?.uid ?? "";
  const rv = obj.metadata?.resourceVersion ?? "";
  if (p.uid !== undefined && p.uid !== uid) {
    throw preconditionFailed(key, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${uid}`);
  }
  if (p.resourceVersion !== undefined && p.resourceVersion !== rv) {
    throw preconditionFailed(key, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${rv}`);
  }
}
