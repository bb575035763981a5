import { readEnvironment } from "../config/env";
import { connectDatabase } from "../db/connect";
import { migrate } from "../db/migrate";
import { runCli } from "./run";

runCli(async () => {
  const database = await connectDatabase(readEnvironment());
  try {
    console.log(`portaal: using the ${database.description}`);
    const result = await migrate();
    console.log(
      result.applied.length === 0
        ? `portaal: database is up to date (${result.alreadyApplied} migrations)`
        : `portaal: applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`,
    );
  } finally {
    await database.close();
  }
});
