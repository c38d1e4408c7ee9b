import { describe, expect, it } from "vitest";
import { parseQuantity, Quantity, QuantityError, tryParseQuantity } from "./quantity";

const q = (s: string): Quantity => Quantity.parse(s);

// Table cases copied from upstream:
// k8s.io/apimachinery/pkg/api/resource/quantity_test.go, TestQuantityParse.
// Each input is compared, as upstream does, with an exact value and the remembered format.
describe("parsing quantities (upstream TestQuantityParse)", () => {
  const table: [string, string, string][] = [
    // input, exact value written as a decimal-exponent quantity, format
    ["0", "0", "DecimalSI"],
    ["0n", "0", "DecimalSI"],
    ["0u", "0", "DecimalSI"],
    ["0m", "0", "DecimalSI"],
    ["0Ki", "0", "BinarySI"],
    ["0k", "0", "DecimalSI"],
    ["0Mi", "0", "BinarySI"],
    ["0M", "0", "DecimalSI"],
    ["0Gi", "0", "BinarySI"],
    ["0G", "0", "DecimalSI"],
    ["0Ti", "0", "BinarySI"],
    ["0T", "0", "DecimalSI"],
    ["1", "1", "DecimalSI"],
    ["1Ki", "1024", "BinarySI"],
    ["8Ki", "8192", "BinarySI"],
    ["7Mi", "7340032", "BinarySI"],
    ["6Gi", "6442450944", "BinarySI"],
    ["5Ti", "5497558138880", "BinarySI"],
    ["4Pi", "4503599627370496", "BinarySI"],
    ["3Ei", "3458764513820540928", "BinarySI"],
    ["10Ti", "10995116277760", "BinarySI"],
    ["100Ti", "109951162777600", "BinarySI"],
    ["5n", "5e-9", "DecimalSI"],
    ["4u", "4e-6", "DecimalSI"],
    ["3m", "3e-3", "DecimalSI"],
    ["9", "9", "DecimalSI"],
    ["8k", "8e3", "DecimalSI"],
    ["50k", "5e4", "DecimalSI"],
    ["7M", "7e6", "DecimalSI"],
    ["6G", "6e9", "DecimalSI"],
    ["5T", "5e12", "DecimalSI"],
    ["40T", "4e13", "DecimalSI"],
    ["300T", "3e14", "DecimalSI"],
    ["2P", "2e15", "DecimalSI"],
    ["1E", "1e18", "DecimalSI"],
    ["1E-3", "1e-3", "DecimalExponent"],
    ["1e3", "1e3", "DecimalExponent"],
    ["1E6", "1e6", "DecimalExponent"],
    ["1e9", "1e9", "DecimalExponent"],
    ["1E12", "1e12", "DecimalExponent"],
    ["1e15", "1e15", "DecimalExponent"],
    ["1E18", "1e18", "DecimalExponent"],
    ["1e14", "1e14", "DecimalExponent"],
    ["1e13", "1e13", "DecimalExponent"],
    ["100.035k", "100035", "DecimalSI"],
    ["0.001", "1e-3", "DecimalSI"],
    ["0.0005k", "5e-1", "DecimalSI"],
    ["0.005", "5e-3", "DecimalSI"],
    ["0.05", "5e-2", "DecimalSI"],
    ["0.5", "5e-1", "DecimalSI"],
    ["0.00050k", "5e-1", "DecimalSI"],
    ["0.00500", "5e-3", "DecimalSI"],
    ["0.05000", "5e-2", "DecimalSI"],
    ["0.50000", "5e-1", "DecimalSI"],
    ["0.5e0", "5e-1", "DecimalExponent"],
    ["0.5e-1", "5e-2", "DecimalExponent"],
    ["0.5e-2", "5e-3", "DecimalExponent"],
    ["10.035M", "10035e3", "DecimalSI"],
    ["1.2e3", "12e2", "DecimalExponent"],
    ["1.3E+6", "13e5", "DecimalExponent"],
    ["1.40e9", "14e8", "DecimalExponent"],
    ["1.53E12", "153e10", "DecimalExponent"],
    ["1.6e15", "16e14", "DecimalExponent"],
    ["1.7E18", "17e17", "DecimalExponent"],
    ["9.01", "901e-2", "DecimalSI"],
    ["8.1k", "81e2", "DecimalSI"],
    ["7.123456M", "7123456", "DecimalSI"],
    ["6.987654321G", "6987654321", "DecimalSI"],
    ["5.444T", "5444e9", "DecimalSI"],
    ["40.1T", "401e11", "DecimalSI"],
    ["300.2T", "3002e11", "DecimalSI"],
    ["2.5P", "25e14", "DecimalSI"],
    ["1.01E", "101e16", "DecimalSI"],
    // Things that saturate/round
    ["3.001n", "4e-9", "DecimalSI"],
    ["1.1E-9", "2e-9", "DecimalExponent"],
    ["0.0000000001", "1e-9", "DecimalSI"],
    ["0.0000000005", "1e-9", "DecimalSI"],
    ["0.00000000050", "1e-9", "DecimalSI"],
    ["0.5e-9", "1e-9", "DecimalExponent"],
    ["0.9n", "1e-9", "DecimalSI"],
    ["0.00000012345", "124e-9", "DecimalSI"],
    ["0.00000012354", "124e-9", "DecimalSI"],
    ["9Ei", "9223372036854775807", "BinarySI"],
    ["9223372036854775807Ki", "9223372036854775807", "BinarySI"],
    ["12E", "12e18", "DecimalSI"],
    // We'll accept fractional binary stuff, too.
    ["100.035Ki", "10243584e-2", "BinarySI"],
    ["0.5Mi", "524288", "BinarySI"],
    ["0.05Gi", "536870912e-1", "BinarySI"],
    ["0.025Ti", "274877906944e-1", "BinarySI"],
    // Things written by trolls
    ["0.000000000001Ki", "2e-9", "DecimalSI"],
    [".001", "1e-3", "DecimalSI"],
    [".0001k", "100e-3", "DecimalSI"],
    ["1.", "1", "DecimalSI"],
    ["1.G", "1e9", "DecimalSI"],
  ];

  it.each(table)("parses %s to the value %s in format %s", (input, value, format) => {
    const got = q(input);
    expect(got.cmp(q(value))).toBe(0);
    expect(got.format).toBe(format);
  });

  it.each(table)("parses -%s to the negated value", (input, value) => {
    expect(q("-" + input).cmp(q(value).neg())).toBe(0);
  });

  it.each(table)("parses +%s to the same value and format", (input, value, format) => {
    const got = q("+" + input);
    expect(got.cmp(q(value))).toBe(0);
    expect(got.format).toBe(format);
  });

  it("rejects the empty string", () => {
    expect(() => q("")).toThrow(QuantityError);
  });

  // quantity_test.go: the `invalid` list of TestQuantityParse.
  it.each([
    ["1.1.M", "FormatWrong"],
    ["1+1.0M", "FormatWrong"],
    ["0.1mi", "Suffix"],
    ["0.1am", "FormatWrong"],
    ["aoeu", "FormatWrong"],
    [".5i", "Suffix"],
    ["1i", "Suffix"],
    ["-3.01i", "Suffix"],
    ["-3.01e-", "Suffix"],
    ["1e4294967297", "Suffix"],
    [" 1", "FormatWrong"],
    ["1 ", "FormatWrong"],
  ])("rejects %s as %s", (input, kind) => {
    const r = tryParseQuantity(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe(kind);
  });

  it("says which regular expression a quantity must match, in upstream's words", () => {
    expect(() => q("aoeu")).toThrow(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(() => q("5K")).toThrow("unable to parse quantity's suffix");
  });

  it("accepts exponents up to the int32 bound and no further (TestInterpretExponentInt32Bounds)", () => {
    expect(q("1E2147483647").sign()).toBe(1);
    expect(q("1E-2147483647").cmp(q("1n"))).toBe(0); // rounds up to one nano
    expect(() => q("1E2147483648")).toThrow("unable to parse quantity's suffix");
    expect(() => q("1E-2147483648")).toThrow("unable to parse quantity's suffix");
  });

  it("accepts a JSON number as a JSON-decoded quantity would", () => {
    expect(parseQuantity(0.5).toString()).toBe("500m");
    expect(parseQuantity(2).toString()).toBe("2");
  });
});

// quantity_test.go TestQuantityParseEmit, plus the examples in quantity.go's doc comment.
describe("printing the canonical form", () => {
  it.each([
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
    ["1.5G", "1500M"],
    ["1e3", "1e3"],
    ["0.5Gi", "512Mi"],
    ["1000m", "1"],
    ["1024Ki", "1Mi"],
    ["1.5", "1500m"],
    ["1.5Gi", "1536Mi"],
    ["0.1", "100m"],
    ["0.0001", "100u"],
    ["250m", "250m"],
    ["100Ki", "100Ki"],
    ["-1", "-1"],
    ["1.1Gi", "1181116006400m"],
    ["9Ei", "9223372036854775807"],
  ])("prints %s as %s, and its negation with a minus sign", (input, expected) => {
    expect(q(input).toString()).toBe(expected);
    if (!input.startsWith("-")) expect(q("-" + input).toString()).toBe("-" + expected);
  });

  // quantity_test.go TestQuantityString: a value and format, its canonical string.
  it.each([
    [Quantity.fromInt(1024 * 1024 * 1024, "BinarySI"), "1Gi"],
    [Quantity.fromInt(300 * 1024 * 1024, "BinarySI"), "300Mi"],
    [Quantity.fromInt(6 * 1024, "BinarySI"), "6Ki"],
    [Quantity.fromInt(1001 * 1024 * 1024 * 1024, "BinarySI"), "1001Gi"],
    [Quantity.fromInt(1024 * 1024 * 1024 * 1024, "BinarySI"), "1Ti"],
    [Quantity.fromInt(5, "BinarySI"), "5"],
    [Quantity.fromMilli(500, "BinarySI"), "500m"],
    [Quantity.fromScaled(1, 9), "1G"],
    [Quantity.fromScaled(1000, 6), "1G"],
    [Quantity.fromScaled(1000000, 3), "1G"],
    [Quantity.fromScaled(1000000000, 0), "1G"],
    [Quantity.fromScaled(1, -3), "1m"],
    [Quantity.fromScaled(80, -3), "80m"],
    [Quantity.fromScaled(1080, -3), "1080m"],
    [Quantity.fromScaled(108, -2), "1080m"],
    [Quantity.fromScaled(10800, -4), "1080m"],
    [Quantity.fromScaled(300, 6), "300M"],
    [Quantity.fromScaled(1, 12), "1T"],
    [Quantity.fromScaled(1, 18), "1E"],
    [Quantity.fromScaled(1, 21), "1e21"],
    [Quantity.fromScaled(5, 21), "5e21"],
    [Quantity.fromScaled(1, 24), "1e24"],
    [Quantity.fromScaled(1, 70).withFormat("BinarySI"), "10e69"],
    [Quantity.fromScaled(2, 70).withFormat("BinarySI"), "20e69"],
    [Quantity.fromScaled(1, 72).withFormat("BinarySI"), "1e72"],
    [Quantity.fromScaled(1234567, 6), "1234567M"],
    [Quantity.fromMilli(1234567, "BinarySI"), "1234567m"],
    [Quantity.fromScaled(3, 3), "3k"],
    [Quantity.fromInt(1025, "BinarySI"), "1025"],
    [Quantity.fromInt(0), "0"],
    [Quantity.fromInt(0, "BinarySI"), "0"],
    [Quantity.fromScaled(1, 9).withFormat("DecimalExponent"), "1e9"],
    [Quantity.fromScaled(1, -3).withFormat("DecimalExponent"), "1e-3"],
    [Quantity.fromScaled(1, -9).withFormat("DecimalExponent"), "1e-9"],
    [Quantity.fromScaled(80, -3).withFormat("DecimalExponent"), "80e-3"],
    [Quantity.fromScaled(300, 6).withFormat("DecimalExponent"), "300e6"],
    [Quantity.fromScaled(3, 3).withFormat("DecimalExponent"), "3e3"],
    [Quantity.fromScaled(0, 0).withFormat("DecimalExponent"), "0"],
    [Quantity.fromScaled(1, -9), "1n"],
    [Quantity.fromScaled(80, -9), "80n"],
    [Quantity.fromScaled(1080, -9), "1080n"],
    [Quantity.fromScaled(108, -8), "1080n"],
    [Quantity.fromScaled(10800, -10), "1080n"],
    [Quantity.fromScaled(1, -6), "1u"],
    [Quantity.fromScaled(80, -6), "80u"],
    [Quantity.fromScaled(1080, -6), "1080u"],
    [Quantity.fromInt(2000, "BinarySI"), "2000"], // TestBinarySIZeroExponentString
    [Quantity.fromInt(-2000, "BinarySI"), "-2000"],
    [Quantity.fromScaled(1, -12), "1e-12"], // TestQuantityStringBelowNano
    [Quantity.fromScaled(1, -10), "100e-12"],
  ])("prints %s as %s", (quantity, expected) => {
    expect(quantity.toString()).toBe(expected);
    expect(quantity.canonical()).toBe(expected);
  });

  // quantity_test.go TestQuantityString also checks the alternate spellings re-canonicalize.
  it.each([
    ["1024Mi", "1Gi"],
    ["307200Ki", "300Mi"],
    ["1025024Mi", "1001Gi"],
    ["1024Gi", "1Ti"],
    ["5000m", "5"],
    ["1000M", "1G"],
    ["0.001T", "1G"],
    ["1000u", "1m"],
    ["1.08", "1080m"],
    ["1080000000n", "1080m"],
    [".001e12", "1e9"],
    ["0.001e0", "1e-3"],
    ["1000e-12", "1e-9"],
    ["00", "0"],
  ])("canonicalizes the alternate spelling %s to %s", (input, expected) => {
    expect(q(input).toString()).toBe(expected);
  });

  it("keeps a BinarySI quantity grown past Ei exact (TestBinarySIPastEiArithmeticRoundTrip)", () => {
    const big = q("1Ei").mul(1024);
    expect(big.toString()).toBe("1180591620717411303424");
    expect(q(big.toString()).cmp(big)).toBe(0);
  });

  it("keeps the input string when upstream's fast path judges it canonical", () => {
    // kubernetes/kubernetes#138165: inputs with 3n decimal places, a plus sign or leading
    // zeros are echoed as written; canonical() shows what they would canonicalize to.
    expect(q("1.500").toString()).toBe("1.500");
    expect(q("1.500").canonical()).toBe("1500m");
    expect(q("+1").toString()).toBe("+1");
    expect(q("01").toString()).toBe("01");
    expect(q("1.001").toString()).toBe("1.001");
    expect(q("1.5").toString()).toBe("1500m"); // one decimal place: canonicalized
  });

  it("serializes to JSON as its string form", () => {
    expect(JSON.stringify({ cpu: q("1.5") })).toBe('{"cpu":"1500m"}');
  });
});

describe("comparing and arithmetic", () => {
  // quantity_test.go TestQuantityCmp
  it.each([
    ["0", "0", 0],
    ["100m", "50m", 1],
    ["50m", "100m", -1],
    ["10000T", "100Gi", 1],
    ["1Ki", "1024", 0],
    ["1k", "1Ki", -1],
    ["-1", "1m", -1],
    ["1E2147483647", "9Ei", 1],
  ] as const)("compares %s with %s as %d", (a, b, expected) => {
    expect(q(a).cmp(q(b))).toBe(expected);
    expect(q(b).cmp(q(a))).toBe(expected === 0 ? 0 : -expected);
  });

  it("adds exactly across formats and keeps the left operand's format", () => {
    expect(q("100m").add(q("1Gi")).toString()).toBe("1073741824100m");
    expect(q("1Gi").add(q("512Mi")).toString()).toBe("1536Mi");
    expect(q("250m").add(q("250m")).add(q("500m")).toString()).toBe("1");
  });

  // quantity_test.go TestQuantityAddZeroPreservesSuffix and TestQuantitySubZeroPreservesSuffix
  it.each(["100m", "1Gi"])("keeps the suffix of %s when adding or subtracting zero", (value) => {
    const zero = q("0");
    expect(q(value).add(zero).toString()).toBe(value);
    expect(zero.add(q(value)).toString()).toBe(value);
    expect(q(value).sub(zero).toString()).toBe(value);
    expect(zero.sub(q(value)).toString()).toBe(q(value).neg().toString());
  });

  it("subtracts down to zero and prints 0, never 0 with a suffix", () => {
    expect(q("1Gi").sub(q("1024Mi")).toString()).toBe("0");
  });

  // quantity_test.go TestQuantityNeg
  it("negates without changing the original", () => {
    const a = Quantity.fromScaled(901, -2);
    expect(a.neg().toString()).toBe("-9010m");
    expect(a.toString()).toBe("9010m");
  });

  it("multiplies by an integer", () => {
    expect(q("250m").mul(4).toString()).toBe("1");
    expect(q("512Mi").mul(2).toString()).toBe("1Gi");
  });

  // quantity_test.go TestQuantityRoundUp
  it.each([
    ["9.01", -3, "9.01", true],
    ["9.01", -2, "9.01", true],
    ["9.01", -1, "9.1", false],
    ["9.01", 0, "10", false],
    ["9.01", 1, "10", false],
    ["9.01", 2, "100", false],
    ["-9.01", -3, "-9.01", true],
    ["-9.01", -2, "-9.01", true],
    ["-9.01", -1, "-9.1", false],
    ["-9.01", 0, "-10", false],
    ["-9.01", 1, "-10", false],
    ["-9.01", 2, "-100", false],
  ] as const)("rounds %s up to scale %d as %s (exact: %s)", (input, scale, expected, exact) => {
    const r = q(input).roundUp(scale);
    expect(r.quantity.cmp(q(expected))).toBe(0);
    expect(r.exact).toBe(exact);
  });
});

describe("reading values", () => {
  it.each([
    ["250m", 1, 250],
    ["1", 1, 1000],
    ["1.5", 2, 1500],
    ["4Gi", 4294967296, 4294967296000],
    ["0.1m", 1, 1], // rounds up: you asked for some CPU, you get some
    ["-1.5", -2, -1500], // away from zero
    ["0", 0, 0],
  ] as const)("reads %s as value %d and milliValue %d", (input, value, milli) => {
    expect(q(input).value()).toBe(value);
    expect(q(input).milliValue()).toBe(milli);
  });

  it("saturates scaled values at the int64 bounds, as upstream's int64 result", () => {
    expect(q("1e30").scaledValue(0)).toBe(9223372036854775807n);
    expect(q("-1e30").scaledValue(0)).toBe(-9223372036854775808n);
    expect(q("1E2147483647").scaledValue(-3)).toBe(9223372036854775807n);
  });

  it("reports zero and sign", () => {
    expect(q("0Gi").isZero()).toBe(true);
    expect(q("-5m").sign()).toBe(-1);
    expect(q("5m").sign()).toBe(1);
  });

  it("gives an approximate number for display", () => {
    expect(q("1.5Gi").asApproximateNumber()).toBeCloseTo(1610612736);
    expect(q("250m").asApproximateNumber()).toBeCloseTo(0.25);
  });

  it("refuses arithmetic that would need an absurd number of digits instead of hanging", () => {
    expect(() => q("1E2147483647").add(q("1"))).toThrow(QuantityError);
  });
});
