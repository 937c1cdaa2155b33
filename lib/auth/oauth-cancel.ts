/**
 * The login page's error for an OAuth callback that carries the provider's `error` (RFC 6749
 * §4.1.2.1). next-auth 4 turns any of them into its generic "Callback" error, so a seller who
 * pressed 取消 on Taobao's consent page (the sandbox sends `error=access_denied`, sandbox/README.md
 * "Sign in") was told the sign-in failed; they are told they cancelled instead.
 */
export type CallbackErrorKey = "AccessDenied" | "OAuthCallback";

export function oauthCallbackError(pathname: string, params: URLSearchParams): CallbackErrorKey | null {
  if (!/\/api\/auth\/callback\/[^/]+$/.test(pathname)) return null;
  const error = params.get("error");
  if (error === null) return null;
  return error === "access_denied" ? "AccessDenied" : "OAuthCallback";
}
