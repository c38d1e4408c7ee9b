import { describe, expect, it } from "vitest";
import { StatusError } from "../../api/status";
import { WatchCache } from "./watch-cache";

const obj = (name: string, rv: number) => ({ metadata: { name, namespace: "default", resourceVersion: String(rv) } });

describe("watch cache window", () => {
  it("serves the events after a resourceVersion while the window still reaches back to it", () => {
    const c = new WatchCache(3);
    c.replace([], 10);
    c.add("ADDED", "/registry/pods/default/a", obj("a", 11), 11);
    c.add("MODIFIED", "/registry/pods/default/a", obj("a", 12), 12);
    const since = c.eventsSince(10);
    expect(Array.isArray(since) && since.map((e) => [e.type, e.resourceVersion])).toEqual([["ADDED", 11], ["MODIFIED", 12]]);
    const fromTwelve = c.eventsSince(12);
    expect(Array.isArray(fromTwelve) && fromTwelve).toEqual([]);
  });

  it("remembers each event's previous object, so watchers can see filter transitions", () => {
    const c = new WatchCache(3);
    c.replace([["/registry/pods/default/a", obj("a", 5)]], 5);
    const e = c.add("DELETED", "/registry/pods/default/a", obj("a", 6), 6);
    expect(e.prevObject).toEqual(obj("a", 5));
    expect(c.store.size).toBe(0);
  });

  it("answers 410 too old resource version once the events after it have been evicted", () => {
    const c = new WatchCache(3);
    c.replace([], 10);
    for (let rv = 11; rv <= 15; rv++) c.add("ADDED", `/registry/pods/default/p${rv}`, obj(`p${rv}`, rv), rv);
    expect(c.size).toBe(3);
    const err = c.eventsSince(11);
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).status).toMatchObject({ code: 410, reason: "Expired", message: "too old resource version: 11 (12)" });
    const ok = c.eventsSince(12);
    expect(Array.isArray(ok) && ok.map((e) => e.resourceVersion)).toEqual([13, 14, 15]);
  });

  it("before any eviction, a watch may start exactly at the initial list's revision but not before", () => {
    const c = new WatchCache(3);
    c.replace([], 10);
    expect(Array.isArray(c.eventsSince(10))).toBe(true);
    expect((c.eventsSince(9) as StatusError).message).toBe("too old resource version: 9 (10)");
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new WatchCache(0)).toThrow("watch cache capacity must be a positive integer, got 0");
  });
});
