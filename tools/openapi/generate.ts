// Generates src/apiserver/validation/definitions.generated.ts: the OpenAPI definitions of the
// kinds our API server serves, and of everything they reference.
//
//   npx tsx tools/openapi/generate.ts
//
// Upstream publishes api/openapi-spec/swagger.json, but no npm package ships it. The
// `kubernetes-types` package is generated from that very file: each definition became an
// interface, each description a JSDoc comment, each required field a non-optional property. This
// tool turns the interfaces back into schemas, with upstream's names
// (`io.k8s.api.core.v1.Pod`) and formats. What the round trip loses, and how we put it back:
//
// - Integers. TypeScript has only `number`. Almost every number in the Kubernetes API is an
//   integer (floats are banned by the API conventions, except in a few places such as
//   JSONSchemaProps, which we do not serve), so RULE: a `number` is `type: integer`, with
//   `format: int64` when its property name is in int64Fields below (checked against upstream's
//   types.go) and `format: int32` otherwise.
// - IntOrString appears inline as `number | string`: we emit a `$ref` to
//   `io.k8s.apimachinery.pkg.util.intstr.IntOrString` as upstream does.
// - Quantity, Time and MicroTime are `string` aliases: `$ref`s to their definitions, which are
//   `type: string` (+ `format: date-time` for the times), as upstream.
// - `format: byte` (base64) on Secret.data, ConfigMap.binaryData and WebhookClientConfig.caBundle
//   is restored by name.
// - Properties kubernetes-types dropped (a description containing `*/` ends its JSDoc comment)
//   are restored from roots.ts restoredProperties.
// - `x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`, `x-kubernetes-list-type` and
//   `x-kubernetes-list-map-keys` (upstream's struct tags and list markers) are copied from
//   src/apiserver/validation/patch-metadata.ts, the table the server's strategic merge patch
//   uses too. kubectl needs them to compute `kubectl apply`'s patch.
// - Named string types (`v1.RestartPolicy`), enums and defaults are lost. SIMPLIFICATION:
//   kubectl does not need them to validate, explain or apply.

import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve as resolvePath } from "node:path";
import { type InterfaceDeclaration, Node, Project, type SourceFile, type TypeNode } from "ts-morph";
import type { Schema } from "../../src/apiserver/validation/schema";
import { patchMetadata } from "../../src/apiserver/validation/patch-metadata";
import { roots, moduleInfo, int64Fields, byteFields, restoredProperties } from "./roots";

const repo = resolvePath(__dirname, "../..");
const typesDir = join(repo, "node_modules/kubernetes-types");
export const outputPath = join(repo, "src/apiserver/validation/definitions.generated.ts");

const intOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
/** Definitions that exist upstream but have no interface of their own in kubernetes-types. */
const synthetic: Record<string, Schema> = {
  [intOrString]: {
    description:
      "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    type: "string",
    format: "int-or-string",
  },
};
/** `string` aliases that upstream keeps as named definitions. */
const stringAliases: Record<string, Schema> = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { type: "string" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": { type: "string", format: "date-time" },
};

/** A JSDoc comment's text, as upstream's description (paragraphs separated by blank lines). */
function description(node: InterfaceDeclaration | Node): string | undefined {
  if (!Node.isJSDocable(node)) return undefined;
  const doc = node.getJsDocs()[0];
  if (doc === undefined) return undefined;
  const text = doc.getDescription().trim();
  return text === "" ? undefined : text;
}

class Generator {
  readonly definitions = new Map<string, Schema>();
  private readonly pending: Array<{ file: SourceFile; name: string }> = [];

  constructor(private readonly project: Project) {}

  /** OpenAPI name of interface or alias `name` declared in `file`. */
  private openApiName(file: SourceFile, name: string): string {
    const module = relative(typesDir, file.getFilePath()).replace(/\.d\.ts$/, "");
    const info = moduleInfo[module];
    if (info === undefined) throw new Error(`kubernetes-types module ${module} has no OpenAPI prefix in tools/openapi/roots.ts`);
    return `${info.prefix}.${name}`;
  }

