import { describe, expect, it } from "vitest";
import { CompactedError } from "./errors";
import { MvccStore } from "./mvcc-store";
import { getPrefix } from "./range-end";
import type { Event, WatchResponse } from "./watchable-store";

const summary = (events: Event[]) => events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}${e.type === "PUT" ? `=${e.kv.value}` : ""}`);

describe("watch", () => {
  it("without a start revision reports only changes committed after it was created", () => {
    const s = new MvccStore();
    s.put("a", "before");
    const w = s.watch({ key: "a" });
    s.put("a", "after");
    expect(summary(w.peekEvents())).toEqual(["PUT a@3=after"]);
  });

  it("replays history from its start revision, then streams live changes, all in revision order", () => {
    const s = new MvccStore();
    s.put("/p/a", "1"); // 2
    s.put("/p/b", "1"); // 3
    s.deleteRange({ key: "/p/a" }); // 4
    s.put("/q/other", "x"); // 5
    const w = s.watch({ key: "/p/", rangeEnd: getPrefix("/p/"), startRevision: 3 });
    s.put("/p/a", "2"); // 6
    const responses = w.take();
    expect(responses.map((r) => r.header.revision)).toEqual([5, 6]);
    expect(summary(responses.flatMap((r) => r.events))).toEqual(["PUT /p/b@3=1", "DELETE /p/a@4", "PUT /p/a@6=2"]);
  });

  it("a DELETE event carries the key and the deletion's revision, nothing else", () => {
    const s = new MvccStore();
    s.put("k", "v");
    const w = s.watch({ key: "k" });
    s.deleteRange({ key: "k" });
    expect(w.peekEvents()[0]).toEqual({ type: "DELETE", kv: { key: "k", createRevision: 0, modRevision: 3, version: 0, value: "", lease: 0 } });
  });

  it("with prevKv reports the value before each change, except for a creation", () => {
    const s = new MvccStore();
    const w = s.watch({ key: "k", prevKv: true });
    s.put("k", "v1");
    s.put("k", "v2");
    s.deleteRange({ key: "k" });
    const events = w.peekEvents();
    expect(events[0]?.prevKv).toBeUndefined();
    expect(events[1]?.prevKv).toMatchObject({ value: "v1", modRevision: 2 });
    expect(events[2]?.prevKv).toMatchObject({ value: "v2", modRevision: 3 });
  });

  it("delivers all events of one txn in one response, in sub-revision order", () => {
    const s = new MvccStore();
    const w = s.watch({ key: "\0", rangeEnd: "\0" });
    s.txn({ success: [{ requestPut: { key: "b", value: "1" } }, { requestPut: { key: "a", value: "1" } }] });
    const [resp] = w.take();
    expect(resp?.header.revision).toBe(2);
    expect(summary(resp!.events)).toEqual(["PUT b@2=1", "PUT a@2=1"]);
  });

  it("filters drop puts or deletes, and a response left empty is not sent", () => {
    const s = new MvccStore();
    const w = s.watch({ key: "k", filters: ["NOPUT"] });
    s.put("k", "v");
    s.deleteRange({ key: "k" });
    expect(w.take().map((r) => summary(r.events))).toEqual([["DELETE k@3"]]);
  });

  it("a watch starting at a future revision waits for it", () => {
    const s = new MvccStore();
    const w = s.watch({ key: "k", startRevision: 4 });
    s.put("k", "2"); // 2
    s.put("k", "3"); // 3
    s.put("k", "4"); // 4
    expect(summary(w.peekEvents())).toEqual(["PUT k@4=4"]);
  });

  it("calls onResponse with the same responses take() returns", () => {
    const s = new MvccStore();
    const seen: WatchResponse[] = [];
    const w = s.watch({ key: "k", onResponse: (r) => seen.push(r) });
    s.put("k", "1");
    expect(w.take()).toEqual(seen);
  });

  it("keeps revision order for every watcher even when a callback writes to the store", () => {
    const s = new MvccStore();
    s.watch({
      key: "trigger",
      onResponse: () => {
        s.put("echo", "x");
      },
    });
    const observer = s.watch({ key: "\0", rangeEnd: "\0" });
    s.put("trigger", "go");
    expect(observer.take().map((r) => r.header.revision)).toEqual([2, 3]);
  });

  it("stops delivering after cancel", () => {
    const s = new MvccStore();
    const w = s.watch({ key: "k" });
    s.put("k", "1");
    w.cancel();
    s.put("k", "2");
    expect(summary(w.peekEvents())).toEqual(["PUT k@2=1"]);
    expect(w.canceled).toBe(true);
  });

  it("from a compacted revision fails with the compacted error and reports the compaction revision", () => {
    const s = new MvccStore();
    for (let i = 0; i < 5; i++) s.put("k", String(i)); // revisions 2..6
    s.compact(5);
    const w = s.watch({ key: "k", startRevision: 3 });
    const [resp] = w.take();
    expect(resp).toMatchObject({ compactRevision: 5, canceled: true, events: [] });
    expect(resp?.error).toBeInstanceOf(CompactedError);
    expect(resp?.error?.message).toBe("etcdserver: mvcc: required revision has been compacted");
    expect(w.canceled).toBe(true);
  });

  it("from exactly the compaction revision still works: that revision's changes are kept", () => {
    const s = new MvccStore();
    for (let i = 0; i < 5; i++) s.put("k", String(i)); // revisions 2..6
    s.compact(5);
    const w = s.watch({ key: "k", startRevision: 5, prevKv: true });
    const events = w.peekEvents();
    expect(summary(events)).toEqual(["PUT k@5=3", "PUT k@6=4"]);
    // prev_kv is read at mod_revision - 1: gone for revision 5, present for revision 6.
    expect(events[0]?.prevKv).toBeUndefined();
    expect(events[1]?.prevKv?.value).toBe("3");
  });

  it("is notified of the deletions a lease revoke makes, all at one revision", () => {
    const s = new MvccStore();
    const id = s.leaseGrant(10, 0).id;
    s.put("l/a", "1", { lease: id });
    s.put("l/b", "1", { lease: id });
    const w = s.watch({ key: "l/", rangeEnd: getPrefix("l/") });
    s.leaseRevoke(id);
    const responses = w.take();
    expect(responses).toHaveLength(1);
    expect(summary(responses[0]!.events)).toEqual(["DELETE l/a@4", "DELETE l/b@4"]);
  });
});
