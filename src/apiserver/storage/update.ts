// Update with the client's resourceVersion: what `kubectl replace` and a controller's Update do,
// and where the famous 409 comes from.
//
// The client read the object at resourceVersion R, changed it, and sends it back with R. The
// registry's update (k8s.io/apiserver/pkg/registry/generic/registry/store.go, Update) runs
// guaranteedUpdate with a tryUpdate that refuses when the stored object is no longer at R:
//
//   Operation cannot be fulfilled on pods "web": the object has been modified; please apply your
//   changes to the latest version and try again
//
// The client then reads again, reapplies its change, and retries (client-go's
// retry.RetryOnConflict). An object sent without a resourceVersion overwrites unconditionally.
import type { KubeObject } from "../types";
import { optimisticLockError } from "./errors";
import type { Storage } from "./interfaces";

//> storage-update
export function update(storage: Storage, key: string, obj: KubeObject): Promise<KubeObject> {
  const expected = obj.metadata?.resourceVersion ?? "";
  return storage.guaranteedUpdate(key, (current) => {
    if (expected !== "" && expected !== current.metadata?.resourceVersion) throw optimisticLockError(key);
    return obj;
  });
}
//< storage-update
