// Config validation: invalid settings are refused with etcd-io/raft's messages.
import { describe, expect, it } from "vitest";
import { validateConfig } from "./config";
import { ConfigError } from "./errors";
import { MemoryStorage } from "./storage";

const base = { id: 1, storage: new MemoryStorage() };

describe("Config", () => {
  it("defaults to etcd server's settings: 10 election ticks per heartbeat tick, PreVote and CheckQuorum on", () => {
    expect(validateConfig(base)).toMatchObject({
      electionTick: 10,
      heartbeatTick: 1,
      preVote: true,
      checkQuorum: true,
      maxInflightMsgs: 512,
      maxSizePerMsg: 1024 * 1024,
      readOnlyOption: "ReadOnlySafe",
    });
  });

  it.each([
    ["an id of 0", { id: 0 }, "cannot use none as id"],
    ["a heartbeat tick of 0", { heartbeatTick: 0 }, "heartbeat tick must be greater than 0"],
    ["an election tick not above the heartbeat tick", { electionTick: 2, heartbeatTick: 2 }, "election tick must be greater than heartbeat tick (electionTick 2, heartbeatTick 2)"],
    ["no storage", { storage: undefined }, "storage cannot be nil"],
    ["zero in-flight messages", { maxInflightMsgs: 0 }, "max inflight messages must be greater than 0"],
    ["lease-based reads without CheckQuorum", { readOnlyOption: "ReadOnlyLeaseBased", checkQuorum: false }, "CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased"],
  ])("refuses %s, naming the broken rule", (_name, override, message) => {
    const attempt = () => validateConfig({ ...base, ...override } as Parameters<typeof validateConfig>[0]);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });
});
