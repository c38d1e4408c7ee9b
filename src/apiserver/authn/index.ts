// Authentication: who is asking. Browser-safe; the node:crypto signature verifier lives in
// ./jws.node (import it directly, from Node only).
export { anonymousAuthenticator } from "./anonymous";
export { bearerTokenAuthenticator, unionTokenAuthenticator } from "./bearer-token";
export {
  buildImpersonationRequests, impersonate, ImpersonateGroupHeader, ImpersonateUidHeader, ImpersonateUserExtraHeaderPrefix,
  ImpersonateUserHeader, impersonationAttributes, type ImpersonationRequest, type ImpersonationResult,
} from "./impersonation";
export {
  audiencesOf, base64UrlDecode, base64UrlEncode, checkTimes, type Jws, type JwsHeader, type JwtClaims, JwtError, parseJws,
  type SignatureVerifier, unverifiedIssuer, type VerificationKey, verifyJwsSignature,
} from "./jwt";
export { oidcAuthenticator, type OidcOptions } from "./oidc";
export { requestHeaderAuthenticator, type RequestHeaderOptions } from "./request-header";
export {
  makeServiceAccountGroupNames, makeServiceAccountUsername, serviceAccountTokenAuthenticator, type ServiceAccountTokenOptions,
  splitServiceAccountUsername,
} from "./service-account-token";
export { parseTokenFile, TokenFileError, tokenFileAuthenticator } from "./token-file";
export {
  type AuthenticationResult, type AuthRequest, type Headers, type PeerCertificate, type RequestAuthenticator, type TokenAuthenticator,
} from "./types";
export { type AuthenticationChainConfig, buildAuthenticationChain, unionAuthenticator, withAuthenticatedGroup } from "./union";
export { CredentialIdKey, x509Authenticator, type X509Options } from "./x509";
