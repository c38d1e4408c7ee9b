// Static tokens from a CSV file (--token-auth-file): one line per token,
//
//   token,user,uid,"group1,group2"
//
// Tokens never expire and changing them needs an API server restart: fine for a course or a
// bootstrap, wrong for production. Upstream:
// k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go (NewCSV).

import type { UserInfo } from "../types";
import { authenticated, noOpinion, type TokenAuthenticator } from "./types";

export class TokenFileError extends Error {
  override readonly name = "TokenFileError";
}

/**
 * Parses the token file. Like upstream's csv.Reader (FieldsPerRecord = -1, TrimLeadingSpace):
 * quoted fields may hold commas, blank lines are skipped, an empty token is skipped, and a
 * duplicate token replaces the earlier one.
 */
export function parseTokenFile(text: string, path = "tokens.csv"): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const record = parseCsvLine(line, path);
    if (record.length < 3) {
      throw new TokenFileError(
        `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`,
      );
    }
    const [token, name, uid, groups] = record as [string, string, string, string | undefined];
    if (token === "") continue; // upstream skips it with a warning
    tokens.set(token, { name, uid, groups: groups === undefined ? [] : groups.split(",") });
  }
  return tokens;
}

function parseCsvLine(line: string, path: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === " " || line[i] === "\t") i++; // TrimLeadingSpace
    let value = "";
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new TokenFileError(`${path}: extraneous or missing " in quoted-field`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') { value += '"'; i += 2; continue; }
          i++;
          break;
        }
        value += line[i++];
      }
      if (i < line.length && line[i] !== ",") throw new TokenFileError(`${path}: extraneous or missing " in quoted-field`);
    } else {
      while (i < line.length && line[i] !== ",") value += line[i++];
    }
    fields.push(value);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

export function tokenFileAuthenticator(tokens: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  return {
    name: "tokenfile",
    authenticateToken(token) {
      const user = tokens.get(token);
      return user === undefined ? noOpinion : authenticated({ ...user, groups: [...user.groups] });
    },
  };
}
