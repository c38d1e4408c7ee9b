import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest, ManifestError, validateManifest } from "./manifest";

const good = () => ({
  chapters: [{ id: "00-workbook", title: "Using this workbook" }],
  exercises: [
    {
      id: "quorum",
      chapter: "00-workbook",
      title: "Quorums",
      file: "00-workbook/quorum.ts",
      points: 10,
      concept: "majorities",
      read: ["Raft §5.2"],
      hints: ["one", "two"],
    },
  ],
});

describe("the exercises manifest", () => {
  it("loads the course's own manifest", () => {
    const manifest = loadManifest(path.resolve(__dirname, "../.."));
    expect(manifest.exercises.map((e) => e.id)).toContain("quorum");
  });

  const broken: { why: string; change: (m: ReturnType<typeof good>) => void; says: RegExp }[] = [
    { why: "an exercise in a chapter that is not listed is rejected", change: (m) => (m.exercises[0]!.chapter = "09-x"), says: /chapter "09-x" is not listed/ },
    { why: "a file outside the exercise's chapter folder is rejected", change: (m) => (m.exercises[0]!.file = "01-x/quorum.ts"), says: /"file" must be "00-workbook\/<name>.ts"/ },
    { why: "a test file given as the exercise file is rejected", change: (m) => (m.exercises[0]!.file = "00-workbook/quorum.test.ts"), says: /"file" must be/ },
    { why: "points that are not a positive number are rejected", change: (m) => (m.exercises[0]!.points = 0), says: /"points" must be a positive number/ },
    { why: "an id used twice is rejected", change: (m) => m.exercises.push({ ...m.exercises[0]! }), says: /used twice/ },
    { why: "an id that is not kebab-case is rejected", change: (m) => (m.exercises[0]!.id = "Quorum_1"), says: /kebab-case/ },
    { why: "hints that are not a list of strings are rejected", change: (m) => ((m.exercises[0] as { hints: unknown }).hints = "one"), says: /"hints" must be a list of strings/ },
  ];
  for (const { why, change, says } of broken) {
    it(why, () => {
      const manifest = good();
      change(manifest);
      expect(() => validateManifest(manifest)).toThrow(ManifestError);
      expect(() => validateManifest(manifest)).toThrow(says);
    });
  }
});
