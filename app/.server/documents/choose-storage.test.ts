import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readEnvironment, StartupError } from "../config/env";
import { chooseFileStorage, localFilesDirectory } from "./choose-storage";
import { supportsSignedUrls } from "./supabase-storage";

const NAMES = ["FILE_STORAGE", "FILES_DIR", "DATA_DIR", "SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_STORAGE_BUCKET"] as const;

describe("chooseFileStorage", () => {
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  });
  afterEach(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("keeps files locally by default, one instance for as long as the settings stay", () => {
    delete process.env.FILE_STORAGE;
    const storage = chooseFileStorage();
    expect(storage.name).toBe("local");
    expect(supportsSignedUrls(storage)).toBe(false);
    expect(chooseFileStorage()).toBe(storage);
    process.env.FILES_DIR = join(tmpdir(), "portaal-choose-storage-elsewhere");
    expect(chooseFileStorage()).not.toBe(storage);
  });

  it("puts local files in FILES_DIR, else under DATA_DIR, else (in memory) in a directory of this process", () => {
    expect(localFilesDirectory(readEnvironment({ FILES_DIR: "/srv/files", DATA_DIR: "/srv/data" }))).toBe(resolve("/srv/files"));
    expect(localFilesDirectory(readEnvironment({ FILES_DIR: "/srv/files", DATA_DIR: "memory" }))).toBe(resolve("/srv/files"));
    expect(localFilesDirectory(readEnvironment({}))).toBe(resolve(".data", "files"));
    expect(localFilesDirectory(readEnvironment({ DATA_DIR: "/srv/data" }))).toBe(resolve("/srv/data", "files"));
    expect(localFilesDirectory(readEnvironment({ DATA_DIR: "memory" }))).toBe(join(tmpdir(), `portaal-files-${process.pid}`));
  });

  it("uses the Supabase bucket with FILE_STORAGE=supabase, and refuses to start without its settings", () => {
    Object.assign(process.env, {
      FILE_STORAGE: "supabase",
      SUPABASE_URL: "https://portaal.supabase.test",
      SUPABASE_SERVICE_ROLE_KEY: "service-role-key-0123456789abcdef",
    });
    const storage = chooseFileStorage();
    expect(storage.name).toBe("supabase");
    expect(supportsSignedUrls(storage) && storage.bucket).toBe("portaal-documents");
    expect(chooseFileStorage()).toBe(storage);

    delete process.env.SUPABASE_SERVICE_ROLE_KEY;
    expect(() => chooseFileStorage()).toThrow(StartupError);
  });
});
