// npm run cli -- <command> [options]   (docs/design.md §7)
import { parseArgs } from "node:util";
import { applyMigrations } from "./db/migrations";
import { openDatabase } from "./lib/database";

const USAGE = `usage:
  npm run cli -- create-user --email E --name N --role admin|researcher|rater --password P
  npm run cli -- create-token --email E [--label L]
  npm run cli -- revoke-token --id TOKEN_ID
  npm run cli -- lock-study --study STUDY_ID --reason R [--email ADMIN]
  npm run cli -- unlock-study --study STUDY_ID --reason R [--email ADMIN]
  npm run cli -- deactivate-user --email E
  npm run cli -- activate-user --email E
  npm run cli -- set-role --email E --role admin|researcher|rater
  npm run cli -- reset-password --email E`;

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        password: { type: "string" },
        label: { type: "string" },
        id: { type: "string" },
        study: { type: "string" },
        reason: { type: "string" },
      },
    });
  } catch (error) {
    // An unknown option or a missing value: say which, with the usage, before touching the database.
    console.error(`${(error as Error).message.split(". ")[0]}.\n${USAGE}`);
    process.exit(2);
  }
}

const { positionals, values: parsed } = parseCommandLine();
const { help, ...values } = parsed;
if (help) {
  console.log(USAGE);
  process.exit(0);
}

async function run(command: string | undefined): Promise<string> {
  const users = await import("@/features/users/service");
  const schemas = await import("@/features/users/schemas");
  const people = await import("@/features/users/cli");
  switch (command) {
    case "create-user": {
      const user = await users.createUser(
        schemas.newUserSchema.parse({ email: values.email ?? "", name: values.name ?? "", role: values.role ?? "", password: values.password ?? "" }),
      );
      return `Created ${user.role} ${user.email} (${user.id}).`;
    }
    case "create-token": {
      const token = await users.createApiToken(schemas.newTokenSchema.parse({ email: values.email ?? "", label: values.label ?? "" }));
      return `API token for ${values.email ?? ""} (id ${token.id}); it is shown only this once:\n${token.token}`;
    }
    case "revoke-token": {
      const { id } = schemas.revokeTokenSchema.parse({ id: values.id ?? "" });
      await users.revokeApiToken(id);
      return `Revoked token ${id}.`;
    }
    case "lock-study":
    case "unlock-study":
      return (await import("@/features/snapshots/cli")).lockCommand(command, values);
    case "deactivate-user":
      return people.setActiveCommand(values, false);
    case "activate-user":
      return people.setActiveCommand(values, true);
    case "set-role":
      return people.setRoleCommand(values);
    case "reset-password":
      return people.resetPasswordCommand(values);
    default:
      throw new UsageError();
  }
}

class UsageError extends Error {}

const database = await openDatabase((m) => console.error(m));
let exitCode = 0;
try {
  if (database.embedded) await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  console.log(await run(positionals[0]));
} catch (error) {
  exitCode = 1;
  const { ZodError } = await import("zod");
  if (error instanceof UsageError) console.error(USAGE);
  else if (error instanceof ZodError) for (const i of error.issues) console.error(`--${i.path.join(".")}: ${i.message}`);
  else console.error(error instanceof Error && error.name === "AppError" ? error.message : error);
} finally {
  await database.release();
}
process.exit(exitCode);
