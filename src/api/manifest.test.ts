import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { isKind, loadManifestEntries, loadManifests, ManifestError } from "./manifest";

/** The ManifestError a load throws, or fail. */
function problemsOf(text: string, filename = "test.yaml"): string[] {
  try {
    loadManifests(text, { filename });
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return (e as ManifestError).message.split("\n");
  }
  throw new Error("expected a ManifestError");
}

const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;

describe("loading YAML", () => {
  it("loads every document of a multi-document file, in order", () => {
    const objs = loadManifests(`${pod("a")}---\n${pod("b")}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n`);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Pod/a", "Pod/b", "Deployment/web"]);
    expect(objs[2]?.["spec"]).toEqual({ replicas: 3 });
  });

  it("skips empty, comment-only and null documents", () => {
    const objs = loadManifests(`---\n${pod("a")}---\n# just a comment\n---\n\n---\nnull\n---\n${pod("b")}`);
    expect(objs.map((o) => o.metadata.name)).toEqual(["a", "b"]);
  });

  it("accepts generateName instead of name", () => {
    const [obj] = loadManifests("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: backup-\n");
    expect(obj?.metadata.generateName).toBe("backup-");
  });

  it("loads nothing from an empty file", () => {
    expect(loadManifests("")).toEqual([]);
    expect(loadManifests("\n\n# nothing here\n")).toEqual([]);
  });

  it("records where each object came from", () => {
    const entries = loadManifestEntries(`${pod("a")}---\n\n${pod("b")}`, { filename: "pods.yaml" });
    expect(entries.map((e) => e.source)).toEqual([
      { filename: "pods.yaml", document: 1, line: 1 },
      { filename: "pods.yaml", document: 2, line: 7 },
    ]);
  });

  it("narrows an object to its type with isKind", () => {
    const [obj] = loadManifests(pod("a"));
    if (obj && isKind<Pod>(obj, "v1", "Pod")) expect(obj.metadata.name).toBe("a");
    else expect.unreachable();
  });
});

describe("loading JSON", () => {
  it("loads a single object", () => {
    expect(loadManifests('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}')[0]?.kind).toBe("Pod");
  });

  it("flattens a List into its items", () => {
    const list = { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Pod", metadata: { name: "a" } }, { apiVersion: "v1", kind: "Service", metadata: { name: "b" } }] };
    expect(loadManifests(JSON.stringify(list, null, 2)).map((o) => o.kind)).toEqual(["Pod", "Service"]);
  });

  it("flattens a top-level array", () => {
    const arr = [{ apiVersion: "v1", kind: "Pod", metadata: { name: "a" } }, { apiVersion: "v1", kind: "Pod", metadata: { name: "b" } }];
    expect(loadManifests(JSON.stringify(arr)).map((o) => o.metadata.name)).toEqual(["a", "b"]);
  });
});

describe("reporting problems with file, document and line", () => {
  it("names the missing kind in the second document", () => {
    expect(problemsOf(`${pod("a")}---\napiVersion: v1\nmetadata:\n  name: b\n`, "pods.yaml")).toEqual([
      "pods.yaml: document 2, line 6: kind is required",
    ]);
  });

  it("reports every problem of the file at once", () => {
    expect(problemsOf("kind: Pod\nmetadata: {}\n---\napiVersion: v1\nkind: Pod\n")).toEqual([
      "test.yaml: document 1, line 1: apiVersion is required",
      "test.yaml: document 1, line 2: metadata.name is required (or metadata.generateName)",
      "test.yaml: document 2, line 4: metadata.name is required (or metadata.generateName)",
    ]);
  });

  it("points at a value of the wrong type", () => {
    expect(problemsOf("apiVersion: v1\nkind: 5\nmetadata:\n  name: [a]\n")).toEqual([
      "test.yaml: document 1, line 2: kind must be a string, got a number (5)",
      "test.yaml: document 1, line 4: metadata.name must be a string, got a list",
    ]);
  });

  it("asks to quote a label value that YAML reads as a number", () => {
    expect(problemsOf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    version: 1.0\n")).toEqual([
      "test.yaml: document 1, line 6: metadata.labels.version must be a string, got a number (1): quote it",
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const problems = problemsOf(`${pod("a")}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [b\n`);
    expect(problems[0]).toMatch(/^test\.yaml: document 2, line \d+: invalid YAML: /);
  });

  it("reports duplicate keys", () => {
    expect(problemsOf("apiVersion: v1\napiVersion: v2\nkind: Pod\nmetadata: {name: a}\n")[0]).toMatch(
      /^test\.yaml: document 1, line 2: invalid YAML: Map keys must be unique/,
    );
  });

  it("numbers the items of a List", () => {
    const list = '{"apiVersion":"v1","kind":"List","items":[\n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}},\n{"apiVersion":"v1","kind":"Pod","metadata":{}}\n]}';
    expect(problemsOf(list, "list.json")).toEqual([
      "list.json: document 1, item 2, line 3: metadata.name is required (or metadata.generateName)",
    ]);
  });

  it("uses <input> when no file name is given", () => {
    expect(() => loadManifests("kind: Pod")).toThrow("<input>: document 1, line 1: apiVersion is required");
  });

  it("keeps the problems as data for tools", () => {
    try {
      loadManifests("apiVersion: v1\nmetadata: {name: a}", { filename: "x.yaml" });
      expect.unreachable();
    } catch (e) {
      expect((e as ManifestError).problems).toEqual([{ filename: "x.yaml", document: 1, line: 1, reason: "kind is required" }]);
    }
  });
});

describe("never crashing on garbage", () => {
  it.each([
    ["a scalar", "hello"],
    ["a number", "42"],
    ["a list of scalars", "- 1\n- 2\n"],
    ["binary bytes", "\u0000\u0001\u00ff\ufffd\u0007garbage: [\u0000"],
    ["unbalanced brackets", "{{{{"],
    ["a tab-indented mess", "a:\n\t- b\n\t  c: d"],
    ["an alias bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"],
    ["an undefined alias", "a: *nope\n"],
    ["a lone document marker", "---"],
    ["a lone end marker", "..."],
  ])("reports %s as a ManifestError or loads nothing, without throwing anything else", (_what, text) => {
    try {
      expect(loadManifests(text)).toEqual([]);
    } catch (e) {
      expect(e).toBeInstanceOf(ManifestError);
    }
  });

  it.each([null, undefined, 42, {}])("rejects the non-text input %j with a ManifestError", (input) => {
    expect(() => loadManifests(input as unknown as string)).toThrow(ManifestError);
  });
});
