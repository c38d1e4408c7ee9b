// The text form of a label selector, as typed after `kubectl get pods -l` and sent in the
// `?labelSelector=` query parameter:
//
//   <selector>    ::= <requirement> | <requirement> "," <selector>
//   <requirement> ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
//
// Like upstream, this is a small lexer (characters → tokens) and a recursive-descent parser
// (tokens → requirements). Two details surprise people: `in` and `notin` are keywords only
// where an operator is expected, so `in in (in)` is a valid selector; and the empty string is
// a valid value, so `env=` means "env is present and empty" and `env in ()` means env in {""}.
//
// Error messages are upstream's, word for word (clients and tests match on them). Upstream
// does not say *where* the error is; we add the character offset as `position`, and
// `pointer()` draws a caret under it.
//
// Reference: k8s.io/apimachinery/pkg/labels/selector.go (Lexer, Parser, Parse).

import {
  binaryOperators,
  type LabelOperator,
  type LabelRequirement,
  LabelsSelector,
  LabelSelectorError,
  newRequirement,
  validateLabelKey,
} from "./label-selector";

type Token =
  | "Error" | "EndOfString" | "ClosedPar" | "Comma" | "DoesNotExist" | "DoubleEquals" | "Equals"
  | "GreaterThan" | "Identifier" | "In" | "LessThan" | "NotEquals" | "NotIn" | "OpenPar";

interface ScannedItem {
  tok: Token;
  literal: string;
  /** Offset of the token's first character in the selector string. */
  pos: number;
}

const string2token: Readonly<Record<string, Token>> = {
  ")": "ClosedPar", ",": "Comma", "!": "DoesNotExist", "==": "DoubleEquals", "=": "Equals",
  ">": "GreaterThan", in: "In", "<": "LessThan", "!=": "NotEquals", notin: "NotIn", "(": "OpenPar",
};
const tokenFor = (s: string): Token | undefined => (Object.hasOwn(string2token, s) ? string2token[s] : undefined);

const isWhitespace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecialSymbol = (ch: string): boolean => "=!(),><".includes(ch) && ch.length === 1;

/** A label selector string that does not parse. `message` is upstream's text. */
export class LabelSelectorParseError extends LabelSelectorError {
  override readonly name: string = "LabelSelectorParseError";
  constructor(
    message: string,
    readonly selector: string,
    /** Offset in `selector` of the token where parsing failed. */
    readonly position: number,
  ) {
    super(message);
  }

  /** The selector with a caret under the failing position, for terminals and notebooks. */
  pointer(): string {
    return `${this.selector}\n${" ".repeat(this.position)}^`;
  }
}

//> label-lexer
/** Lexer: turns `app in (a,b)` into Identifier(app) In OpenPar Identifier(a) Comma ... */
function scan(s: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s.charAt(pos))) pos++;
    const start = pos;
    if (pos >= s.length) {
      items.push({ tok: "EndOfString", literal: "", pos: start });
      return items;
    }
    if (isSpecialSymbol(s.charAt(pos))) {
      // The longest run of symbols that is still a token: "!=" rather than "!" then "=".
      let buffer = "";
      let last: { tok: Token; literal: string } | undefined;
      while (pos < s.length && isSpecialSymbol(s.charAt(pos))) {
        buffer += s.charAt(pos);
        const tok = tokenFor(buffer);
        if (tok !== undefined) last = { tok, literal: buffer };
        else if (last !== undefined) break;
        pos++;
      }
      items.push(last ? { ...last, pos: start } : { tok: "Error", literal: `error expected: keyword found '${buffer}'`, pos: start });
    } else {
      // An identifier runs until whitespace or a symbol; "in" and "notin" are keywords.
      while (pos < s.length && !isSpecialSymbol(s.charAt(pos)) && !isWhitespace(s.charAt(pos))) pos++;
      const literal = s.slice(start, pos);
      items.push({ tok: tokenFor(literal) ?? "Identifier", literal, pos: start });
    }
  }
}
//< label-lexer

type Context = "KeyAndOperator" | "Values";

//> label-parser
/** Parser: recursive descent over the scanned tokens, one method per grammar rule. */
class Parser {
  private position = 0;
  private readonly items: ScannedItem[];

  constructor(private readonly selector: string) {
    this.items = scan(selector);
  }

  private fail(message: string, at: ScannedItem): never {
    throw new LabelSelectorParseError(message, this.selector, at.pos);
  }

  /** In value position, the keywords `in` and `notin` are ordinary identifiers. */
  private lookahead(context: Context): ScannedItem {
    const item = this.items[Math.min(this.position, this.items.length - 1)] as ScannedItem;
    if (context === "Values" && (item.tok === "In" || item.tok === "NotIn")) return { ...item, tok: "Identifier" };
    return item;
  }

