// Core kinds other than Pod: Service ports and types, ConfigMap and Secret keys and sizes,
// Namespace finalizers.
//
//   Service "web" is invalid: spec.ports: Required value
//   ConfigMap "cfg" is invalid: data[my key]: Invalid value: "my key": a valid config key must ...
//
// Reference: k8s.io/kubernetes/pkg/apis/core/validation/validation.go (ValidateService,
// validateServicePort, ValidatePortNumOrName, ValidateConfigMap, ValidateSecret,
// ValidateNamespace) and k8s.io/apimachinery/pkg/util/validation/validation.go (IsConfigMapKey).
//
// SIMPLIFICATION: Service IP families, cluster IPs, node ports, session affinity and traffic
// policies, and the dockercfg / basic-auth / ssh-auth Secret types are not checked.

import type { ConfigMap, Secret, ServiceSpec } from "kubernetes-types/core/v1";
import { field, type FieldErrorList } from "../../api/field-errors";
import { utf8Length } from "../../api/go-quote";
import { DNS1123SubdomainMaxLength, isQualifiedName, validateLabels } from "../../api/names";
import { isValidPortName, isValidPortNum, supportedPortProtocols, validateDNS1123Label } from "./pod-rules";

/** core.MaxSecretSize: 1 MiB, for a Secret's data and a ConfigMap's data + binaryData. */
export const MaxSecretSize = 1 * 1024 * 1024;

/** IsConfigMapKey: the key becomes a file name when the ConfigMap is mounted. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123SubdomainMaxLength) errs.push(`must be no more than ${DNS1123SubdomainMaxLength} characters`);
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) {
    // validation.RegexError's layout, as in src/api/names.ts.
    errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (value === ".") errs.push("must not be '.'");
  else if (value === "..") errs.push("must not be '..'");
  else if (value.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** The length of base64 data once decoded, which is what Go's len([]byte) counts. */
const decodedLength = (b64: string): number => Math.floor((b64.replace(/=+$/, "").length * 3) / 4);

const serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

export function validateServiceSpec(spec: ServiceSpec | undefined): FieldErrorList {
  const errs: FieldErrorList = [];
  const specPath = field.newPath("spec");
  const ports = spec?.ports ?? [];
  const headless = spec?.clusterIP === "None";
  if (spec?.type && !serviceTypes.includes(spec.type)) errs.push(field.notSupported(specPath.child("type"), spec.type, serviceTypes));
  if (spec?.type === "ExternalName" && !spec.externalName) errs.push(field.required(specPath.child("externalName"), ""));
  if (ports.length === 0 && !headless && spec?.type !== "ExternalName") errs.push(field.required(specPath.child("ports"), ""));
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((sp, i) => {
    const p = specPath.child("ports").index(i);
    if (ports.length > 1 && !sp.name) errs.push(field.required(p.child("name"), ""));
    else if (sp.name) {
      errs.push(...validateDNS1123Label(sp.name, p.child("name")));
      if (names.has(sp.name)) errs.push(field.duplicate(p.child("name"), sp.name));
      else names.add(sp.name);
    }
    errs.push(...isValidPortNum(sp.port).map((m) => field.invalid(p.child("port"), sp.port, m)));
    if (sp.protocol && !supportedPortProtocols.includes(sp.protocol)) errs.push(field.notSupported(p.child("protocol"), sp.protocol, supportedPortProtocols));
    const target = sp.targetPort;
    if (typeof target === "number") errs.push(...isValidPortNum(target).map((m) => field.invalid(p.child("targetPort"), target, m)));
    else if (typeof target === "string") errs.push(...isValidPortName(target).map((m) => field.invalid(p.child("targetPort"), target, m)));
  });
  // Two ports with the same (protocol, port) pair.
  ports.forEach((sp, i) => {
    const key = `${sp.protocol ?? "TCP"}/${sp.port}`;
    if (seen.has(key)) errs.push(field.duplicate(specPath.child("ports").index(i), { protocol: sp.protocol ?? "TCP", port: sp.port }));
    seen.add(key);
  });
  errs.push(...validateLabels(spec?.selector, specPath.child("selector")));
  return errs;
}

export function validateConfigMapData(cm: ConfigMap): FieldErrorList {
  const errs: FieldErrorList = [];
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    const p = field.newPath("data").key(key);
    errs.push(...isConfigMapKey(key).map((m) => field.invalid(p, key, m)));
    if (key in binary) errs.push(field.invalid(p, key, "duplicate of key present in binaryData"));
    total += utf8Length(data[key] ?? "");
  }
  for (const key of Object.keys(binary).sort()) {
    const p = field.newPath("binaryData").key(key);
    errs.push(...isConfigMapKey(key).map((m) => field.invalid(p, key, m)));
    if (key in data) errs.push(field.invalid(p, key, "duplicate of key present in data"));
    total += decodedLength(binary[key] ?? "");
  }
  // Upstream passes an empty path: the message starts with ": Too long".
  if (total > MaxSecretSize) errs.push(field.tooLong(field.newPath(""), "", MaxSecretSize));
  return errs;
}

export function validateSecretData(secret: Secret): FieldErrorList {
  const errs: FieldErrorList = [];
  const dataPath = field.newPath("data");
  // stringData is merged into data (by conversion) before validation upstream.
  const sizes = new Map<string, number>();
  for (const [k, v] of Object.entries(secret.data ?? {})) sizes.set(k, decodedLength(v));
  for (const [k, v] of Object.entries(secret.stringData ?? {})) sizes.set(k, utf8Length(v));
  let total = 0;
  for (const key of [...sizes.keys()].sort()) {
    errs.push(...isConfigMapKey(key).map((m) => field.invalid(dataPath.key(key), key, m)));
    total += sizes.get(key) ?? 0;
  }
  if (total > MaxSecretSize) errs.push(field.tooLong(dataPath, "", MaxSecretSize));
  switch (secret.type) {
    case "kubernetes.io/service-account-token":
      if (!secret.metadata?.annotations?.["kubernetes.io/service-account.name"]) {
        errs.push(field.required(field.newPath("metadata", "annotations").key("kubernetes.io/service-account.name"), ""));
      }
      break;
    case "kubernetes.io/tls":
      for (const key of ["tls.crt", "tls.key"]) if (!sizes.has(key)) errs.push(field.required(dataPath.key(key), ""));
      break;
  }
  return errs;
}

/** ValidateNamespace's spec.finalizers: qualified names; without a domain, a standard one. */
export function validateNamespaceFinalizers(finalizers: readonly string[] | undefined): FieldErrorList {
  const errs: FieldErrorList = [];
  const path = field.newPath("spec", "finalizers");
  const standard = ["foregroundDeletion", "kubernetes", "orphan"];
  for (const f of finalizers ?? []) {
    errs.push(...isQualifiedName(f).map((m) => field.invalid(path, f, m)));
    if (!f.includes("/") && !standard.includes(f)) errs.push(field.notSupported(path, f, standard));
  }
  return errs;
}
