import { MvccStore, unwrap } from "../../etcd/mvcc/mvcc-store";
import { VirtualClock } from "../../sim/virtual-clock";
import { CachedStorage } from "./cached-storage";
import { runStorageContract } from "./contract.test-util";
import { EtcdStore } from "./etcd-store";
import { MvccKV } from "./mvcc-kv";

runStorageContract("in-memory MVCC store", ({ watchCacheCapacity, bookmarkIntervalMs }) => {
  const store = new MvccStore();
  const clock = new VirtualClock();
  const direct = new EtcdStore(new MvccKV(store));
  const storage = new CachedStorage(direct, { clock, watchCacheCapacity, bookmarkIntervalMs });
  return {
    storage,
    direct,
    run: (p) => p,
    compact: async (revision) => void unwrap(store.apply({ type: "compaction", request: { revision } })),
    advance: (ms) => clock.advance(ms),
    close: () => storage.stop(),
  };
});
