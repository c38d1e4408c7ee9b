// The suffixes of a resource quantity: what `Mi`, `m` and `e3` mean, and which suffix to print.
//
// A quantity's suffix decides both its value and its *format*, which is remembered so that a
// quantity written in binary units (`512Mi`) is printed back in binary units:
//
//   BinarySI         Ki Mi Gi Ti Pi Ei              powers of 2^10
//   DecimalSI        n u m "" k M G T P E           powers of 10^3 (note: k is lower case)
//   DecimalExponent  e<int> or E<int>               any power of 10: 1e3, 5E-2
//
// Reference: k8s.io/apimachinery/pkg/api/resource/suffix.go.

export type QuantityFormat = "DecimalExponent" | "BinarySI" | "DecimalSI";

/** What a suffix means: the value is multiplied by base^exponent. */
export interface SuffixMeaning {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

const decimalSuffixes: ReadonlyArray<readonly [string, number]> = [
  ["n", -9],
  ["u", -6],
  ["m", -3],
  ["", 0],
  ["k", 3],
  ["M", 6],
  ["G", 9],
  ["T", 12],
  ["P", 15],
  ["E", 18],
];

const binarySuffixes: ReadonlyArray<readonly [string, number]> = [
  ["Ki", 10],
  ["Mi", 20],
  ["Gi", 30],
  ["Ti", 40],
  ["Pi", 50],
  ["Ei", 60],
];

const maxInt32 = 2147483647;
const maxInt64 = 9223372036854775807n;

/**
 * suffixHandler.interpret: the meaning of a suffix, or undefined if it is not one.
 * `E` alone is exa (10^18, DecimalSI); `E` followed by digits is an exponent (`1E3`).
 */
export function interpretSuffix(s: string): SuffixMeaning | undefined {
  for (const [suffix, exponent] of decimalSuffixes) {
    if (s === suffix) return { base: 10, exponent, format: "DecimalSI" };
  }
  for (const [suffix, exponent] of binarySuffixes) {
    if (s === suffix) return { base: 2, exponent, format: "BinarySI" };
  }
  if (s.length > 1 && (s[0] === "e" || s[0] === "E")) {
    // strconv.ParseInt(s[1:], 10, 64): an optional sign, then decimal digits.
    const digits = s.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed > maxInt64 || parsed < -maxInt64 - 1n) return undefined;
    // The exponent is stored in an int32 scale that is later negated, so upstream rejects
    // anything outside [-MaxInt32, MaxInt32] rather than let it wrap to another number.
    if (parsed > BigInt(maxInt32) || parsed < BigInt(-maxInt32)) return undefined;
    return { base: 10, exponent: Number(parsed), format: "DecimalExponent" };
  }
  return undefined;
}

/** The DecimalSI suffix for 10^exponent, or undefined if there is none (beyond n..E). */
export function decimalSuffixFor(exponent: number): string | undefined {
  return decimalSuffixes.find(([, e]) => e === exponent)?.[0];
}

/** The BinarySI suffix for 1024^power (power 1 is Ki), "" for power 0, or undefined. */
export function binarySuffixFor(power: number): string | undefined {
  if (power === 0) return "";
  return binarySuffixes.find(([, e]) => e === power * 10)?.[0];
}
