import { describe, expect, it } from "vitest";
import {
  defaultSelectableFields,
  escapeFieldValue,
  FieldSelectorError,
  FieldsSelector,
  parseFieldSelector,
  SelectableFields,
  unescapeFieldValue,
} from "./field-selector";

// Modelled on k8s.io/apimachinery/pkg/fields/selector_test.go (TestSelectorParse,
// TestSelectorMatches, TestEscapeValue, TestUnescapeValue).
describe("parsing field selectors", () => {
  it.each([
    ["metadata.name=web", "metadata.name=web"],
    ["metadata.name==web", "metadata.name=web"],
    ["metadata.namespace!=kube-system", "metadata.namespace!=kube-system"],
    ["status.phase=Running,spec.nodeName=node-1", "spec.nodeName=node-1,status.phase=Running"],
    ["x=", "x="],
    ["", ""],
    [",,x=a,", "x=a"],
    ["x=a\\,b", "x=a\\,b"],
    ["x=a\\=b\\\\c", "x=a\\=b\\\\c"],
  ])("parses %j and prints it as %j", (input, expected) => {
    expect(parseFieldSelector(input).toString()).toBe(expected);
  });

  it("splits each term at its first operator", () => {
    expect(parseFieldSelector("a!=b").requirements).toEqual([{ field: "a", operator: "!=", value: "b" }]);
    expect(parseFieldSelector("a==b").requirements).toEqual([{ field: "a", operator: "==", value: "b" }]);
    expect(parseFieldSelector("x=a\\,b").requirements).toEqual([{ field: "x", operator: "=", value: "a,b" }]);
  });

  it.each([
    ["metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ["a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"],
    ["x=a=b", "invalid field selector: unescaped character in value: 61"],
    ["x!==b", "invalid field selector: unescaped character in value: 61"],
    ["x=a\\b", "invalid field selector: invalid escape sequence: \\b"],
    ["x=a\\", "invalid field selector: invalid escape sequence: \\"],
  ])("rejects %j with upstream's message", (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(FieldSelectorError);
    expect(() => parseFieldSelector(input)).toThrow(message);
  });

  it("escapes and unescapes values symmetrically", () => {
    for (const v of ["plain", "a,b", "a=b", "a\\b", "\\,=", ""]) {
      expect(unescapeFieldValue(escapeFieldValue(v))).toBe(v);
    }
    expect(escapeFieldValue("a,b=c\\d")).toBe("a\\,b\\=c\\\\d");
  });
});

describe("matching fields", () => {
  const fields = { "metadata.name": "web", "metadata.namespace": "default", "status.phase": "Running" };
  it.each([
    ["", true],
    ["metadata.name=web", true],
    ["metadata.name==web", true],
    ["metadata.name=db", false],
    ["metadata.name!=db", true],
    ["metadata.namespace=default,status.phase=Running", true],
    ["metadata.namespace=default,status.phase!=Running", false],
    ["spec.nodeName=", true], // a missing field reads as ""
    ["spec.nodeName!=node-1", true],
  ])("selector %j matches a running pod named web: %s", (selector, expected) => {
    expect(parseFieldSelector(selector).matches(fields)).toBe(expected);
  });

  it("builds the one-term selector kubectl uses to wait for deletion", () => {
    const s = FieldsSelector.oneTermEqual("metadata.name", "web");
    expect(s.toString()).toBe("metadata.name=web");
    expect(s.requiresExactMatch("metadata.name")).toBe("web");
    expect(FieldsSelector.everything().isEmpty()).toBe(true);
  });

  it("reports exact matches only for equality terms", () => {
    const s = parseFieldSelector("spec.nodeName=node-1,metadata.name!=x");
    expect(s.requiresExactMatch("spec.nodeName")).toBe("node-1");
    expect(s.requiresExactMatch("metadata.name")).toBeUndefined();
  });
});

describe("selectable fields per kind", () => {
  const registry = defaultSelectableFields();
  const pod = {
    metadata: { name: "web", namespace: "default" },
    spec: { nodeName: "node-1", restartPolicy: "Always", schedulerName: "default-scheduler" },
    status: { phase: "Running", podIPs: [{ ip: "10.0.0.7" }] },
  };

  it("computes a pod's field set as upstream's ToSelectableFields", () => {
    expect(registry.fieldsOf("Pod", pod)).toEqual({
      "metadata.name": "web",
      "metadata.namespace": "default",
      "spec.nodeName": "node-1",
      "spec.restartPolicy": "Always",
      "spec.schedulerName": "default-scheduler",
      "spec.serviceAccountName": "",
      "spec.hostNetwork": "false",
      "status.phase": "Running",
      "status.podIP": "10.0.0.7",
      "status.nominatedNodeName": "",
    });
  });

  it("selects the pods bound to a node, as the kubelet's watch does", () => {
    const s = parseFieldSelector("spec.nodeName=node-1");
    registry.validate("Pod", s);
    expect(registry.matches("Pod", s, pod)).toBe(true);
    expect(registry.matches("Pod", s, { ...pod, spec: { nodeName: "node-2" } })).toBe(false);
  });

  it("rejects a field the kind does not support, in upstream's words", () => {
    expect(() => registry.validate("Pod", parseFieldSelector("spec.containers=x"))).toThrow(
      "field label not supported: spec.containers",
    );
    expect(() => registry.validate("ConfigMap", parseFieldSelector("metadata.name=x"))).not.toThrow();
  });

  it("gives every kind metadata.name and metadata.namespace, and accepts new fields", () => {
    const custom = new SelectableFields().register("Widget", { "spec.color": (w) => String(w.spec?.color ?? "") });
    expect(custom.supportedFields("Widget")).toEqual(["metadata.name", "metadata.namespace", "spec.color"]);
    expect(custom.fieldsOf("Widget", { metadata: { name: "w" }, spec: { color: "red" } })).toEqual({
      "metadata.name": "w",
      "metadata.namespace": "",
      "spec.color": "red",
    });
  });

  it("reads node, namespace and secret fields", () => {
    expect(registry.fieldsOf("Node", { metadata: { name: "n" }, spec: { unschedulable: true } })["spec.unschedulable"]).toBe("true");
    expect(registry.fieldsOf("Secret", { metadata: { name: "s" }, type: "Opaque" })["type"]).toBe("Opaque");
  });
});
