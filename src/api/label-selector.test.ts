import { describe, expect, it } from "vitest";
import { FieldPath } from "./field-errors";
import {
  labelSelectorAsSelector,
  LabelSelectorError,
  LabelsSelector,
  newRequirement,
  requirementMatches,
  requirementString,
  selectorFromSet,
  validateLabelSelector,
} from "./label-selector";
import { LabelSelectorParseError, parseLabelSelector } from "./label-selector-parser";

const keyRegexMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegexMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

// Modelled on k8s.io/apimachinery/pkg/labels/selector_test.go, TestSelectorMatches and
// TestSetSelectorParser.
describe("matching labels", () => {
  const labels = { app: "web", tier: "frontend", env: "prod", replicas: "3" };
  it.each([
    ["", true],
    ["app=web", true],
    ["app==web", true],
    ["app=db", false],
    ["app!=db", true],
    ["app!=web", false],
    ["missing!=x", true],
    ["missing=x", false],
    ["env in (prod,staging)", true],
    ["env in (dev)", false],
    ["env notin (dev,qa)", true],
    ["env notin (prod)", false],
    ["missing notin (x)", true],
    ["missing in (x)", false],
    ["tier", true],
    ["missing", false],
    ["!missing", true],
    ["!tier", false],
    ["replicas>2", true],
    ["replicas>3", false],
    ["replicas<4", true],
    ["app>1", false],
    ["missing<5", false],
    ["app=web,tier=frontend", true],
    ["app=web,tier=backend", false],
    ["app=web,tier!=db,env in (prod,staging),!legacy,tier", true],
  ])("selector %j matches app=web,tier=frontend,env=prod,replicas=3: %s", (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it("matches an empty value only when the label is present and empty", () => {
    expect(parseLabelSelector("x=").matches({ x: "" })).toBe(true);
    expect(parseLabelSelector("x=").matches({})).toBe(false);
    expect(parseLabelSelector("x in ()").matches({ x: "" })).toBe(true);
  });

  it("treats objects without labels as having none", () => {
    expect(parseLabelSelector("!app").matches(undefined)).toBe(true);
    expect(parseLabelSelector("app").matches(undefined)).toBe(false);
  });
});

describe("parsing the string form", () => {
  it.each([
    ["app=web,tier!=db,env in (a,b),!legacy,gpu", "app=web,env in (a,b),gpu,!legacy,tier!=db"],
    ["x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"],
    ["in in (in)", "in in (in)"],
    ["x notin (notin,in)", "x notin (in,notin)"],
    ["x=", "x="],
    ["x= ,z= ", "x=,z="],
    ["a==b", "a==b"],
    ["x>1,y<5", "x>1,y<5"],
    ["", ""],
    ["   ", ""],
    ["x in (b,a,a)", "x in (a,b)"],
    ["x ==", "x=="],
    ["  app = web ,\tenv in ( a , b ) ", "app=web,env in (a,b)"],
    ["example.com/app=web", "example.com/app=web"],
    ["b=1,a=2,c", "a=2,b=1,c"],
  ])("parses %j and prints it canonically as %j", (input, canonical) => {
    const selector = parseLabelSelector(input);
    expect(selector.toString()).toBe(canonical);
    expect(parseLabelSelector(canonical).toString()).toBe(canonical); // a fixed point
  });

  it.each([
    ["x=a||y=b", `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${valueRegexMsg}`, 0],
    ["x==a==b", "found '==', expected: ',' or 'end of string'", 4],
    ["!x=a", "found '=', expected: ',' or 'end of string'", 2],
    ["x<a", `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`, 0],
    ["x in (a", "unable to parse requirement: found '', expected: ',' or ')'", 7],
    ["x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'", 8],
    ["a,", "found '', expected: identifier after ','", 2],
    ["x,,y", "found ',', expected: identifier after ','", 2],
    [",a", "found ',', expected: !, identifier, or 'end of string'", 0],
    ["=x", "found '=', expected: !, identifier, or 'end of string'", 0],
    ["x in a", "unable to parse requirement: found 'a' expected: '('", 5],
    ["a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt", 2],
    ["!", "unable to parse requirement: found '', expected: identifier", 1],
    ["-bad=x", `unable to parse requirement: <nil>: Invalid value: "-bad": ${keyRegexMsg}`, 0],
    ["ok=1,x=-bad", `unable to parse requirement: values[0][x]: Invalid value: "-bad": ${valueRegexMsg}`, 5],
  ])("rejects %j with upstream's message, pointing at offset %#", (input, message, position) => {
    let caught: unknown;
    try {
      parseLabelSelector(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LabelSelectorParseError);
    const err = caught as LabelSelectorParseError;
    expect(err.message).toBe(message);
    expect(err.position).toBe(position);
  });

  it("draws a caret under the failing token", () => {
    try {
      parseLabelSelector("app=web,,x");
      expect.unreachable();
    } catch (e) {
      expect((e as LabelSelectorParseError).pointer()).toBe("app=web,,x\n        ^");
    }
  });
});

// selector_test.go, TestRequirementConstructor.
describe("building requirements", () => {
  it.each([
    ["x1", "in", [], "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    ["x2", "notin", [], "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    ["x3", "=", ["a", "b"], 'values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value'],
    ["x4", "exists", ["a"], 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist'],
    ["x5", "gt", ["1", "2"], "values: Invalid value: []string{\"1\", \"2\"}: for 'Gt', 'Lt' operators, exactly one value is required"],
    ["x6", "lt", ["x"], "values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ["-x", "exists", [], `key: Invalid value: "-x": ${keyRegexMsg}`],
    ["x8", "in", ["-a"], `values[0][x8]: Invalid value: "-a": ${valueRegexMsg}`],
  ] as const)("rejects key %s with operator %s and values %j", (key, op, values, message) => {
    expect(() => newRequirement(key, op, values)).toThrow(LabelSelectorError);
    try {
      newRequirement(key, op, values);
    } catch (e) {
      expect((e as LabelSelectorError).message).toBe(message);
    }
  });

  it("brackets several problems together", () => {
    expect(() => newRequirement("-x", "in", [])).toThrow(
      `[key: Invalid value: "-x": ${keyRegexMsg}, values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]`,
    );
  });

  it("puts the problems under a field path when given one", () => {
    try {
      newRequirement("x", "in", [], FieldPath.of("spec", "selector"));
      expect.unreachable();
    } catch (e) {
      expect((e as LabelSelectorError).errors.map((x) => x.field)).toEqual(["spec.selector.values"]);
    }
  });

  it.each([
    [{ key: "a", operator: "=", values: ["b"] }, "a=b"],
    [{ key: "a", operator: "in", values: ["c", "b"] }, "a in (b,c)"],
    [{ key: "a", operator: "notin", values: ["b"] }, "a notin (b)"],
    [{ key: "a", operator: "exists", values: [] }, "a"],
    [{ key: "a", operator: "!", values: [] }, "!a"],
    [{ key: "a", operator: "gt", values: ["1"] }, "a>1"],
  ] as const)("prints the requirement %j as %s", (r, expected) => {
    expect(requirementString(r)).toBe(expected);
    expect(requirementMatches(r, { a: "b" })).toBe(parseLabelSelector(expected).matches({ a: "b" }));
  });
});

describe("the everything and nothing selectors", () => {
  it("everything matches all objects and is empty", () => {
    expect(LabelsSelector.everything().matches({ any: "thing" })).toBe(true);
    expect(LabelsSelector.everything().isEmpty()).toBe(true);
  });

  it("nothing matches no object, is not empty, and ignores added requirements", () => {
    const nothing = LabelsSelector.nothing();
    expect(nothing.matches({})).toBe(false);
    expect(nothing.isEmpty()).toBe(false);
    expect(nothing.add(newRequirement("a", "exists", [])).matches({ a: "1" })).toBe(false);
    expect(nothing.toString()).toBe("");
  });

  it("adds requirements into a new, sorted selector", () => {
    const base = parseLabelSelector("b=1");
    const more = base.add(newRequirement("a", "exists", []));
    expect(more.toString()).toBe("a,b=1");
    expect(base.toString()).toBe("b=1");
  });

  it("reports the value a selector demands for a key", () => {
    const s = parseLabelSelector("app=web,env in (prod),tier in (a,b),x!=y");
    expect(s.requiresExactMatch("app")).toBe("web");
    expect(s.requiresExactMatch("env")).toBe("prod");
    expect(s.requiresExactMatch("tier")).toBeUndefined();
    expect(s.requiresExactMatch("x")).toBeUndefined();
  });

  it("builds an equality selector from a label set", () => {
    expect(selectorFromSet({ tier: "web", app: "shop" }).toString()).toBe("app=shop,tier=web");
    expect(selectorFromSet({}).isEmpty()).toBe(true);
  });
});

// k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go, LabelSelectorAsSelector.
describe("converting a LabelSelector object", () => {
  it("turns a missing selector into one that matches nothing", () => {
    expect(labelSelectorAsSelector(undefined).matches({})).toBe(false);
    expect(labelSelectorAsSelector(null).matchesNothing).toBe(true);
  });

  it("turns an empty selector into one that matches everything", () => {
    expect(labelSelectorAsSelector({}).matches({ a: "b" })).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).isEmpty()).toBe(true);
  });

  it("combines matchLabels and matchExpressions, sorted by key", () => {
    const s = labelSelectorAsSelector({
      matchLabels: { tier: "web", app: "shop" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "staging"] },
        { key: "legacy", operator: "DoesNotExist" },
        { key: "zone", operator: "NotIn", values: ["b"] },
        { key: "gpu", operator: "Exists" },
      ],
    });
    expect(s.toString()).toBe("app=shop,env in (prod,staging),gpu,!legacy,tier=web,zone notin (b)");
    expect(s.matches({ app: "shop", tier: "web", env: "prod", gpu: "1" })).toBe(true);
    expect(s.matches({ app: "shop", tier: "web", env: "prod" })).toBe(false);
  });

  it("rejects an unknown operator with upstream's message", () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "Equals" }] })).toThrow(
      '"Equals" is not a valid pod selector operator',
    );
  });

  it("rejects In without values", () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "In" }] })).toThrow(
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    );
  });
});

// k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go, ValidateLabelSelector.
describe("validating a LabelSelector object", () => {
  const path = FieldPath.of("spec", "selector");
  it("accepts a valid selector and a missing one", () => {
    expect(validateLabelSelector({ matchLabels: { app: "web" } }, path)).toEqual([]);
    expect(validateLabelSelector(undefined, path)).toEqual([]);
  });

  it("reports every problem with its path", () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { "-app": "web" },
        matchExpressions: [
          { key: "a", operator: "In" },
          { key: "b", operator: "Exists", values: ["x"] },
          { key: "c", operator: "Equals" },
          { key: "d", operator: "NotIn", values: ["-v"] },
        ],
      },
      path,
    );
    expect(errs.map((e) => e.message)).toEqual([
      `spec.selector.matchLabels: Invalid value: "-app": ${keyRegexMsg}`,
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Equals": not a valid selector operator',
      `spec.selector.matchExpressions[3].values[0]: Invalid value: "-v": ${valueRegexMsg}`,
    ]);
  });
});
