import { describe, expect, it } from "vitest";
import { aggregateMessage, field, FieldError, FieldPath } from "./field-errors";
import { Quantity } from "./quantity";

describe("field paths", () => {
  it.each([
    [FieldPath.of("metadata", "name"), "metadata.name"],
    [FieldPath.of("spec").child("containers").index(0).child("image"), "spec.containers[0].image"],
    [FieldPath.of("metadata").child("labels").key("app"), "metadata.labels[app]"],
    [FieldPath.of("spec").child("template", "spec"), "spec.template.spec"],
    [FieldPath.of("items").index(2).index(3), "items[2][3]"],
  ])("prints %s", (path, expected) => {
    expect(path.toString()).toBe(expected);
  });

  it("never modifies the path a child was made from", () => {
    const spec = FieldPath.of("spec");
    spec.child("replicas");
    expect(spec.toString()).toBe("spec");
  });
});

describe("field errors print as upstream's field.Error", () => {
  const replicas = FieldPath.of("spec", "replicas");
  const name = FieldPath.of("metadata", "name");
  it.each([
    [field.invalid(replicas, -1, "must be greater than or equal to 0"), "spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
    [field.invalid(name, "Web", "a lowercase name"), 'metadata.name: Invalid value: "Web": a lowercase name'],
    [field.invalid(name, null, "details"), 'metadata.name: Invalid value: "null": details'],
    [field.invalid(name, true, ""), "metadata.name: Invalid value: true"],
    [field.invalid(name, Quantity.parse("1.5"), "too much"), "metadata.name: Invalid value: 1500m: too much"],
    [field.invalid(FieldPath.of("values"), [], "can't be empty"), "values: Invalid value: []string{}: can't be empty"],
    [field.invalid(FieldPath.of("values"), ["a", "b"], "x"), 'values: Invalid value: []string{"a", "b"}: x'],
    [field.required(name), "metadata.name: Required value"],
    [field.required(name, "name or generateName is required"), "metadata.name: Required value: name or generateName is required"],
    [field.notSupported(FieldPath.of("f"), "v", ["a", "b", "c"]), 'f: Unsupported value: "v": supported values: "a", "b", "c"'],
    [field.notSupported(FieldPath.of("f"), "v", []), 'f: Unsupported value: "v"'],
    [field.duplicate(FieldPath.of("spec", "ports").index(1), "http"), 'spec.ports[1]: Duplicate value: "http"'],
    [field.notFound(FieldPath.of("spec", "volumes"), "data"), 'spec.volumes: Not found: "data"'],
    [field.forbidden(FieldPath.of("spec", "nodeName"), "may not be set on create"), "spec.nodeName: Forbidden: may not be set on create"],
    [field.tooLong(FieldPath.of("metadata", "annotations"), "x".repeat(10), 262144), "metadata.annotations: Too long: may not be more than 262144 bytes"],
    [field.tooLong(FieldPath.of("f"), "xx", 1), "f: Too long: may not be more than 1 byte"],
    [field.tooLong(FieldPath.of("f"), "xx", -1), "f: Too long: value is too long"],
    [field.tooMany(FieldPath.of("spec", "containers"), 3, 2), "spec.containers: Too many: 3: must have at most 2 items"],
    [field.tooMany(FieldPath.of("spec", "containers"), -1, -1), "spec.containers: Too many: has too many items"],
    [field.internalError(FieldPath.of("spec"), new Error("boom")), "spec: Internal error: boom"],
    [field.typeInvalid(FieldPath.of("spec", "replicas"), "three", "must be an integer"), 'spec.replicas: Invalid value: "three": must be an integer'],
  ])("prints %s", (err, expected) => {
    expect(err).toBeInstanceOf(FieldError);
    expect(err.message).toBe(expected);
  });

  it("exposes the body without the field, for Status causes", () => {
    expect(field.required(FieldPath.of("metadata", "name")).errorBody()).toBe("Required value");
    expect(field.invalid(FieldPath.of("x"), "v", "d").type).toBe("FieldValueInvalid");
  });
});

describe("aggregating error lists (ErrorList.ToAggregate)", () => {
  const a = field.required(FieldPath.of("a"));
  const b = field.required(FieldPath.of("b"));
  it("gives nothing for an empty list", () => {
    expect(aggregateMessage([])).toBeUndefined();
  });
  it("prints a single error alone", () => {
    expect(aggregateMessage([a])).toBe("a: Required value");
  });
  it("brackets several errors and drops duplicate messages", () => {
    expect(aggregateMessage([a, b, field.required(FieldPath.of("a"))])).toBe("[a: Required value, b: Required value]");
  });
});