  /** Where the type called `name` used in `file` is declared. */
  private locate(file: SourceFile, name: string): SourceFile {
    if (file.getInterface(name) !== undefined || file.getTypeAlias(name) !== undefined) return file;
    for (const imp of file.getImportDeclarations()) {
      if (imp.getNamedImports().some((n) => n.getName() === name)) {
        const target = imp.getModuleSpecifierSourceFile();
        if (target !== undefined) return target;
      }
    }
    throw new Error(`cannot find type ${name} used in ${file.getFilePath()}`);
  }

  /** Queue a definition and return a `$ref` to it. */
  ref(file: SourceFile, name: string): Schema {
    const full = this.openApiName(file, name);
    if (!this.definitions.has(full) && !this.pending.some((p) => this.openApiName(p.file, p.name) === full)) {
      this.pending.push({ file, name });
    }
    return { $ref: `#/definitions/${full}` };
  }

  private typeSchema(node: TypeNode, file: SourceFile, owner: string, prop: string): Schema {
    if (Node.isArrayTypeNode(node)) return { type: "array", items: this.typeSchema(node.getElementTypeNode(), file, owner, prop) };
    if (Node.isTypeReference(node)) {
      const name = node.getTypeName().getText();
      const args = node.getTypeArguments();
      if (name === "Array" && args[0] !== undefined) return { type: "array", items: this.typeSchema(args[0], file, owner, prop) };
      return this.ref(this.locate(file, name), name);
    }
    if (Node.isTypeLiteral(node)) {
      const index = node.getIndexSignatures()[0];
      if (index === undefined) return { type: "object" };
      const value = this.typeSchema(index.getReturnTypeNodeOrThrow(), file, owner, prop);
      if (byteFields.has(`${owner}.${prop}`)) value.format = "byte";
      return { type: "object", additionalProperties: value };
    }
    if (Node.isUnionTypeNode(node)) {
      const parts = node.getTypeNodes().map((t) => t.getText()).sort().join("|");
      if (parts === "number|string") return { $ref: `#/definitions/${intOrString}` };
    }
    if (Node.isLiteralTypeNode(node)) return { type: "string" };
    switch (node.getText()) {
      case "string": return byteFields.has(`${owner}.${prop}`) ? { type: "string", format: "byte" } : { type: "string" };
      case "boolean": return { type: "boolean" };
      case "number": return { type: "integer", format: int64Fields.has(prop) ? "int64" : "int32" };
    }
    throw new Error(`unsupported type ${node.getText()} at ${owner}.${prop}`);
  }

  private generateOne(file: SourceFile, name: string): void {
    const full = this.openApiName(file, name);
    if (this.definitions.has(full)) return;
    const alias = file.getTypeAlias(name);
    if (alias !== undefined) {
      const base = stringAliases[full];
      if (base === undefined) throw new Error(`unsupported type alias ${full}`);
      const desc = description(alias);
      this.definitions.set(full, desc === undefined ? { ...base } : { description: desc, ...base });
      return;
    }
    const iface = file.getInterfaceOrThrow(name);
    const schema: Schema = {};
    const desc = description(iface);
    if (desc !== undefined) schema.description = desc;
    schema.type = "object";
    const props = iface.getProperties();
    if (props.length > 0) {
      schema.properties = {};
      const required: string[] = [];
      for (const p of props) {
        const prop = p.getName();
        const s = this.typeSchema(p.getTypeNodeOrThrow(), file, full, prop);
        const d = description(p);
        schema.properties[prop] = d === undefined ? s : { description: d, ...s };
        if (!p.hasQuestionToken()) required.push(prop);
      }
      if (required.length > 0) schema.required = required;
    }
    const restored = restoredProperties[full];
    if (restored !== undefined) {
      // Upstream lists properties in name order, as kubernetes-types declares them.
      const merged = { ...schema.properties, ...restored.properties };
      schema.properties = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]!]));
      if (restored.required.length > 0) schema.required = [...(schema.required ?? []), ...restored.required];
    }
    this.definitions.set(full, schema);
  }

  run(): void {
    for (const root of roots) {
      const file = this.project.getSourceFileOrThrow(join(typesDir, `${root.module}.d.ts`));
      for (const name of root.names) this.ref(file, name);
    }
    for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
      this.generateOne(next.file, next.name);
    }
    for (const [name, schema] of Object.entries(synthetic)) this.definitions.set(name, schema);
  }
}

