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
