// Helpers shared by this folder's tests, in the manner of etcd-io/raft's raft_test.go
// (newTestRaft, readMessages). Not a test file itself; it imports nothing from vitest, so it
// also works from a notebook.
import { Rng } from "../../sim/rng";
import type { Config } from "./config";
import { Raft } from "./raft";
import { MemoryStorage } from "./storage";
import type { Entry, HardState, Message, MessageOf, MessageType } from "./types";

/** A Raft with plain settings (no PreVote, no CheckQuorum unless asked) and its own storage. */
export function newTestRaft(
  id: number,
  peers: number[],
  opts: Partial<Omit<Config, "id" | "storage">> = {},
  storage: MemoryStorage = new MemoryStorage(),
): Raft {
  return new Raft({
    electionTick: 10,
    heartbeatTick: 1,
    preVote: false,
    checkQuorum: false,
    rng: new Rng(`test/${id}`),
    ...opts,
    id,
    peers: storage.initialState().confState.voters.length > 0 ? [] : peers,
    storage,
  });
}

/** A storage that already holds entries with these terms (at indexes 1, 2, ...) and a HardState. */
export function storageWithTerms(terms: number[], hs?: Partial<HardState>): MemoryStorage {
  const s = new MemoryStorage();
  s.append(terms.map((term, i) => entry(i + 1, term)));
  if (hs) s.setHardState({ term: 0, vote: 0, commit: 0, ...hs });
  return s;
}

export function entry(index: number, term: number, data = ""): Entry {
  return { index, term, type: "normal", data };
}

/** Takes (and clears) the messages a Raft has queued. */
export function readMessages(r: Raft): Message[] {
  const msgs = r.msgs;
  r.msgs = [];
  return msgs;
}

export function ofType<T extends MessageType>(msgs: Message[], type: T): MessageOf<T>[] {
  return msgs.filter((m): m is MessageOf<T> => m.type === type);
}

/** Local hup message. */
export function hup(id: number): Message {
  return { type: "MsgHup", from: id, to: id, term: 0 };
}

/** The terms of a Raft's whole log, index 1 onwards (compacted entries omitted). */
export function logTerms(r: Raft): number[] {
  return r.raftLog.allEntries().map((e) => e.term);
}
