/** `sitewright rollback`: makes the previously live version (or a named one) live again. */
import { type Command, parseCommandArgs } from "./command.js";
import { openStore, printJson, STORE_OPTIONS, STORE_USAGE } from "./versions-cli-util.js";

const USAGE = `Usage: sitewright rollback --store DIR --website ID [--to VERSION|RANGE|ID] [--actor NAME] [--json]

Switches the live version back to the one that was live before it (repeat to go further
back), or to the version given with --to (an id, a number like 1.4.0 or a range like ^1.3).
The switch is one atomic symlink rename and is recorded in history.jsonl.

  --to REF         target version instead of the previous one
${STORE_USAGE}`;

/** `sitewright rollback`. */
export const rollbackCommand: Command = {
  name: ["rollback"],
  summary: "Make the previous (or a named) version live again",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { ...STORE_OPTIONS, to: { type: "string" } });
    const { store, websiteId } = openStore(values, io);
    const result = await store.rollback(websiteId, { to: values.to });
    if (values.json) {
      printJson(io, { from: result.from, to: result.to, changed: result.changed });
      return 0;
    }
    io.stdout(
      result.changed
        ? `Rolled back ${websiteId} from ${result.from ?? "nothing"} to ${result.to.version} (${result.to.id})\n`
        : `${result.to.version} (${result.to.id}) is already live\n`,
    );
    return 0;
  },
};