/** x-kubernetes-group-version-kind from the `apiVersion?: "apps/v1"` and `kind?: "Deployment"` literals. */
function addGroupVersionKinds(project: Project, defs: Map<string, Schema>): void {
  const groupVersions = new Set<string>();
  for (const root of roots) {
    const file = project.getSourceFileOrThrow(join(typesDir, `${root.module}.d.ts`));
    for (const iface of file.getInterfaces()) {
      const literal = (prop: string): string | undefined => {
        const t = iface.getProperty(prop)?.getTypeNode();
        return t !== undefined && Node.isLiteralTypeNode(t) ? JSON.parse(t.getText()) as string : undefined;
      };
      const apiVersion = literal("apiVersion");
      const kind = literal("kind");
      const schema = defs.get(`${moduleInfo[root.module]?.prefix ?? ""}.${iface.getName()}`);
      if (apiVersion === undefined || kind === undefined || schema === undefined) continue;
      const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
      schema["x-kubernetes-group-version-kind"] = [{ group: group ?? "", kind, version: version ?? "" }];
      if (root.names.includes(iface.getName())) groupVersions.add(apiVersion);
    }
  }
  // Upstream registers DeleteOptions and WatchEvent in every group version (for DELETE bodies
  // and watch streams), and lists each of them on the one definition.
  for (const shared of ["DeleteOptions", "WatchEvent"]) {
    const schema = defs.get(`io.k8s.apimachinery.pkg.apis.meta.v1.${shared}`);
    if (schema === undefined) continue;
    schema["x-kubernetes-group-version-kind"] = [...groupVersions].sort().map((gv) => {
      const [group, version] = gv.includes("/") ? gv.split("/") : ["", gv];
      return { group: group ?? "", kind: shared, version: version ?? "" };
    });
  }
}

/**
 * Upstream's patch and list extensions on each tagged property, in openapi-gen's order. A table
 * entry naming a property we do not generate is an error: the table must describe what we serve.
 */
function addPatchMetadata(defs: Map<string, Schema>): void {
  for (const [name, fields] of Object.entries(patchMetadata)) {
    for (const [prop, meta] of Object.entries(fields)) {
      const schema = defs.get(name)?.properties?.[prop];
      if (schema === undefined) throw new Error(`patch-metadata.ts names ${name}.${prop}, which is not generated`);
      if (meta.listMapKeys !== undefined) schema["x-kubernetes-list-map-keys"] = [...meta.listMapKeys];
      if (meta.listType !== undefined) schema["x-kubernetes-list-type"] = meta.listType;
      if (meta.patchMergeKey !== undefined) schema["x-kubernetes-patch-merge-key"] = meta.patchMergeKey;
      if (meta.patchStrategy !== undefined) schema["x-kubernetes-patch-strategy"] = meta.patchStrategy;
    }
  }
}

/** The whole generated module, as text. Deterministic: same kubernetes-types, same bytes. */
export function generateDefinitionsSource(): string {
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { noLib: true } });
  project.addSourceFilesAtPaths(join(typesDir, "**/*.d.ts"));
  const generator = new Generator(project);
  generator.run();
  addGroupVersionKinds(project, generator.definitions);
  addPatchMetadata(generator.definitions);
  const version = (JSON.parse(readFileSync(join(typesDir, "package.json"), "utf8")) as { version: string }).version;
  const names = [...generator.definitions.keys()].sort();
  const body = names.map((n) => `  ${JSON.stringify(n)}: ${JSON.stringify(generator.definitions.get(n))},`).join("\n");
  return [
    `// Code generated by tools/openapi/generate.ts from kubernetes-types ${version}. DO NOT EDIT.`,
    "// Regenerate with: npx tsx tools/openapi/generate.ts",
    "",
    'import type { Definitions } from "./schema";',
    "",
    "/** The kubernetes-types release (so the Kubernetes API version) these definitions come from. */",
    `export const kubernetesTypesVersion = ${JSON.stringify(version)};`,
    "",
    "export const definitions: Definitions = {",
    body,
    "};",
    "",
  ].join("\n");
}

if (require.main === module) {
  const source = generateDefinitionsSource();
  writeFileSync(outputPath, source);
  console.log(`wrote ${relative(repo, outputPath)} (${source.length} bytes)`);
}
