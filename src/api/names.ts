// Names in Kubernetes: what a valid object name, label key and label value look like, and how
// the API server invents a name when a manifest only gives `generateName`.
//
// Most object names must be DNS subdomains (RFC 1123): `nginx`, `web-7d4b9`, `kube-dns.v2`.
// Some kinds, whose names end up as DNS labels or hostnames (Namespaces, Services), must be a
// single DNS label: no dots, at most 63 characters. Label keys are "qualified names": an
// optional DNS subdomain prefix and a slash, then a name part that may also use `_` and `.`
// and upper case.
//
// The validators return a list of messages, empty when the value is valid, exactly as upstream
// does, so callers can wrap each one in a `field.invalid(...)` (see validateLabels below).
//
// Reference: k8s.io/apimachinery/pkg/util/validation/validation.go (DNS names) and
// k8s.io/apimachinery/pkg/api/validate/content/{dns,kube,errors}.go (label keys and values).
// Note: since Kubernetes v1.34 the label key/value checks live in the `content` package, whose
// length message says "bytes"; the DNS name checks in validation.go still say "characters".
// Both count bytes (Go's len), so we count UTF-8 bytes too.

import { field, type FieldErrorList, type FieldPath } from "./field-errors";
import { utf8Length } from "./go-quote";

/** Random integers in [lo, hi). The simulation kernel's `Rng` (src/sim) satisfies this. */
export interface RandomSource {
  int(lo: number, hi: number): number;
}

/** validation.RegexError: the message, examples, and the regex shown to the user. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // Each example is followed by ", " and joined with " or ", which is why upstream's message
  // has two spaces in "'my-name',  or '123-abc'". We keep it: clients match these strings.
  let out = msg + " (e.g. ";
  examples.forEach((ex, i) => {
    if (i > 0) out += " or ";
    out += `'${ex}', `;
  });
  return out + `regex used for validation is '${fmt}')`;
}

/** validation.MaxLenError (DNS names). */
const maxLenError = (length: number): string => `must be no more than ${length} characters`;
/** content.MaxLenError (label keys and values, v1.34+). */
const maxLenBytesError = (length: number): string => `must be no more than ${length} bytes`;

//> dns-names
export const DNS1123LabelMaxLength = 63;
export const DNS1123SubdomainMaxLength = 253;
export const DNS1035LabelMaxLength = 63;

const dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

const dns1123LabelRegexp = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1035LabelRegexp = new RegExp(`^${dns1035LabelFmt}$`);

/** An RFC 1123 DNS label, e.g. a Namespace name: `my-name`, `123-abc`. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123LabelMaxLength) errs.push(maxLenError(DNS1123LabelMaxLength));
  if (!dns1123LabelRegexp.test(value)) {
    // A valid subdomain that is not a valid label can only be wrong because of its dots:
    // say so plainly instead of printing the regex.
    if (dns1123SubdomainRegexp.test(value)) errs.push("must not contain dots");
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc"));
  }
  return errs;
}

/** An RFC 1123 DNS subdomain, the rule for most object names: `example.com`, `web-1`. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123SubdomainMaxLength) {
    errs.push(maxLenError(DNS1123SubdomainMaxLength));
  }
  if (!dns1123SubdomainRegexp.test(value)) {
    errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, "example.com"));
  }
  return errs;
}

/** An RFC 1035 DNS label (must start with a letter), e.g. a Service name: `my-name`. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035LabelMaxLength) errs.push(maxLenError(DNS1035LabelMaxLength));
  if (!dns1035LabelRegexp.test(value)) {
    errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123"));
  }
  return errs;
}
//< dns-names

//> label-keys-and-values
const labelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const labelKeyErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelKeyMaxLength = 63;
const labelKeyRegexp = new RegExp(`^${labelKeyFmt}$`);

const labelValueFmt = `(${labelKeyFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LabelValueMaxLength = 63;
const labelValueRegexp = new RegExp(`^${labelValueFmt}$`);

/**
 * A label key, also called a qualified name: `app`, `app.kubernetes.io/name`.
 * An optional DNS subdomain prefix and `/`, then a name part of at most 63 bytes.
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? "";
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    name = parts[1] ?? "";
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => "prefix part " + m));
  } else {
    return [
      "a valid label key " +
        regexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc") +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (utf8Length(name) > labelKeyMaxLength) {
    errs.push("name part " + maxLenBytesError(labelKeyMaxLength));
  }
  if (!labelKeyRegexp.test(name)) {
    errs.push("name part " + regexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc"));
  }
  return errs;
}

/** A label value: empty, or up to 63 bytes of alphanumerics, `-`, `_`, `.`. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LabelValueMaxLength) errs.push(maxLenBytesError(LabelValueMaxLength));
  if (!labelValueRegexp.test(value)) {
    errs.push(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"));
  }
  return errs;
}

/**
 * metav1validation.ValidateLabels: one `Invalid value` error per problem, at `path`.
 * Keys are visited in sorted order so the output is deterministic (Go's map order is random).
 */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): FieldErrorList {
  const errs: FieldErrorList = [];
  for (const key of Object.keys(labels ?? {}).sort()) {
    const value = labels?.[key] ?? "";
    for (const msg of isQualifiedName(key)) errs.push(field.invalid(path, key, msg));
    for (const msg of isValidLabelValue(value)) errs.push(field.invalid(path, value, msg));
  }
  return errs;
}
//< label-keys-and-values

//> generate-name
// The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, so that a random suffix
// cannot spell a word (and no 0/1/3 that look like o/l/e).
const alphanums = "bcdfghjklmnpqrstvwxz2456789";
const maxNameLength = 63;
const randomLength = 5;
/** Upstream `MaxGeneratedNameLength`: the longest base that still leaves room for the suffix. */
export const MaxGeneratedNameLength = maxNameLength - randomLength;

/**
 * SimpleNameGenerator.GenerateName (k8s.io/apiserver/pkg/storage/names/generate.go):
 * the base, cut to 58 characters, plus 5 random characters. `generateName: web-` gives
 * names like `web-x7k2q`. The result is at most 63 characters, a valid DNS label when the
 * base is one.
 *
 * SIMPLIFICATION: upstream cuts the base at 58 *bytes*; we cut at 58 UTF-16 code units. They
 * differ only for non-ASCII bases, which validation rejects anyway.
 */
export function generateName(base: string, rng: RandomSource): string {
  const cut = base.length > MaxGeneratedNameLength ? base.slice(0, MaxGeneratedNameLength) : base;
  let suffix = "";
  for (let i = 0; i < randomLength; i++) suffix += alphanums.charAt(rng.int(0, alphanums.length));
  return cut + suffix;
}
//< generate-name
