// `npm run worker`: e-mail delivery and approval deadlines in a process of
// their own, next to one or more web servers started with PORTAAL_WORKER=external.
import { readEnvironment, StartupError } from "../config/env";
import { connectDatabase } from "../db/connect";
import { chooseEmailTransport } from "../email/choose-transport";
import { startEmailDelivery } from "../jobs/email-delivery";
import { runCliServer } from "./run";

runCliServer(async () => {
  const environment = readEnvironment();
  if (!environment.DATABASE_URL) {
    throw new StartupError(
      "npm run worker needs DATABASE_URL (a Postgres server). On the embedded database, npm start delivers e-mail itself.",
    );
  }
  const database = await connectDatabase(environment);
  // Demo mode (DEMO_MODE=true) delivers into the demo mailbox, as the server would.
  process.env.PORTAAL_DEMO_MODE = String(environment.DEMO_MODE ?? false);
  const transport = chooseEmailTransport();
  if (!transport) {
    await database.close();
    throw new StartupError("No e-mail transport configured: set SENDGRID_API_KEY and EMAIL_FROM (or DEMO_MODE=true for the demo mailbox).");
  }
  const delivery = await startEmailDelivery(transport);
  console.log(`portaal: worker delivering e-mail through ${transport.name} (${delivery.kind}) from the ${database.description}`);
  const shutdown = async () => {
    await delivery.stop();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
});
