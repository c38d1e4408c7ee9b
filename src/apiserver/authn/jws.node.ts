/// <reference types="node" />
// Node-only: JWS signatures with node:crypto, the `SignatureVerifier` the authenticators take.
// Not imported by anything that runs in the browser (a browser build would use WebCrypto's
// crypto.subtle.verify instead). Also signs, for tests, notebooks and `npm run cluster`, which
// issues ServiceAccount tokens.
//
// Algorithms (RFC 7518 §3): HS256/384/512 (HMAC with a shared secret), RS256/384/512
// (RSASSA-PKCS1-v1_5), PS256/384/512 (RSASSA-PSS) and ES256/384/512 (ECDSA; the JWS signature is
// the raw r||s pair, "ieee-p1363" in node's words).

import { createHmac, createPrivateKey, createPublicKey, KeyObject, type KeyLike, sign, timingSafeEqual, verify } from "node:crypto";
import { base64UrlEncode, type JwtClaims, type SignatureVerifier, utf8Encode } from "./jwt";

const hashes: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

function algorithm(alg: string): { family: "HS" | "RS" | "PS" | "ES"; hash: string } {
  const family = alg.slice(0, 2);
  const hash = hashes[alg.slice(2)];
  if ((family !== "HS" && family !== "RS" && family !== "PS" && family !== "ES") || hash === undefined) {
    throw new Error(`unsupported JWS algorithm ${JSON.stringify(alg)}`);
  }
  return { family, hash };
}

interface KeyInput {
  key: KeyObject;
  padding?: number;
  saltLength?: number;
  dsaEncoding?: "der" | "ieee-p1363";
}

function asymmetricOptions(family: string, key: KeyObject): KeyInput {
  if (family === "PS") return { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: -1 /* digest length */ };
  if (family === "ES") return { key, dsaEncoding: "ieee-p1363" };
  return { key };
}

/** Verifies with node:crypto. `key`: the HMAC secret (string or bytes) or a public key (PEM, KeyObject). */
export const nodeVerify: SignatureVerifier = (alg, signingInput, signature, key) => {
  let a;
  try {
    a = algorithm(alg);
  } catch {
    return false;
  }
  if (a.family === "HS") {
    if (typeof key !== "string" && !(key instanceof Uint8Array)) return false;
    const mac = createHmac(a.hash, key).update(signingInput).digest();
    return mac.length === signature.length && timingSafeEqual(mac, signature);
  }
  if (typeof key === "string" && !key.includes("PUBLIC KEY") && !key.includes("CERTIFICATE")) return false;
  try {
    const pub = key instanceof KeyObject ? key : createPublicKey(key as string);
    return verify(a.hash, signingInput, asymmetricOptions(a.family, pub), signature);
  } catch {
    return false;
  }
};

/** Signs claims into a compact JWS. `key`: the HMAC secret or a private key (PEM, KeyObject). */
export function nodeSignJwt(claims: JwtClaims, alg: string, key: KeyLike, kid?: string): string {
  const header = kid === undefined ? { alg, typ: "JWT" } : { alg, kid, typ: "JWT" };
  const input = `${base64UrlEncode(utf8Encode(JSON.stringify(header)))}.${base64UrlEncode(utf8Encode(JSON.stringify(claims)))}`;
  const a = algorithm(alg);
  let sig: Uint8Array;
  if (a.family === "HS") sig = createHmac(a.hash, key as string | Uint8Array).update(input).digest();
  else {
    const priv = key instanceof KeyObject ? key : createPrivateKey(key);
    sig = sign(a.hash, Buffer.from(input), asymmetricOptions(a.family, priv));
  }
  return `${input}.${base64UrlEncode(sig)}`;
}
