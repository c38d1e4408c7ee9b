// resource.Quantity: the exact numbers behind `cpu: 250m` and `memory: 4Gi`.
//
// The scheduler adds up requests, the kubelet compares them with capacity, quota sums them
// across a namespace: all of it must be exact, so a quantity is never a floating-point
// number. Upstream keeps an int64 with a power-of-ten scale (falling back to an arbitrary
// precision decimal); we keep a bigint `mantissa` and a `scale`, value = mantissa × 10^scale,
// which gives the same answers without the two code paths.
//
// Rules a learner will meet in practice, all reproduced here:
// - a parsed quantity remembers its format (BinarySI, DecimalSI, DecimalExponent);
// - values are rounded *up* (away from zero) to nano precision: "0.1n" becomes "1n";
// - String() prints the canonical form: no fraction, the largest suffix that loses nothing,
//   in the remembered format: "1.5G" → "1500M", "0.5Gi" → "512Mi", "1000m" → "1";
// - BinarySI values between -1024 and 1024, or with a fraction, print as DecimalSI ("500m");
// - value() and milliValue() round up, away from zero: "1.5" has value() 2 and
//   milliValue() 1500; "0.1m" has milliValue() 1.
//
// Reference: k8s.io/apimachinery/pkg/api/resource/quantity.go (ParseQuantity,
// parseQuantityString, CanonicalizeBytes) and amount.go (AsCanonicalBytes). Test tables come
// from quantity_test.go.

import { keepsInputString, parseQuantityString, QuantityError } from "./quantity-parse";
import { binarySuffixFor, decimalSuffixFor, interpretSuffix, type QuantityFormat } from "./quantity-suffix";

export { QuantityError, type QuantityErrorKind } from "./quantity-parse";
export type { QuantityFormat } from "./quantity-suffix";

const maxInt64 = 9223372036854775807n; // upstream maxAllowed for BinarySI, and int64 bounds
const minInt64 = -maxInt64 - 1n;
const nano = -9; // parsing rounds up to this scale

// SIMPLIFICATION: upstream accepts exponents up to ±2^31 but would then build numbers with
// billions of digits when asked to add them. We refuse an alignment beyond 100000 digits
// with a QuantityError("Range") instead of running out of memory.
function pow10(n: number): bigint {
  if (n > 100_000) throw new QuantityError("Range");
  return 10n ** BigInt(n);
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);
const digitCount = (n: bigint): number => abs(n).toString().length;


/** A Kubernetes resource quantity. Immutable: arithmetic returns new quantities. */
export class Quantity {
  private constructor(
    /** The value is mantissa × 10^scale. */
    private readonly mantissa: bigint,
    private readonly scale: number,
    /** The format String() prints in; BinarySI may still print as DecimalSI (see above). */
    readonly format: QuantityFormat,
    /** The parsed text, when upstream would keep it as the string form (see parse). */
    private readonly cached?: string,
  ) {}

  //> parse-quantity
  /** ParseQuantity. Throws QuantityError with upstream's message on malformed input. */
  static parse(str: string): Quantity {
    if (str.length === 0) throw new QuantityError("FormatWrong");
    if (str === "0") return new Quantity(0n, 0, "DecimalSI", str);

    const { positive, num, denom, suffix } = parseQuantityString(str);
    const meaning = interpretSuffix(suffix);
    if (meaning === undefined) throw new QuantityError("Suffix");
    const { base, exponent } = meaning;
    let format = meaning.format;

    // The exact value: digits × 10^-len(denom) × base^exponent.
    let mantissa = BigInt(num + denom);
    let scale = -denom.length;
    if (base === 10) scale += exponent;
    else mantissa *= 1n << BigInt(exponent);
    if (!positive) mantissa = -mantissa;

    // Round away from zero to nano precision: "if you want some resources, you should get
    // some resources, even if you asked for way too small of an amount" (upstream comment).
    if (scale < nano) {
      const drop = nano - scale;
      let m = abs(mantissa);
      if (drop > digitCount(m)) m = m === 0n ? 0n : 1n; // below one nano: round up to 1n
      else {
        const unit = pow10(drop);
        m = m / unit + (m % unit === 0n ? 0n : 1n);
      }
      mantissa = positive ? m : -m;
      scale = nano;
    }
    let q = new Quantity(mantissa, scale, format);

    if (format === "BinarySI") {
      // BinarySI is capped at 2^63-1 (a "simple cap"; DecimalSI is not capped) ...
      if (q.abs().cmp(Quantity.fromInt(maxInt64)) > 0) {
        q = new Quantity(positive ? maxInt64 : -maxInt64, 0, format);
      }
      // ... and a fraction of one, such as "0.000000000001Ki", switches to DecimalSI.
      if (!q.isZero() && q.abs().cmp(Quantity.fromInt(1)) < 0) format = "DecimalSI";
    }

    // Upstream keeps the input string as the quantity's string form when a cheap test says
    // it is already canonical, and skips canonicalization. The test is not perfect: "1.500",
    // "+1" and "01" are kept as written (kubernetes/kubernetes#138165). We reproduce it, so
    // that what our API server echoes back is what a real one would.
    const cached = keepsInputString(num, denom, base, exponent) ? str : undefined;
    return new Quantity(q.mantissa, q.scale, format, cached);
  }
  //< parse-quantity

