// control-plane/etcd: chapter 3's module.
//
//   raft    Raft as a pure state machine (RawNode, Ready, MemoryStorage, ...)       ./raft
//   mvcc    etcd's revisioned key-value store (MvccStore, watch, leases, quota)     ./mvcc
//   server  Raft and the store on the simulation: RaftCluster for Raft alone, and   ./server
//           EtcdCluster / EtcdClient for etcd itself, with snapshots, metrics, alerts
//
// Everything is re-exported flat; the names do not clash.
export * from "./raft";
export * from "./mvcc";
export * from "./server";
