// The in-process client: ApiClient (typed helpers over the REST API) and Informer (list, then
// watch, on virtual time).
export {
  ApiClient, errorOf, resourcePath, type ClientIdentity, type ClientListOptions, type ClientWatchEvent, type ClientWatchOptions, type KubeList,
  type RequestHandler, type ResourceRef,
} from "./api-client";
export { Informer, keyOf, type InformerHandlers, type InformerOptions } from "./informer";
