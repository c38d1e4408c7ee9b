import { describe, expect, it } from "vitest";
import { utf8Encode } from "../bytes";
import { decodeKubernetesProtobuf, ProtobufDecodeError } from "./protobuf-decoding";

// A minimal protobuf writer, enough to build what client-go sends.
const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};
const bytesField = (num: number, data: number[] | Uint8Array): number[] => [...varint(num * 8 + 2), ...varint(data.length), ...data];
const str = (num: number, text: string): number[] => bytesField(num, [...utf8Encode(text)]);
const mapEntry = (num: number, k: string, v: string): number[] => bytesField(num, [...str(1, k), ...str(2, v)]);
const envelope = (apiVersion: string, kind: string, raw: number[]): Uint8Array =>
  new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, [...str(1, apiVersion), ...str(2, kind)]), ...bytesField(2, raw), ...str(3, ""), ...str(4, "")]);

describe("decodeKubernetesProtobuf", () => {
  it("decodes a Namespace as kubectl create namespace sends it, dropping Go's zero values", () => {
    const meta = [...str(1, "team-a"), ...str(2, ""), ...str(3, ""), ...bytesField(8, []), ...mapEntry(11, "team", "a")];
    const body = decodeKubernetesProtobuf(envelope("v1", "Namespace", [...bytesField(1, meta), ...bytesField(2, []), ...bytesField(3, str(1, ""))]));
    expect(body).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { team: "a" } }, spec: {} });
  });

  it("decodes a RoleBinding's repeated subjects and its roleRef", () => {
    const subject = (name: string) => bytesField(2, [...str(1, "User"), ...str(2, "rbac.authorization.k8s.io"), ...str(3, name)]);
    const raw = [...bytesField(1, str(1, "rb")), ...subject("jane"), ...subject("joe"), ...bytesField(3, [...str(1, "rbac.authorization.k8s.io"), ...str(2, "Role"), ...str(3, "r")])];
    expect(decodeKubernetesProtobuf(envelope("rbac.authorization.k8s.io/v1", "RoleBinding", raw))).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "rb" },
      subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "jane" }, { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "joe" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
    });
  });

  it("decodes a Secret's bytes as base64, as JSON carries them", () => {
    const raw = [...bytesField(1, str(1, "s")), ...bytesField(2, [...str(1, "p"), ...str(2, "secret")]), ...str(3, "Opaque")];
    expect(decodeKubernetesProtobuf(envelope("v1", "Secret", raw))).toMatchObject({ data: { p: "c2VjcmV0" }, type: "Opaque" });
  });

  it("refuses a kind it has no field numbers for, saying which", () => {
    const decode = () => decodeKubernetesProtobuf(envelope("apps/v1", "Deployment", []));
    expect(decode).toThrow(ProtobufDecodeError);
    expect(decode).toThrow(expect.objectContaining({ unsupportedKind: true, message: "apps/v1/Deployment in protobuf" }));
  });

  it("refuses bytes without the k8s envelope", () => {
    expect(() => decodeKubernetesProtobuf(utf8Encode("{}"))).toThrow(/expected prefix \[107 56 115 0\]/);
  });
});
