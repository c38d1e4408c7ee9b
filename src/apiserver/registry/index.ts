// The registry layer (chapter 2, phase 6 "Persistence"): REST semantics above `Storage`.
//
// store.ts       Registry: create, get, list, update, patch, delete for one resource
// patch.ts       JSON patch, JSON merge patch and strategic merge patch, by content type
// encryption.ts  EncryptionConfiguration, AES-GCM/AES-CBC transformers, EncryptingKV, reencrypt
// (UTF-8 and base64 helpers live in ../bytes.ts, shared with authn, storage and admission)
export {
  checkRequestSize, DEFAULT_POD_GRACE_PERIOD_SECONDS, MAX_REQUEST_BODY_BYTES, Registry,
  type DeleteResult, type ListObject, type RegistryDeleteOptions, type RegistryOptions, type UpdateHooks,
} from "./store";
export {
  applyPatch, goFormat, MAX_JSON_PATCH_OPERATIONS, mergePatch, PATCH_CONTENT_TYPES, patchTypeFor, strategicMergePatch,
  unsupportedPatchType, type PatchType,
} from "./patch";
export {
  EncryptingKV, EncryptionConfig, EncryptionConfigError, PrefixTransformers, reencrypt,
  type EncryptionConfiguration, type EncryptionKey, type ProviderConfiguration, type Transformer,
} from "./encryption";
