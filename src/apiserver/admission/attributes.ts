// admission.NewAttributesRecord: build the attributes of one request for the chain, filling in
// what can be derived (the name and namespace from the object, the group/version from
// apiVersion). Used by the API server's handlers, by tests and by the notebook.

import type { AdmissionAttributes, KubeObject, Operation, UserInfo } from "../types";

export interface AttributesInput {
  operation: Operation;
  /** The resource, as in the URL: "pods", "persistentvolumeclaims", "deployments". */
  resource: string;
  object?: KubeObject | undefined;
  oldObject?: KubeObject | undefined;
  /** Defaults to apiVersion's group (or "" for v1) and the object's kind. */
  kind?: { group: string; version: string; kind: string };
  subresource?: string;
  namespace?: string;
  name?: string;
  userInfo?: UserInfo;
  dryRun?: boolean;
}

function groupVersion(apiVersion: string | undefined): { group: string; version: string } {
  const av = apiVersion ?? "v1";
  const slash = av.indexOf("/");
  return slash === -1 ? { group: "", version: av } : { group: av.slice(0, slash), version: av.slice(slash + 1) };
}

export function newAttributes(input: AttributesInput): AdmissionAttributes {
  const obj = input.object ?? input.oldObject;
  const gv = groupVersion(obj?.apiVersion);
  const kind = input.kind ?? { ...gv, kind: obj?.kind ?? "" };
  return {
    operation: input.operation,
    object: input.object,
    oldObject: input.oldObject,
    kind,
    resource: { group: kind.group, version: kind.version, resource: input.resource },
    subresource: input.subresource ?? "",
    namespace: input.namespace ?? obj?.metadata?.namespace ?? "",
    // On CREATE the URL has no name: it comes from the object, as handlers/create.go does
    // ("On create, get name from new object if unset"). With generateName it stays "".
    name: input.name || obj?.metadata?.name || "",
    userInfo: input.userInfo ?? { name: "admin", groups: ["system:masters", "system:authenticated"] },
    dryRun: input.dryRun ?? false,
  };
}

/** True when `a` is about the main resource `resource` in the core group (no subresource). */
export function isCoreResource(a: AdmissionAttributes, resource: string): boolean {
  return a.resource.group === "" && a.resource.resource === resource && a.subresource === "";
}
