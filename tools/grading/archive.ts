// Reads .zip and .tar.gz submissions in memory, without extracting anything to disk.
//
// A submission archive is untrusted input. Extracting it with a general-purpose tool invites the
// classic problems: members named `../../somewhere` (zip slip), symbolic links pointing at the
// instructor's files, a few kilobytes that inflate to gigabytes. So this reader never writes a
// file: it lists the members and inflates, on request, only the ones the grader asks for, with a
// cap on the inflated size. Links and devices are listed with their type and never followed.
//
// Supported: zip with "stored" and "deflate" members (what every zip tool writes by default);
// tar (ustar, GNU long names, pax path headers), gzip-compressed or not. Not supported, and
// reported as such: zip64, encrypted zip members, other zip compression methods.
import zlib from "node:zlib";

export class ArchiveError extends Error {
  override name = "ArchiveError";
}

export type MemberType = "file" | "directory" | "link" | "other";

export interface Member {
  /** Path inside the archive, with "/" separators, as stored (not normalized). */
  name: string;
  type: MemberType;
  /** Uncompressed size, as the archive claims it. */
  size: number;
  /** The member's bytes; throws an ArchiveError when it would inflate past `maxBytes`. */
  read(maxBytes: number): Buffer;
}

/** What kind of archive a file name says it is, or undefined for anything else. */
export function archiveKind(fileName: string): "zip" | "tar.gz" | "tar" | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".zip")) return "zip";
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) return "tar.gz";
  if (lower.endsWith(".tar")) return "tar";
  return undefined;
}

/** The file name without its archive extension: "alice.tar.gz" -> "alice". */
export function stripArchiveExtension(fileName: string): string {
  return fileName.replace(/\.(zip|tar\.gz|tgz|tar)$/i, "");
}

/** Lists an archive's members. Throws an ArchiveError saying what is wrong with a damaged one. */
export function readArchive(data: Buffer, kind: "zip" | "tar.gz" | "tar", maxMembers = 20_000): Member[] {
  if (kind === "zip") return readZip(data, maxMembers);
  let tar = data;
  if (kind === "tar.gz") {
    try {
      // Cap the inflated size: a small .tar.gz may claim to hold gigabytes.
      tar = zlib.gunzipSync(data, { maxOutputLength: 256 * 1024 * 1024 });
    } catch (err) {
      throw new ArchiveError(`not a readable gzip file (${(err as Error).message})`);
    }
  }
  return readTar(tar, maxMembers);
}

// ── zip ─────────────────────────────────────────────────────────────────────────────────────
// Layout (PKWARE APPNOTE 4.3): local headers and data, then the central directory, then the
// end-of-central-directory record (EOCD), found by scanning backwards for its signature.

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function readZip(data: Buffer, maxMembers: number): Member[] {
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ArchiveError("not a zip file (no end-of-central-directory record; truncated or corrupt?)");
  const count = data.readUInt16LE(eocd + 10);
  const dirSize = data.readUInt32LE(eocd + 12);
  const dirOffset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ArchiveError("zip64 archives are not supported; zip it with a standard tool");
  if (dirOffset + dirSize > data.length) throw new ArchiveError("corrupt zip: the central directory lies outside the file");
  if (count > maxMembers) throw new ArchiveError(`the zip holds ${count} members; more than ${maxMembers} is not a course submission`);

  const members: Member[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL) throw new ArchiveError(`corrupt zip: bad central directory entry ${n + 1}`);
    const flags = data.readUInt16LE(p + 8);
    const method = data.readUInt16LE(p + 10);
    const compressed = data.readUInt32LE(p + 20);
    const size = data.readUInt32LE(p + 24);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    const madeBy = data.readUInt16LE(p + 4) >> 8;
    const external = data.readUInt32LE(p + 38);
    const localOffset = data.readUInt32LE(p + 42);
    const name = data.subarray(p + 46, p + 46 + nameLength).toString(flags & 0x800 ? "utf8" : "latin1");
    p += 46 + nameLength + extraLength + commentLength;

    // Unix zips keep the file mode in the high 16 bits of the external attributes.
    const mode = madeBy === 3 ? external >>> 16 : 0;
    const fileType = mode & 0o170000;
    const type: MemberType = name.endsWith("/")
      ? "directory"
      : fileType === 0o120000
        ? "link"
        : fileType !== 0 && fileType !== 0o100000
          ? "other"
          : "file";
    members.push({
      name,
      type,
      size,
      read(maxBytes) {
        if (flags & 0x1) throw new ArchiveError(`${name}: encrypted zip members are not supported`);
        if (size > maxBytes) throw new ArchiveError(`${name}: ${size} bytes, more than the ${maxBytes} allowed`);
        if (localOffset + 30 > data.length || data.readUInt32LE(localOffset) !== LOCAL) {
          throw new ArchiveError(`corrupt zip: no local header for ${name}`);
        }
        const start = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
        if (start + compressed > data.length) throw new ArchiveError(`corrupt zip: ${name} is truncated`);
        const raw = data.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(raw);
        if (method !== 8) throw new ArchiveError(`${name}: zip compression method ${method} is not supported (use deflate)`);
        try {
          return zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
        } catch (err) {
          throw new ArchiveError(`${name}: cannot inflate (${(err as Error).message})`);
        }
      },
    });
  }
  return members;
}

