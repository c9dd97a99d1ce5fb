// errorsOnce: the engine's transcript as the ops scripts print it, each error once, everything else untouched.
import { errorsOnce } from "../../ops/transcript";

function filtered(chunks: string[]): string {
  let out = "";
  const transcript = errorsOnce((text) => (out += text));
  chunks.forEach((chunk) => transcript.write(chunk));
  transcript.end();
  return out;
}

const programError = [
  "Previewing update (pfprobe):",
  "",
  " +  pulumi:pulumi:Stack cdc-kafka-pfprobe create ",
  " +  pulumi:pulumi:Stack cdc-kafka-pfprobe create error: hostPort 39092 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.",
  " +  pulumi:pulumi:Stack cdc-kafka-pfprobe create error: hostPort 39092 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.",
  " +  pulumi:pulumi:Stack cdc-kafka-pfprobe create 2 errors",
  "Diagnostics:",
  "  pulumi:pulumi:Stack (cdc-kafka-pfprobe):",
  "    error: hostPort 39092 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.",
  "    uiPort 38080 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:uiPort.",
  "    error: hostPort 39092 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.",
  "    uiPort 38080 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:uiPort.",
  "",
  "Resources:",
  "    + 1 to create",
  "    1 errored",
  "",
].join("\n");

test("a program's error: no progress rows repeating it, the diagnostic once", () => {
  expect(filtered([programError])).toBe(
    [
      "Previewing update (pfprobe):",
      "",
      " +  pulumi:pulumi:Stack cdc-kafka-pfprobe create ",
      " +  pulumi:pulumi:Stack cdc-kafka-pfprobe create 2 errors",
      "Diagnostics:",
      "  pulumi:pulumi:Stack (cdc-kafka-pfprobe):",
      "    error: hostPort 39092 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:hostPort.",
      "    uiPort 38080 is in use on 127.0.0.1 by another process; stop it or set cdc-kafka:uiPort.",
      "",
      "Resources:",
      "    + 1 to create",
      "    1 errored",
      "",
    ].join("\n"),
  );
});

test("chunks split mid-line give the same result", () => {
  const chunks = programError.match(/[\s\S]{1,7}/g) as string[];
  expect(filtered(chunks)).toBe(filtered([programError]));
});

test("a resource's error under two resources stays under each; a successful run passes unchanged", () => {
  const twoResources = [
    "Diagnostics:",
    "  docker:index/container:Container (b-1):",
    "    error: bind: address already in use",
    "  docker:index/container:Container (b-2):",
    "    error: bind: address already in use",
    "",
  ].join("\n");
  expect(filtered([twoResources])).toBe(twoResources);
  const success = " +  docker:index/network:Network n created (0.1s)\n\nResources:\n    + 1 created\n\nDuration: 1s\n";
  expect(filtered([success])).toBe(success);
});
