import { readEnvironment } from "../config/env";
import { isDemoMode } from "../config/mode";
import { DEMO_HOST_WEBHOOK_SECRET, parseSecrets } from "./signatures";

export type HostConfig = {
  webhookSecrets: string[];
  eventsUrl: string | null;
  eventsSecret: string | null;
  jwtSecret: string | null;
  jwksUrl: string | null;
  jwtIssuer: string | null;
  graceHours: number;
};

/** The host settings; demo mode falls back to a fixed, documented webhook secret so the simulator works. */
export function hostConfig(): HostConfig {
  const environment = readEnvironment();
  const webhookSecrets = parseSecrets(environment.HOST_WEBHOOK_SECRET);
  if (webhookSecrets.length === 0 && isDemoMode()) webhookSecrets.push(DEMO_HOST_WEBHOOK_SECRET);
  return {
    webhookSecrets,
    eventsUrl: environment.HOST_EVENTS_URL ?? null,
    eventsSecret: environment.HOST_EVENTS_SECRET ?? webhookSecrets[0] ?? null,
    jwtSecret: environment.HOST_JWT_SECRET ?? null,
    jwksUrl: environment.HOST_JWKS_URL ?? null,
    jwtIssuer: environment.HOST_JWT_ISSUER ?? null,
    graceHours: environment.HOST_DATA_GRACE_HOURS,
  };
}
