import { readEnvironment } from "../config/env";
import { builtinDelivery, requestSignInCode, verifySignInCode, type CodeRequestResult, type CodeVerification } from "./codes";
import type { RequestInfo } from "./request-info";
import { supabaseDelivery, supabaseForRequest, verifyWithSupabase } from "./supabase-auth";
import type { Language } from "../../i18n";
import { CODE_DIGITS } from "../../shared/sign-in";

export type SignInProvider = {
  name: "builtin" | "supabase";
  /** How many digits a code has. */
  codeDigits: number;
  requestCode(input: { email: string; language: Language; baseUrl: string; info: RequestInfo }): Promise<CodeRequestResult>;
  verifyCode(input: { email: string; code: string; info: RequestInfo; invitationToken?: string | null }): Promise<CodeVerification>;
};

/**
 * The sign-in provider of AUTH_PROVIDER: the built-in codes (default) or
 * Supabase Auth's e-mail OTP (ADR 006). Either way the contact ends up with
 * a Portaal session and the same database claims. `responseHeaders` collects
 * the cookies Supabase sets; pass them on with the response.
 */
export function signInProvider(request: Request, responseHeaders: Headers): SignInProvider {
  const environment = readEnvironment();
  if (environment.AUTH_PROVIDER !== "supabase") {
    return {
      name: "builtin",
      codeDigits: CODE_DIGITS,
      requestCode: (input) => requestSignInCode(input, builtinDelivery),
      verifyCode: (input) => verifySignInCode(input),
    };
  }
  const config = {
    url: environment.SUPABASE_URL!,
    anonKey: environment.SUPABASE_ANON_KEY!,
    otpMinutes: environment.SUPABASE_OTP_MINUTES,
  };
  const client = supabaseForRequest(config, request, responseHeaders);
  return {
    name: "supabase",
    codeDigits: environment.SUPABASE_OTP_LENGTH,
    requestCode: (input) => requestSignInCode(input, supabaseDelivery(client, config)),
    verifyCode: (input) => verifyWithSupabase(client, input),
  };
}
