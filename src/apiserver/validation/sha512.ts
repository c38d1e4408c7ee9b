// SHA-512 (FIPS 180-4), synchronous and dependency-free, for the `?hash=` of /openapi/v3 URLs.
//
// kube-openapi names each group version's document by the SHA-512 of its bytes, printed as upper
// case hex (`fmt.Sprintf("%X", sha512.Sum512(data))` in pkg/handler3), so that clients can cache
// a document forever and notice a change by its URL. This module must run in the browser too
// (no node:crypto) and synchronously (crypto.subtle is async), hence this small implementation.
// 64-bit words are kept as pairs of 32-bit halves; `>>> 0` keeps each half unsigned.

const K: readonly number[] = [
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
];

const H0: readonly number[] = [
  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
  0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
];

/**
 * The bytes of `s` in UTF-8. (TextEncoder would do, but the library is compiled without DOM
 * types, so we encode by hand.) A lone surrogate becomes U+FFFD, as TextEncoder does.
 */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/** SHA-512 of `data` (a string is hashed as UTF-8), as upper case hex. */
export function sha512Hex(data: string | Uint8Array): string {
  const bytes = typeof data === "string" ? utf8(data) : data;
  // Padding: 0x80, zeros, then the length in bits as a 128-bit big-endian number.
  const blocks = Math.ceil((bytes.length + 17) / 128);
  const msg = new Uint8Array(blocks * 128);
  msg.set(bytes);
  msg[bytes.length] = 0x80;
  const view = new DataView(msg.buffer);
  const bits = bytes.length * 8;
  view.setUint32(msg.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(msg.length - 4, bits >>> 0);

  const h = [...H0];
  const w = new Array<number>(160).fill(0);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < 32; i++) w[i] = view.getUint32(b * 128 + i * 4);
    for (let i = 16; i < 80; i++) {
      const [xh, xl] = [w[(i - 15) * 2] ?? 0, w[(i - 15) * 2 + 1] ?? 0];
      const [yh, yl] = [w[(i - 2) * 2] ?? 0, w[(i - 2) * 2 + 1] ?? 0];
      // sigma0 = rotr1 ^ rotr8 ^ shr7; sigma1 = rotr19 ^ rotr61 ^ shr6
      const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
      const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
      const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
      const lo = (s0l >>> 0) + (s1l >>> 0) + (w[(i - 7) * 2 + 1] ?? 0) + (w[(i - 16) * 2 + 1] ?? 0);
      const hi = s0h + s1h + (w[(i - 7) * 2] ?? 0) + (w[(i - 16) * 2] ?? 0) + Math.floor(lo / 2 ** 32);
      w[i * 2] = hi >>> 0;
      w[i * 2 + 1] = lo >>> 0;
    }
    let [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl] = h as [
      number, number, number, number, number, number, number, number,
      number, number, number, number, number, number, number, number,
    ];
    for (let i = 0; i < 80; i++) {
      // Sigma1(e) = rotr14 ^ rotr18 ^ rotr41; Ch(e,f,g); Sigma0(a) = rotr28 ^ rotr34 ^ rotr39; Maj(a,b,c)
      const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
      const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
      const chh = (eh & fh) ^ (~eh & gh);
      const chl = (el & fl) ^ (~el & gl);
      const t1l = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K[i * 2 + 1] ?? 0) + (w[i * 2 + 1] ?? 0);
      const t1h = hh + S1h + chh + (K[i * 2] ?? 0) + (w[i * 2] ?? 0) + Math.floor(t1l / 2 ** 32);
      const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
      const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
      const mjh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const mjl = (al & bl) ^ (al & cl) ^ (bl & cl);
      const t2l = (S0l >>> 0) + (mjl >>> 0);
      const t2h = S0h + mjh + Math.floor(t2l / 2 ** 32);
      [hh, hl, gh, gl, fh, fl] = [gh, gl, fh, fl, eh, el];
      const el2 = (dl >>> 0) + (t1l >>> 0);
      [eh, el] = [(dh + t1h + Math.floor(el2 / 2 ** 32)) >>> 0, el2 >>> 0];
      [dh, dl, ch, cl, bh, bl] = [ch, cl, bh, bl, ah, al];
      const al2 = (t1l >>> 0) + (t2l >>> 0);
      [ah, al] = [(t1h + t2h + Math.floor(al2 / 2 ** 32)) >>> 0, al2 >>> 0];
    }
    const out = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
    for (let i = 0; i < 16; i += 2) {
      const lo = (h[i + 1] ?? 0) + (out[i + 1] ?? 0);
      h[i] = ((h[i] ?? 0) + (out[i] ?? 0) + Math.floor(lo / 2 ** 32)) >>> 0;
      h[i + 1] = lo >>> 0;
    }
  }
  return h.map((x) => x.toString(16).padStart(8, "0")).join("").toUpperCase();
}
