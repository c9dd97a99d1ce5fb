// A second `up` with no changes (the stack deployed, nothing to do) against the engine's own floor: `pulumi preview`
// of an empty program, a stack of its own on the same backend. The difference is what the stack program, its
// providers and their reads cost when there is nothing to change.
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CDC_TOPICS } from "../components/config";
import { projectName } from "../support/deploy";
import { uniqueId } from "../support/ids";
import { Benchmark, BenchContext, benchStack, removeBackendLeftovers, timedUp, untilLastOutput } from "./harness";
import { armOrder, summarize } from "./stats";

const ROUNDS = 5;

export const noChanges: Benchmark = {
  name: "nochanges",
  title: "Second up, no changes",
  expectedMinutes: 3,
  async measure(ctx: BenchContext) {
    const deployment = await benchStack(ctx, "nochanges", { topics: JSON.stringify(CDC_TOPICS) });
    await timedUp(deployment);
    const emptyName = uniqueId("bench-empty");
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${emptyName}-`));
    const empty = await LocalWorkspace.createOrSelectStack(
      { stackName: emptyName, projectName, program: async () => undefined },
      { workDir, projectSettings: { name: projectName, runtime: "nodejs", backend: { url: process.env.PULUMI_BACKEND_URL } } },
    );
    ctx.cleanups.add(`stack ${emptyName}`, async () => {
      await empty.workspace.removeStack(emptyName, { force: true });
      fs.rmSync(workDir, { recursive: true, force: true });
      removeBackendLeftovers(emptyName);
    });
    const secondUp: number[] = [];
    const secondUpCall: number[] = [];
    const emptyPreview: number[] = [];
    // The CLI's own run ends with its last line of output; the Automation API's up() then also runs `pulumi stack
    // output` and `pulumi stack history` (preview() runs nothing more), which a CLI user's `pulumi up` does not.
    const upArm = async (round: number) => {
      const { result, seconds, cliSeconds } = await timedUp(deployment);
      secondUpCall.push(seconds);
      secondUp.push(cliSeconds);
      const changed = Object.entries(result.summary.resourceChanges ?? {}).filter(([kind, count]) => kind !== "same" && (count ?? 0) > 0);
      if (changed.length > 0) throw new Error(`The second up of ${deployment.stackName} changed something (${JSON.stringify(changed)}); it must find nothing to do.`);
      ctx.log(`round ${round + 1}: second up, no changes, in ${secondUp[round].toFixed(1)} s`);
    };
    const previewArm = async (round: number) => {
      const { cliSeconds } = await untilLastOutput((onOutput) => empty.preview({ onOutput }));
      emptyPreview.push(cliSeconds);
      ctx.log(`round ${round + 1}: preview of an empty program in ${emptyPreview[round].toFixed(1)} s`);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const arm of armOrder([upArm, previewArm], round)) await arm(round);
    }
    await deployment.remove();
    const differences = secondUp.map((seconds, index) => seconds - emptyPreview[index]);
    return {
      subject: { label: `second up of a deployed stack (${CDC_TOPICS.length} topics, UI off), no changes, until the CLI's last output`, unit: "s", values: secondUp },
      baseline: { label: "pulumi preview of an empty program (the engine's floor), until the CLI's last output", unit: "s", values: emptyPreview },
      references: [{ label: "the same second up until the Automation API's up() returns (adds stack output and stack history)", unit: "s", values: secondUpCall }],
      ratioMeaning: "second up / empty preview",
      paired: true,
      details: {
        rounds: ROUNDS,
        // The target is a difference: the second up at most 1.5 s over the floor.
        secondsOverFloor: summarize(differences),
        targetSecondsOverFloor: 1.5,
        metSecondsOverFloor: summarize(differences).median <= 1.5,
      },
      notes: [
        "Both through the Automation API from this process, on the same file backend, the arms alternating: `up` of a stack deployed once before the rounds (inline kafkaStackProgram: network, volume, broker, kafka provider, topics; checked to change nothing), and `preview` of a stack whose inline program registers nothing.",
        "Timed from the call until the CLI's last line of output (its summary and duration), which is the command a CLI user runs; the reference adds the two CLI calls the Automation API's up() makes afterwards (stack output, stack history), as `npm run up` does.",
        "The issue's target is the difference (second up − empty preview ≤ 1.5 s), in the details; the ratio is for the table.",
      ],
    };
  },
};
