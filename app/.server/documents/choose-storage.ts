import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readEnvironment, type Environment } from "../config/env";
import { createLocalStorage } from "./local-storage";
import type { FileStorage } from "./storage";
import { createSupabaseStorage } from "./supabase-storage";

type StorageState = { storage: FileStorage; signature: string };

// One storage per process, also when Vite's dev server re-evaluates this module
// or when the server build and the CLI each carry a copy of it (as the db pool).
const STORAGE_KEY = Symbol.for("portaal.documents.storage");
const store = globalThis as unknown as { [STORAGE_KEY]?: StorageState };

const cleanedUp = new Set<string>();

/**
 * Where local files live: FILES_DIR, else `<DATA_DIR>/files`. With
 * DATA_DIR=memory (tests, throwaway demos) and no FILES_DIR, a directory of
 * this process under the system's temporary directory, removed when the
 * process exits — like the in-memory database, its files do not outlive it.
 */
export function localFilesDirectory(environment: Environment = readEnvironment()): string {
  if (environment.FILES_DIR) return resolve(environment.FILES_DIR);
  if (environment.DATA_DIR !== "memory") return resolve(environment.DATA_DIR, "files");
  const directory = join(tmpdir(), `portaal-files-${process.pid}`);
  if (!cleanedUp.has(directory)) {
    cleanedUp.add(directory);
    process.once("exit", () => rmSync(directory, { recursive: true, force: true }));
  }
  return directory;
}

/**
 * The file storage of FILE_STORAGE: a private Supabase Storage bucket
 * (`supabase`), or the local filesystem (default). The same instance for as
 * long as the settings stay the same. A bad setting throws a StartupError
 * (from readEnvironment) saying what to fix.
 */
export function chooseFileStorage(): FileStorage {
  const environment = readEnvironment();
  const choice =
    environment.FILE_STORAGE === "supabase"
      ? {
          kind: "supabase" as const,
          // readEnvironment has checked that both are there.
          url: environment.SUPABASE_URL!,
          serviceRoleKey: environment.SUPABASE_SERVICE_ROLE_KEY!,
          bucket: environment.SUPABASE_STORAGE_BUCKET,
        }
      : { kind: "local" as const, directory: localFilesDirectory(environment) };
  const signature = JSON.stringify(choice);
  const existing = store[STORAGE_KEY];
  if (existing && existing.signature === signature) return existing.storage;
  const storage = choice.kind === "supabase" ? createSupabaseStorage(choice) : createLocalStorage(choice.directory);
  store[STORAGE_KEY] = { storage, signature };
  return storage;
}