// ── tar ─────────────────────────────────────────────────────────────────────────────────────
// 512-byte headers, each followed by the member's data padded to 512 bytes; two zero blocks end
// the archive. GNU long names ("L") and pax headers ("x") carry a path for the next member.

function cString(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString("utf8");
}

function octal(block: Buffer, start: number, length: number, what: string): number {
  const text = cString(block, start, length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`corrupt tar: bad ${what} field "${text.slice(0, 20)}"`);
  return parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum === octal(block, 148, 8, "checksum");
}

function readTar(data: Buffer, maxMembers: number): Member[] {
  const members: Member[] = [];
  let p = 0;
  let longName: string | undefined;
  while (p + 512 <= data.length) {
    const header = data.subarray(p, p + 512);
    if (header.every((b) => b === 0)) return members;
    if (!checksumOk(header)) throw new ArchiveError(`corrupt tar: bad header checksum at byte ${p}`);
    const size = octal(header, 124, 12, "size");
    const flag = String.fromCharCode(header[156]!);
    const prefix = cString(header, 257, 6).startsWith("ustar") ? cString(header, 345, 155) : "";
    const dataStart = p + 512;
    if (dataStart + size > data.length) throw new ArchiveError("corrupt tar: truncated (a member runs past the end)");
    const body = data.subarray(dataStart, dataStart + size);
    p = dataStart + Math.ceil(size / 512) * 512;
    if (flag === "L") {
      longName = cString(body, 0, body.length);
      continue;
    }
    if (flag === "x") {
      const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      if (match) longName = match[1];
      continue;
    }
    if (flag === "g") continue;
    const name = longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
    longName = undefined;
    const type: MemberType =
      flag === "0" || flag === "\0" || flag === "7" ? "file" : flag === "5" ? "directory" : flag === "1" || flag === "2" ? "link" : "other";
    if (members.length >= maxMembers) throw new ArchiveError(`the archive holds more than ${maxMembers} members; not a course submission`);
    members.push({
      name,
      type,
      size,
      read(maxBytes) {
        if (size > maxBytes) throw new ArchiveError(`${name}: ${size} bytes, more than the ${maxBytes} allowed`);
        return Buffer.from(body);
      },
    });
  }
  if (members.length === 0) throw new ArchiveError("not a tar archive (too short, or empty)");
  // Some writers omit the two closing zero blocks; the members read so far are complete.
  return members;
}

// ── writers, for tests and the benchmark ────────────────────────────────────────────────────

/** A .tar.gz holding `files` (path -> text). For tests and benchmarks; not a general tar writer. */
export function writeTarGz(files: Record<string, string | Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const header = Buffer.alloc(512);
    if (Buffer.byteLength(name) > 100) throw new Error(`writeTarGz: name too long: ${name}`);
    header.write(name, 0, "utf8");
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(body.length.toString(8).padStart(11, "0") + "\0", 124);
    header.write("00000000000\0", 136);
    header.write("0", 156);
    header.write("ustar\0", 257);
    header.write("00", 263);
    header.fill(32, 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}

/** A .zip (deflate) holding `files` (path -> text). For tests and benchmarks. */
export function writeZip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const packed = zlib.deflateRawSync(body);
    const nameBytes = Buffer.from(name, "utf8");
    const crc = zlib.crc32(body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  const count = Object.keys(files).length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
