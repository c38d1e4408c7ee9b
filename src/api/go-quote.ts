// Go's `%q` verb, for error messages that must read exactly as the API server writes them.
//
// Kubernetes formats names and bad values in its messages with Go's `fmt.Sprintf("%q", s)`
// (`pods "web" not found`, `Invalid value: "Web"`). JSON.stringify is close but not the same:
// Go writes `\x01` where JSON writes `\u0001`, and Go escapes non-printable Unicode such as a
// no-break space. This file reproduces Go's rules so our messages match byte for byte.
//
// Reference: Go's strconv/quote.go (appendQuotedWith, appendEscapedRune) and unicode.IsPrint.
//
// SIMPLIFICATION: JavaScript strings are UTF-16, not bytes, so they cannot hold the invalid
// UTF-8 that Go would print as `\xff`. A lone surrogate (the nearest equivalent) is printed as
// `\ufffd`, the replacement character.

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and the ASCII space.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const namedEscapes: Readonly<Record<string, string>> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
  '"': '\\"',
};

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/** Quote `s` as Go's `strconv.Quote` (and so `fmt.Sprintf("%q", s)`) does. */
export function goQuote(s: string): string {
  let out = '"';
  // for..of walks code points, so an emoji is one step, as a Go rune is.
  for (const ch of s) {
    const named = namedEscapes[ch];
    if (named !== undefined) {
      out += named;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += "\\ufffd"; // a lone surrogate: see SIMPLIFICATION above
    } else if (printable.test(ch)) {
      out += ch;
    } else if (code < 0x20 || code === 0x7f) {
      out += "\\x" + hex(code, 2);
    } else if (code < 0x10000) {
      out += "\\u" + hex(code, 4);
    } else {
      out += "\\U" + hex(code, 8);
    }
  }
  return out + '"';
}

/** The length of `s` in UTF-8 bytes, which is what Go's `len(s)` counts. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
