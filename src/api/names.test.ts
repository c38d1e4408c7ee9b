import { describe, expect, it } from "vitest";
import { Rng } from "../sim/rng";
import { FieldPath } from "./field-errors";
import {
  generateName,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  MaxGeneratedNameLength,
  type RandomSource,
  validateLabels,
} from "./names";

/** A RandomSource that replays fixed numbers, then counts up. */
function fakeRng(values: number[] = []): RandomSource & { calls: [number, number][] } {
  let i = 0;
  const calls: [number, number][] = [];
  return {
    calls,
    int(lo, hi) {
      calls.push([lo, hi]);
      const v = values[i] ?? i;
      i++;
      return lo + (v % (hi - lo));
    },
  };
}

const labelRegexMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomainRegexMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

// Cases from k8s.io/apimachinery/pkg/util/validation/validation_test.go, TestIsDNS1123Label.
describe("DNS-1123 labels", () => {
  it.each(["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a".repeat(63)])(
    "accepts %s",
    (value) => expect(isDNS1123Label(value)).toEqual([]),
  );

  it.each(["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", " ", "a ", " a", "a b", "1 ", " 1", "1 2"])(
    "rejects %j with the regex message",
    (value) => expect(isDNS1123Label(value)).toEqual([labelRegexMsg]),
  );

  it.each([".", "a.", ".a"])("rejects %j with the regex message, since it is not a subdomain either", (value) => {
    expect(isDNS1123Label(value)).toEqual([labelRegexMsg]);
  });

  it.each(["a.b", "1.2"])("rejects the valid subdomain %s by saying it must not contain dots", (value) => {
    expect(isDNS1123Label(value)).toEqual(["must not contain dots"]);
  });

  it("rejects 64 characters with the length message", () => {
    expect(isDNS1123Label("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
  });
});

// validation_test.go, TestIsDNS1123Subdomain.
describe("DNS-1123 subdomains (most object names)", () => {
  it.each(["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "0.a", "01.a", "1.2.3.4.5", "11.22.33.44.55", "a.b.c.d.e", "a".repeat(253)])(
    "accepts %s",
    (value) => expect(isDNS1123Subdomain(value)).toEqual([]),
  );

  it.each(["", "A", "ABC", "aBc", "-", "a-", "-a", "_", "a_b", ".", "a.", ".a", "a..b", "a.-b", "a-.b", "a b", "Web"])(
    "rejects %j with the regex message",
    (value) => expect(isDNS1123Subdomain(value)).toEqual([subdomainRegexMsg]),
  );

  it("rejects 254 characters with the length message", () => {
    expect(isDNS1123Subdomain("a".repeat(254))).toEqual(["must be no more than 253 characters"]);
  });

  it("counts bytes, not characters, as Go's len does", () => {
    expect(isDNS1123Subdomain("é".repeat(127))[0]).toBe("must be no more than 253 characters");
  });
});

// validation_test.go, TestIsDNS1035Label.
describe("DNS-1035 labels (Service names)", () => {
  it.each(["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "a".repeat(63)])("accepts %s", (value) => {
    expect(isDNS1035Label(value)).toEqual([]);
  });

  it.each(["0", "01", "1a", "1-a", "", "A", "a-", "-a", "a.b", "a_b"])("rejects %j", (value) => {
    expect(isDNS1035Label(value)).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("rejects 64 characters with both messages when the start is wrong too", () => {
    expect(isDNS1035Label("1" + "a".repeat(63))).toHaveLength(2);
  });
});

const nameRegexMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

// k8s.io/apimachinery/pkg/api/validate/content/kube_test.go, TestIsLabelKey.
describe("label keys (qualified names)", () => {
  it.each(["simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple", "now-with-dashes/simple", "now-with-dashes/now-with-dashes", "now.with.dots/simple", "now-with.dashes-and.dots/simple", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo", "a".repeat(63), "a".repeat(253) + "/" + "b".repeat(63)])(
    "accepts %s",
    (key) => expect(isQualifiedName(key)).toEqual([]),
  );

  it.each(["nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash", "Example.com/abc", "example_com/abc", "example.com/", "/simple", "a".repeat(64), "a".repeat(254) + "/abc"])(
    "rejects %s",
    (key) => expect(isQualifiedName(key).length).toBeGreaterThan(0),
  );

  it.each([
    ["-bad", [nameRegexMsg]],
    ["", ["name part must be non-empty", nameRegexMsg]],
    ["a".repeat(64), ["name part must be no more than 63 bytes"]],
    ["/simple", ["prefix part must be non-empty"]],
    ["example.com/", ["name part must be non-empty", nameRegexMsg]],
    ["Example.com/abc", ["prefix part " + subdomainRegexMsg]],
    [
      "only/one/slash",
      [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ])("explains what is wrong with %j in upstream's words", (key, messages) => {
    expect(isQualifiedName(key)).toEqual(messages);
  });
});

// content/kube_test.go, TestIsLabelValue.
describe("label values", () => {
  it.each(["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", "a".repeat(63), ""])(
    "accepts %j",
    (value) => expect(isValidLabelValue(value)).toEqual([]),
  );

  it.each(["nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\are\\bad", "-starts-with-dash", "ends-with-dash-", ".starts.with.dot", "ends.with.dot."])(
    "rejects %j with the regex message",
    (value) => {
      expect(isValidLabelValue(value)).toEqual([
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ]);
    },
  );

  it("rejects 64 bytes with the length message", () => {
    expect(isValidLabelValue("a".repeat(64))).toEqual(["must be no more than 63 bytes"]);
  });
});

describe("validating a label map", () => {
  it("reports each bad key and value at the labels path, in key order", () => {
    const errs = validateLabels({ "z-ok": "fine", "-bad": "x", app: "-web" }, FieldPath.of("metadata", "labels"));
    expect(errs.map((e) => e.message)).toEqual([
      `metadata.labels: Invalid value: "-bad": ${nameRegexMsg}`,
      'metadata.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    ]);
  });

  it("accepts missing labels", () => {
    expect(validateLabels(undefined, FieldPath.of("metadata", "labels"))).toEqual([]);
  });
});

// k8s.io/apiserver/pkg/storage/names/generate.go, SimpleNameGenerator.
describe("generateName", () => {
  it("appends five characters from the vowel-free alphabet", () => {
    const rng = fakeRng([0, 1, 2, 25, 26]);
    expect(generateName("web-", rng)).toBe("web-bcd89");
    expect(rng.calls).toEqual(Array(5).fill([0, 27]));
  });

  it("cuts a long base to 58 characters so the name fits in 63", () => {
    const name = generateName("x".repeat(100), fakeRng());
    expect(MaxGeneratedNameLength).toBe(58);
    expect(name).toHaveLength(63);
    expect(name.startsWith("x".repeat(58))).toBe(true);
    expect(isDNS1123Label(name)).toEqual([]);
  });

  it("gives the same name for the same random sequence", () => {
    expect(generateName("job-", fakeRng([7, 3, 9, 1, 4]))).toBe(generateName("job-", fakeRng([7, 3, 9, 1, 4])));
  });

  it("never produces a vowel in the suffix", () => {
    for (let seed = 0; seed < 27; seed++) {
      const suffix = generateName("", fakeRng([seed, seed + 1, seed + 2, seed + 3, seed + 4]));
      expect(suffix).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    }
  });
});

describe("the RandomSource contract", () => {
  it("is satisfied by the simulation kernel's seeded Rng, with the same names for the same seed", () => {
    const a: RandomSource = new Rng(7);
    const b: RandomSource = new Rng(7);
    expect(generateName("web-", a)).toBe(generateName("web-", b));
  });
});