  private consume(context: Context): ScannedItem {
    const item = this.lookahead(context);
    this.position++;
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.lookahead("Values");
      if (next.tok === "EndOfString") return requirements;
      if (next.tok !== "Identifier" && next.tok !== "DoesNotExist") {
        this.fail(`found '${next.literal}', expected: !, identifier, or 'end of string'`, next);
      }
      requirements.push(this.parseRequirement());
      const after = this.consume("Values");
      if (after.tok === "EndOfString") return requirements;
      if (after.tok !== "Comma") this.fail(`found '${after.literal}', expected: ',' or 'end of string'`, after);
      const t2 = this.lookahead("Values");
      if (t2.tok !== "Identifier" && t2.tok !== "DoesNotExist") {
        this.fail(`found '${t2.literal}', expected: identifier after ','`, t2);
      }
    }
  }

  /** Errors inside one requirement are prefixed, as upstream wraps them. */
  private parseRequirement(): LabelRequirement {
    const start = this.lookahead("Values");
    try {
      const { key, operator } = this.parseKeyAndInferOperator();
      if (operator === "exists" || operator === "!") return newRequirement(key, operator, []);
      const op = this.parseOperator();
      const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
      // A set: duplicates removed, sorted (upstream's sets.String.List()).
      return newRequirement(key, op, [...new Set(values)].sort());
    } catch (e: unknown) {
      const where = e instanceof LabelSelectorParseError ? e.position : start.pos;
      if (e instanceof LabelSelectorError) {
        throw new LabelSelectorParseError(`unable to parse requirement: ${e.message}`, this.selector, where);
      }
      throw e;
    }
  }

  /** A key, optionally after `!`; with nothing after it, the operator is exists. */
  private parseKeyAndInferOperator(): { key: string; operator: LabelOperator | undefined } {
    let operator: LabelOperator | undefined;
    let item = this.consume("Values");
    if (item.tok === "DoesNotExist") {
      operator = "!";
      item = this.consume("Values");
    }
    if (item.tok !== "Identifier") this.fail(`found '${item.literal}', expected: identifier`, item);
    // Upstream's parser has no field path here: a nil path, printed as "<nil>".
    const keyErr = validateLabelKey(item.literal, undefined);
    if (keyErr !== undefined) this.fail(keyErr.message, item);
    const next = this.lookahead("Values").tok;
    if ((next === "EndOfString" || next === "Comma") && operator !== "!") operator = "exists";
    return { key: item.literal, operator };
  }

  private parseOperator(): LabelOperator {
    const item = this.consume("KeyAndOperator");
    const ops: Partial<Record<Token, LabelOperator>> = {
      In: "in", Equals: "=", DoubleEquals: "==", GreaterThan: "gt", LessThan: "lt", NotIn: "notin", NotEquals: "!=",
    };
    const op = ops[item.tok];
    if (op === undefined) this.fail(`found '${item.literal}', expected: ${binaryOperators.join(", ")}`, item);
    return op;
  }

  /** `(a,b,c)`; empty entries are the empty string: `()` and `(a,)` both contain "". */
  private parseValues(): string[] {
    const open = this.consume("Values");
    if (open.tok !== "OpenPar") this.fail(`found '${open.literal}' expected: '('`, open);
    const first = this.lookahead("Values");
    if (first.tok === "ClosedPar") {
      this.consume("Values");
      return [""];
    }
    if (first.tok !== "Identifier" && first.tok !== "Comma") {
      this.fail(`found '${first.literal}', expected: ',', ')' or identifier`, first);
    }
    const values = this.parseIdentifiersList();
    const close = this.consume("Values");
    if (close.tok !== "ClosedPar") this.fail(`found '${first.literal}', expected: ')'`, close);
    return values;
  }

  private parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const item = this.consume("Values");
      if (item.tok === "Identifier") {
        values.push(item.literal);
        const next = this.lookahead("Values");
        if (next.tok === "ClosedPar") return values;
        if (next.tok !== "Comma") this.fail(`found '${next.literal}', expected: ',' or ')'`, next);
      } else if (item.tok === "Comma") {
        if (values.length === 0) values.push(""); // "(,"
        const next = this.lookahead("Values").tok;
        if (next === "ClosedPar") {
          values.push(""); // ",)"
          return values;
        }
        if (next === "Comma") values.push(""); // ",,"
      } else {
        this.fail(`found '${item.literal}', expected: ',', or identifier`, item);
      }
    }
  }

  /** The single value after `=`, `==`, `!=`, `>` or `<`; nothing there means "". */
  private parseExactValue(): string[] {
    const next = this.lookahead("Values");
    if (next.tok === "EndOfString" || next.tok === "Comma") return [""];
    const item = this.consume("Values");
    if (item.tok !== "Identifier") this.fail(`found '${item.literal}', expected: identifier`, item);
    return [item.literal];
  }
}
//< label-parser

/**
 * labels.Parse: the selector a string describes. Requirements come out sorted by key.
 * "" parses to everything(). Throws LabelSelectorParseError.
 */
export function parseLabelSelector(selector: string): LabelsSelector {
  return LabelsSelector.of(new Parser(selector).parse());
}
