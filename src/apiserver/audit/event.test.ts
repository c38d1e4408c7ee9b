import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/rng";
import { logBackend, MemorySink } from "./backend";
import { eventAtStage, formatMicroTime, newAuditID, responseStatusOf, type AuditEvent } from "./event";

const base: Omit<AuditEvent, "stage" | "stageTimestamp" | "requestObject" | "responseObject" | "responseStatus"> = {
  kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "id", requestURI: "/api/v1/pods", verb: "list",
  user: { username: "alice" }, requestReceivedTimestamp: "2026-01-02T15:04:05.000000Z",
};
const content = { requestObject: { a: 1 }, responseObject: { b: 2 } };

describe("audit events", () => {
  it("carry objects only at levels Request (the request) and RequestResponse (both)", () => {
    const at = (level: AuditEvent["level"]) => eventAtStage({ ...base, level }, "ResponseComplete", "t", content);
    expect(at("Metadata")).not.toHaveProperty("requestObject");
    expect(at("Metadata")).not.toHaveProperty("responseObject");
    expect(at("Request").requestObject).toEqual({ a: 1 });
    expect(at("Request")).not.toHaveProperty("responseObject");
    expect(at("RequestResponse")).toMatchObject(content);
  });

  it("write timestamps as metav1.MicroTime: six fractional digits, UTC", () => {
    expect(formatMicroTime(Date.UTC(2026, 0, 2, 15, 4, 5, 123))).toBe("2026-01-02T15:04:05.123000Z");
  });

  it("take their audit IDs from the seeded Rng, in uuid form, the same on every run", () => {
    const id = newAuditID(new Rng(7));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(newAuditID(new Rng(7))).toBe(id);
  });

  it("keep a failure's Status, without kind and apiVersion, and only the code of a success", () => {
    expect(responseStatusOf(200, { kind: "PodList" })).toEqual({ metadata: {}, code: 200 });
    expect(responseStatusOf(404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404 }))
      .toEqual({ metadata: {}, status: "Failure", reason: "NotFound", code: 404 });
  });

  it("are written by the log backend as one JSON object per line", () => {
    const sink = new MemorySink();
    const e = eventAtStage(base, "RequestReceived", "t", {});
    logBackend(sink).processEvents(e, e);
    expect(sink.lines).toEqual([`${JSON.stringify(e)}\n`, `${JSON.stringify(e)}\n`]);
    expect(sink.events()).toEqual([e, e]);
  });
});
