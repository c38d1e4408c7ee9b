import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileState, generateStubs, testFilesFor, writeStubTree } from "./grade-core";
import type { Exercise } from "./manifest";
import { exerciseResolver } from "./run-tests";

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grade-core-test-"));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const exercise: Exercise = {
  id: "echo",
  chapter: "00-x",
  title: "Echo",
  file: "00-x/echo.ts",
  points: 5,
  concept: "c",
  read: [],
  hints: [],
};

const solution = [
  "export function echo(s: string): string {",
  "  // SOLUTION BEGIN",
  "  // TODO(echo): give s back.",
  '  // STUB: return "";',
  "  return s;",
  "  // SOLUTION END",
  "}",
  "",
].join("\n");

describe("not started detection", () => {
  it("calls a file not started only while it equals its stub byte for byte", () => {
    const root = tempDir();
    write(path.join(root, "solutions", exercise.file), solution);
    const stub = generateStubs(root, [exercise]).get("echo");
    if (!stub?.ok) throw new Error("stub generation failed");
    const file = write(path.join(root, "exercises", exercise.file), stub.text);
    expect(fileState(file, stub.text)).toBe("not started");
    fs.appendFileSync(file, " ");
    expect(fileState(file, stub.text)).toBe("started");
    fs.writeFileSync(file, stub.text);
    expect(fileState(file, stub.text)).toBe("not started");
    fs.writeFileSync(file, stub.text.replace(/\n/g, "\r\n"));
    expect(fileState(file, stub.text)).toBe("started");
  });

  it("calls a file missing when it is not there, and started when no stub can be generated", () => {
    const root = tempDir();
    expect(fileState(path.join(root, "nope.ts"), "x")).toBe("missing");
    const file = write(path.join(root, "a.ts"), "x");
    expect(fileState(file, undefined)).toBe("started");
  });

  it("reports an exercise without a solution instead of throwing", () => {
    const root = tempDir();
    const stub = generateStubs(root, [exercise]).get("echo");
    expect(stub).toEqual({ ok: false, error: expect.stringMatching(/solutions\/00-x\/echo.ts does not exist/) });
  });

  it("writes stub trees shaped like exercises/, away from the learner's files", () => {
    const root = tempDir();
    write(path.join(root, "solutions", exercise.file), solution);
    const stubs = generateStubs(root, [exercise]);
    const dir = writeStubTree([exercise], stubs);
    temps.push(dir);
    expect(dir.startsWith(os.tmpdir())).toBe(true);
    expect(fs.readFileSync(path.join(dir, exercise.file), "utf8")).toContain('return "";');
  });
});

describe("test discovery", () => {
  it("finds an exercise's tests and its extra parts in every test folder, and nothing else", () => {
    const pub = tempDir();
    const hidden = tempDir();
    for (const f of ["echo.test.ts", "echo.part-2.test.ts", "echo.ts", "echoes.test.ts", "other.test.ts"]) {
      write(path.join(pub, "00-x", f), "");
    }
    write(path.join(hidden, "00-x", "echo.hidden.test.ts"), "");
    expect(testFilesFor(exercise, [pub, hidden]).map((f) => path.relative(path.dirname(f), f))).toEqual([
      "echo.part-2.test.ts",
      "echo.test.ts",
      "echo.hidden.test.ts",
    ]);
    expect(testFilesFor(exercise, [path.join(pub, "missing")])).toEqual([]);
  });
});

describe("the @exercise resolver", () => {
  type Resolve = (id: string) => Promise<{ id: string } | null>;
  async function resolve(dir: string, mount: string, source: string, importer?: string) {
    const plugin = exerciseResolver(dir, mount);
    const seen: string[] = [];
    const ctx = {
      resolve: (async (id: string) => {
        seen.push(id);
        return { id: `${id}.ts` };
      }) as Resolve,
    };
    const hook = plugin.resolveId as unknown as (this: typeof ctx, s: string, i?: string, o?: object) => Promise<unknown>;
    const result = await hook.call(ctx, source, importer, {});
    return { result, seen };
  }

  it("points @exercise/ into the tree being graded", async () => {
    const { seen } = await resolve("/tmp/stubs", "/repo/exercises", "@exercise/00-x/echo", "/repo/exercises/00-x/echo.test.ts");
    expect(seen).toEqual(["/tmp/stubs/00-x/echo"]);
  });

  it("resolves a relative import that leaves the tree as if the tree sat at exercises/", async () => {
    const { seen } = await resolve("/tmp/stubs", "/repo/exercises", "../../src/sim", "/tmp/stubs/00-x/echo.ts");
    expect(seen).toEqual(["/repo/src/sim"]);
  });

  it("leaves imports inside the tree, and imports from other files, alone", async () => {
    expect((await resolve("/tmp/stubs", "/repo/exercises", "./helper", "/tmp/stubs/00-x/echo.ts")).result).toBeNull();
    expect((await resolve("/tmp/stubs", "/repo/exercises", "../../src/sim", "/repo/exercises/00-x/echo.test.ts")).result).toBeNull();
    expect((await resolve("/tmp/stubs", "/repo/exercises", "vitest", "/tmp/stubs/00-x/echo.ts")).result).toBeNull();
  });
});
