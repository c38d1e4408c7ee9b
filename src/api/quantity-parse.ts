// Reading a quantity string: the scanner that splits "-1.025Ti" into its pieces, the parse
// errors, and upstream's test for keeping the input text as the string form.
//
// Reference: k8s.io/apimachinery/pkg/api/resource/quantity.go (parseQuantityString,
// ParseQuantity's fast path, ErrFormatWrong, ErrNumeric, ErrSuffix).

const splitREString = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/** Why a string is not a quantity. `message` is upstream's exact error text. */
export type QuantityErrorKind = "FormatWrong" | "Numeric" | "Suffix" | "Range";

const messages: Readonly<Record<QuantityErrorKind, string>> = {
  FormatWrong: `quantities must match the regular expression '${splitREString}'`,
  Numeric: "unable to parse numeric part of quantity",
  Suffix: "unable to parse quantity's suffix",
  // Not upstream: see the SIMPLIFICATION on pow10 in quantity.ts.
  Range: "quantity arithmetic would need more than 100000 digits",
};

export class QuantityError extends Error {
  override readonly name: string = "QuantityError";
  constructor(readonly kind: QuantityErrorKind) {
    super(messages[kind]);
  }
}

const maxInt64 = 9223372036854775807n;
const nano = -9;

//> parse-quantity-string
/** The pieces of "-1.025Ti": sign, integer digits "1", fraction digits "025", suffix "Ti". */
export interface QuantityPieces {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: a hand-written scanner, faster than the regex it implements. */
export function parseQuantityString(str: string): QuantityPieces {
  const end = str.length;
  let pos = 0;
  let positive = true;
  if (str[0] === "-") {
    positive = false;
    pos++;
  } else if (str[0] === "+") {
    pos++;
  }
  while (pos < end && str[pos] === "0") pos++; // leading zeros
  if (pos >= end) return { positive, num: "0", denom: "", suffix: "" };

  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
  let start = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  const num = str.slice(start, pos) || "0";

  let denom = "";
  if (str[pos] === ".") {
    start = ++pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(start, pos); // "1." and "1.G" are accepted, with an empty fraction
  }

  // The suffix: letters from the set, then an optional sign and digits (for "e-3").
  const suffixStart = pos;
  while (pos < end && "eEinumkKMGTP".includes(str[pos] ?? "")) pos++;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError("FormatWrong"); // e.g. "1.1.M", " 1", "1 "
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}
//< parse-quantity-string

/**
 * The fast path of upstream ParseQuantity keeps the input string when it fits an int64 and
 * "looks canonical". This reproduces that decision exactly (see the comment in parse).
 */
export function keepsInputString(num: string, denom: string, base: 2 | 10, exponent: number): boolean {
  const shifted = num + denom;
  if (base === 10) {
    const fitsInt64 = 18 - shifted.length >= 0; // maxInt64Factors = 18 digits
    const scale = exponent - denom.length;
    if (!fitsInt64 || scale < nano) return false;
    return scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
  }
  // BinarySI: only whole numbers take the fast path, and only if value × 2^exponent fits.
  const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  if (denom.length !== 0 || precision < 0) return false;
  const value = BigInt(num);
  if (value * (1n << BigInt(exponent)) > maxInt64) return false;
  return exponent % 10 === 0 && (value & 7n) !== 0n;
}
