// Base64 (RFC 4648 §4) of UTF-8 text: how a JSON Patch travels in an AdmissionReview's
// `response.patch` (Go's encoding/json writes []byte as padded standard base64).
import { base64ToBytes, bytesToBase64, utf8Decode, utf8Encode } from "../../bytes";

export function encodeBase64(text: string): string {
  return bytesToBase64(utf8Encode(text));
}

/** Decodes standard base64 with padding; throws "illegal base64 data ..." or "invalid UTF-8". */
export function decodeBase64(b64: string): string {
  return utf8Decode(base64ToBytes(b64));
}
