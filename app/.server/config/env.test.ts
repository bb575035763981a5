import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, readEnvironment, StartupError } from "./env";

describe("the environment", () => {
  it("has defaults that run the embedded demo", () => {
    const environment = readEnvironment({});
    expect(environment).toMatchObject({ PORT: 3000, DATA_DIR: ".data" });
    expect(environment.DATABASE_URL).toBeUndefined();
    expect(environment.DEMO_MODE).toBeUndefined();
  });

  it("treats an empty variable as unset", () => {
    expect(readEnvironment({ DATABASE_URL: "", AUTH_SECRET: " " }).DATABASE_URL).toBeUndefined();
  });

  it("reads DEMO_MODE as a flag", () => {
    expect(readEnvironment({ DEMO_MODE: "true" }).DEMO_MODE).toBe(true);
    expect(readEnvironment({ DEMO_MODE: "off" }).DEMO_MODE).toBe(false);
  });

  it("names the variable that is wrong", () => {
    expect(() => readEnvironment({ PORT: "eighty" })).toThrow(/Invalid environment variable PORT/);
    expect(() => readEnvironment({ DEMO_MODE: "maybe" })).toThrow(StartupError);
  });
});

describe("DATABASE_URL", () => {
  it("accepts postgres:// and postgresql://", () => {
    expect(parseDatabaseUrl("postgres://u:p@db.example:5432/portaal").hostname).toBe("db.example");
    expect(parseDatabaseUrl("postgresql://u@localhost/portaal").pathname).toBe("/portaal");
  });

  it("explains what a malformed one should look like", () => {
    expect(() => parseDatabaseUrl("localhost:5432")).toThrow(/must start with postgres:\/\//);
    expect(() => parseDatabaseUrl("not a url")).toThrow(/not a valid URL.*postgres:\/\/user:password@host:5432\/database/);
    expect(() => parseDatabaseUrl("mysql://root@localhost/db")).toThrow(/not mysql:\/\//);
  });
});

describe("SendGrid settings", () => {
  it("need EMAIL_FROM with SENDGRID_API_KEY, and say so in one line", () => {
    expect(readEnvironment({ SENDGRID_API_KEY: "SG.key", EMAIL_FROM: "portaal@example.com" })).toMatchObject({
      SENDGRID_API_KEY: "SG.key", EMAIL_FROM: "portaal@example.com",
    });
    expect(() => readEnvironment({ SENDGRID_API_KEY: "SG.key" })).toThrow(/^SENDGRID_API_KEY needs EMAIL_FROM/);
    expect(() => readEnvironment({ SENDGRID_API_KEY: "SG.key", EMAIL_FROM: " " })).toThrow(StartupError);
  });

  it("name what is wrong with a key, an address or a base URL", () => {
    expect(() => readEnvironment({ SENDGRID_API_KEY: "not-a-key", EMAIL_FROM: "portaal@example.com" })).toThrow(
      /Invalid environment variable SENDGRID_API_KEY: a SendGrid API key starts with SG\./,
    );
    expect(() => readEnvironment({ EMAIL_FROM: "portaal" })).toThrow(/Invalid environment variable EMAIL_FROM/);
    expect(() => readEnvironment({ SENDGRID_BASE_URL: "localhost:3001" })).toThrow(/Invalid environment variable SENDGRID_BASE_URL/);
  });
});

describe("file storage settings", () => {
  const jwt = (payload: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2lnbmF0dXJl`;
  const SERVICE_KEY = jwt({ iss: "supabase", ref: "portaal", role: "service_role" });
  const SUPABASE = { FILE_STORAGE: "supabase", SUPABASE_URL: "https://portaal.supabase.co", SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY };

  it("keep files locally by default, in the bucket portaal-documents when on Supabase", () => {
    expect(readEnvironment({})).toMatchObject({ FILE_STORAGE: "local", SUPABASE_STORAGE_BUCKET: "portaal-documents" });
    expect(readEnvironment({}).FILES_DIR).toBeUndefined();
    expect(readEnvironment({ FILES_DIR: "/srv/portaal/files" }).FILES_DIR).toBe("/srv/portaal/files");
    expect(readEnvironment(SUPABASE)).toMatchObject({ FILE_STORAGE: "supabase", SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY });
    expect(readEnvironment({ ...SUPABASE, SUPABASE_STORAGE_BUCKET: "klant_bestanden.v2" }).SUPABASE_STORAGE_BUCKET).toBe("klant_bestanden.v2");
  });

  it("need the project's URL and service role key with FILE_STORAGE=supabase, and say so in one line", () => {
    expect(() => readEnvironment({ FILE_STORAGE: "supabase" })).toThrow(/^FILE_STORAGE=supabase needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY/);
    expect(() => readEnvironment({ ...SUPABASE, SUPABASE_SERVICE_ROLE_KEY: " " })).toThrow(StartupError);
    expect(() => readEnvironment({ ...SUPABASE, SUPABASE_URL: undefined })).toThrow(/needs SUPABASE_URL/);
    expect(() => readEnvironment({ FILE_STORAGE: "s3" })).toThrow(/Invalid environment variable FILE_STORAGE/);
  });

  it("refuse the anon or a publishable key in place of the service role key", () => {
    const anon = jwt({ iss: "supabase", ref: "portaal", role: "anon" });
    expect(() => readEnvironment({ ...SUPABASE, SUPABASE_SERVICE_ROLE_KEY: anon })).toThrow(/^SUPABASE_SERVICE_ROLE_KEY is the project's anon/);
    expect(() => readEnvironment({ ...SUPABASE, SUPABASE_ANON_KEY: SERVICE_KEY })).toThrow(/is the project's anon/);
    expect(() => readEnvironment({ ...SUPABASE, SUPABASE_SERVICE_ROLE_KEY: "sb_publishable_0123456789abcdefghij" })).toThrow(StartupError);
    expect(readEnvironment({ ...SUPABASE, SUPABASE_SERVICE_ROLE_KEY: "sb_secret_0123456789abcdefghij" }).FILE_STORAGE).toBe("supabase");
  });

  it("name what is wrong with a key or a bucket name", () => {
    expect(() => readEnvironment({ ...SUPABASE, SUPABASE_SERVICE_ROLE_KEY: "short" })).toThrow(
      /Invalid environment variable SUPABASE_SERVICE_ROLE_KEY: expected the project's service_role/,
    );
    expect(() => readEnvironment({ SUPABASE_STORAGE_BUCKET: "../documents" })).toThrow(
      /Invalid environment variable SUPABASE_STORAGE_BUCKET: a bucket name has letters, digits/,
    );
  });
});
