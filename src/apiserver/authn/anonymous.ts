// The anonymous authenticator: the last link of the chain when --anonymous-auth is on (the default).
// A request with no credential at all becomes system:anonymous in system:unauthenticated, and
// authorization decides what such a user may do (with RBAC's defaults: /healthz, /version and
// discovery, via the system:public-info-viewer ClusterRole).
//
// Upstream: k8s.io/apiserver/pkg/authentication/request/anonymous/anonymous.go.
// SIMPLIFICATION: upstream can restrict anonymous access to some paths (the
// AnonymousAuthConfigurableEndpoints feature, v1.32); here anonymous is on or off.

import { AllUnauthenticated, Anonymous } from "../types";
import { authenticated, type RequestAuthenticator } from "./types";

export function anonymousAuthenticator(): RequestAuthenticator {
  return {
    name: "anonymous",
    authenticate: () => authenticated({ name: Anonymous, groups: [AllUnauthenticated] }),
  };
}
