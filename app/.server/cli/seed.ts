import { readEnvironment } from "../config/env";
import { asService } from "../db";
import { connectDatabase } from "../db/connect";
import { migrate } from "../db/migrate";
import { databaseIsEmpty, seedDemo } from "../seed/demo";
import { runCli } from "./run";

runCli(async () => {
  const database = await connectDatabase(readEnvironment());
  try {
    console.log(`portaal: using the ${database.description}`);
    await migrate();
    const summary = await asService("seed the demo data", async (tx) =>
      (await databaseIsEmpty(tx)) ? seedDemo(tx) : null,
    );
    console.log(
      summary
        ? `portaal: seeded ${summary.tenants} tenants, ${summary.portals} portals, ${summary.registrations} registrations`
        : "portaal: the database already has data; nothing seeded (remove the data directory or use an empty database to start over)",
    );
  } finally {
    await database.close();
  }
});