  /** NewQuantity: an integer value in the given format (DecimalSI by default). */
  static fromInt(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(value), 0, format);
  }

  /** NewMilliQuantity: value/1000, e.g. fromMilli(250) is "250m". */
  static fromMilli(value: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(value), -3, format);
  }

  /** NewScaledQuantity: value × 10^scale, in DecimalSI. */
  static fromScaled(value: number | bigint, scale: number): Quantity {
    return new Quantity(BigInt(value), scale, "DecimalSI");
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.mantissa < 0n ? -1 : this.mantissa > 0n ? 1 : 0;
  }

  //> quantity-cmp
  /** Cmp: -1, 0 or 1. Exact, whatever the two formats. */
  cmp(other: Quantity): -1 | 0 | 1 {
    const sa = this.sign();
    const sb = other.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    // Same sign. First compare orders of magnitude (cheap even for 1e2000000000) ...
    const ea = digitCount(this.mantissa) + this.scale;
    const eb = digitCount(other.mantissa) + other.scale;
    if (ea !== eb) return (ea < eb ? -sa : sa) as -1 | 1;
    // ... then align the scales, which now differ by at most the number of digits.
    const [a, b] = Quantity.align(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  //< quantity-cmp

  equal(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** Add. If this is zero, the result takes `other`'s format, as upstream. */
  add(other: Quantity): Quantity {
    const format = this.isZero() ? other.format : this.format;
    if (other.isZero()) return new Quantity(this.mantissa, this.scale, format);
    if (this.isZero()) return new Quantity(other.mantissa, other.scale, format);
    const [a, b, scale] = Quantity.align(this, other);
    return new Quantity(a + b, scale, format);
  }

  /** Both mantissas at the smaller of the two scales, and that scale. */
  private static align(a: Quantity, b: Quantity): [bigint, bigint, number] {
    const scale = Math.min(a.scale, b.scale);
    return [a.mantissa * pow10(a.scale - scale), b.mantissa * pow10(b.scale - scale), scale];
  }

  /** Sub. If this is zero, the result takes `other`'s format, as upstream. */
  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  neg(): Quantity {
    return new Quantity(-this.mantissa, this.scale, this.format);
  }

  abs(): Quantity {
    return this.mantissa < 0n ? this.neg() : this;
  }

  /** Mul by an integer, e.g. a per-pod request times the number of replicas. */
  mul(factor: number | bigint): Quantity {
    return new Quantity(this.mantissa * BigInt(factor), this.scale, this.format);
  }

  /** The same value, printed in another format. */
  withFormat(format: QuantityFormat): Quantity {
    return new Quantity(this.mantissa, this.scale, format);
  }

  /**
   * RoundUp: the value rounded away from zero to a multiple of 10^scale (scale -3 is milli),
   * and whether that was exact. `9.01` at scale -1 is `9.1`, inexact.
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (this.scale >= scale) return { quantity: this, exact: true };
    const drop = scale - this.scale;
    const m = abs(this.mantissa);
    let rounded: bigint;
    let exact: boolean;
    if (drop > digitCount(m)) {
      rounded = m === 0n ? 0n : 1n;
      exact = m === 0n;
    } else {
      const unit = pow10(drop);
      exact = m % unit === 0n;
      rounded = m / unit + (exact ? 0n : 1n);
    }
    const mantissa = this.mantissa < 0n ? -rounded : rounded;
    return { quantity: new Quantity(mantissa, scale, this.format), exact };
  }

  //> scaled-value
  /**
   * ScaledValue: ceil(q / 10^scale), rounding away from zero, saturated to the int64 range
   * as upstream's int64 result would be. value() is scale 0, milliValue() scale -3.
   */
  scaledValue(scale: number): bigint {
    if (this.mantissa === 0n) return 0n;
    let result: bigint;
    if (this.scale >= scale) {
      const up = this.scale - scale;
      // 10^19 already overflows an int64: saturate without building a huge number.
      result = up >= 19 ? (this.mantissa < 0n ? minInt64 : maxInt64) : this.mantissa * pow10(up);
    } else {
      result = this.roundUp(scale).quantity.mantissa;
    }
    return result > maxInt64 ? maxInt64 : result < minInt64 ? minInt64 : result;
  }
  //< scaled-value

  /** Value: the value rounded up to an integer. Exact below 2^53, like any JS number. */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** MilliValue: the value in thousandths, rounded up; "250m" gives 250, "1" gives 1000. */
  milliValue(): number {
    return Number(this.scaledValue(-3));
  }

  /** AsApproximateFloat64: a float for display and scoring, never for accounting. */
  asApproximateNumber(): number {
    return Number(this.mantissa) * 10 ** this.scale;
  }

  /** String: the kept input string when there is one, else the canonical form. */
  toString(): string {
    return this.cached ?? this.canonical();
  }

  /** MarshalJSON writes the same string. */
  toJSON(): string {
    return this.toString();
  }

  //> canonicalize
  /** CanonicalizeBytes: the canonical string form, computed (never the kept input). */
  canonical(): string {
    if (this.isZero()) return "0";
    let format = this.format;
    let integer: bigint | undefined; // the exact integer value, for BinarySI
    if (format === "BinarySI") {
      // Small or fractional binary values print in decimal, to avoid rounding and confusion:
      // 0.5Ki is "512", but 0.5 is "500m", not "0Ki".
      const { quantity, exact } = this.roundUp(0);
      const small = this.cmp(Quantity.fromInt(-1024)) > 0 && this.cmp(Quantity.fromInt(1024)) < 0;
      if (small || !exact) format = "DecimalSI";
      else integer = quantity.mantissa * pow10(quantity.scale);
    }
    if (format === "BinarySI" && integer !== undefined) {
      // Move every factor of 1024 into the suffix: 1536Mi stays, 1024Mi becomes 1Gi.
      let power = 0;
      while (integer % 1024n === 0n) {
        integer /= 1024n;
        power++;
      }
      const suffix = binarySuffixFor(power);
      if (suffix !== undefined) return integer.toString() + suffix;
      // Beyond Ei there is no binary suffix: fall back to an exact decimal form (upstream
      // fixed this in 2026; before, the suffix was silently dropped).
      format = "DecimalExponent";
    }
    // Base 10: move trailing zeros into the exponent, then bring the exponent down to a
    // multiple of 3 so that it has an SI suffix: 1.5e9 is "1500M", 1.08 is "1080m".
    let mantissa = this.mantissa;
    let exponent = this.scale;
    while (mantissa % 10n === 0n) {
      mantissa /= 10n;
      exponent++;
    }
    while (exponent % 3 !== 0) {
      mantissa *= 10n;
      exponent--;
    }
    if (format === "DecimalSI") {
      const suffix = decimalSuffixFor(exponent);
      // Beyond n..E there is no SI suffix: use exponent notation rather than drop it.
      if (suffix !== undefined) return mantissa.toString() + suffix;
    }
    return mantissa.toString() + (exponent === 0 ? "" : `e${exponent}`);
  }
  //< canonicalize
}

/** ParseQuantity as a function. Numbers are accepted too, as a JSON number would be. */
export function parseQuantity(value: string | number): Quantity {
  return Quantity.parse(typeof value === "number" ? String(value) : value);
}

/** ParseQuantity without exceptions, for validation code that collects errors. */
export function tryParseQuantity(
  value: string,
): { ok: true; quantity: Quantity } | { ok: false; error: QuantityError } {
  try {
    return { ok: true, quantity: Quantity.parse(value) };
  } catch (e: unknown) {
    if (e instanceof QuantityError) return { ok: false, error: e };
    throw e;
  }
}
