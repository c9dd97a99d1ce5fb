// The schema validator against the API server's own code: every accepted and refused fixture goes through
// toolchain/strimzi/conformance (apiextensions-apiserver v0.35.4's metadata, pruning, OpenAPI and CEL validation, built
// here with Go), and both must agree on whether the resource is accepted and on which fields are at fault. Without this
// the validator's verdicts would only be checked against what its author expected.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { repoRoot, strimziCrdDir } from "../../toolchain/paths";
import { acceptedResources, refusedResources } from "../helpers/strimziFixtures";
import { validateCustomResource } from "../helpers/strimziSchemas";

const run = promisify(execFile);
const SOURCE = path.join(repoRoot, "toolchain", "strimzi", "conformance");
/** Go as setup finds it: on PATH, or where the machines install it. */
const GO_ENV = { ...process.env, PATH: `${process.env.PATH}${path.delimiter}/usr/local/go/bin` };

interface Verdict {
  name: string;
  problems: string[];
}

let workDir: string;
let conformance: string;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "strimzi-conformance."));
  conformance = path.join(workDir, "conformance");
  // Go's build cache makes this seconds once the k8s.io packages are compiled (the control plane's build shares them).
  await run("go", ["build", "-trimpath", "-ldflags", "-s -w", "-o", conformance, "."], { cwd: SOURCE, env: GO_ENV, maxBuffer: 16 * 1024 * 1024 });
}, 600_000);

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** The API server's verdict on each case (resources are passed through JSON, as an apply sends them). */
async function serverVerdicts(cases: [string, unknown][]): Promise<Verdict[]> {
  const input = path.join(workDir, "cases.json");
  fs.writeFileSync(input, JSON.stringify(cases.map(([name, resource]) => ({ name, resource }))));
  const { stdout } = await run("bash", ["-c", `"$0" "$1" < "$2"`, conformance, path.join(strimziCrdDir(), "json"), input], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as Verdict[];
}

/** The field a server problem names: `spec.x: Invalid value…`, `pruned unknown field spec.x`, `<nil>: … "spec.x" must validate…`. */
function serverField(problem: string): string {
  if (problem.startsWith("no served version")) return "apiVersion/kind";
  const pruned = /^pruned (?:unknown field|null) (.+)$/.exec(problem);
  if (pruned) return pruned[1];
  const combinator = /^<nil>: Invalid value: "": "([^"]+)" must validate/.exec(problem);
  if (combinator) return combinator[1];
  return problem.slice(0, problem.indexOf(": "));
}

/** The field one of the validator's problems names, as the server would name it (it stops at `metadata` for a bad label). */
function validatorField(problem: string, serverFields: string[]): string {
  const field = problem.slice(0, problem.indexOf(": "));
  if (field === "apiVersion" || field === "kind") return "apiVersion/kind";
  return serverFields.find((server) => field === server || field.startsWith(`${server}.`) || field.startsWith(`${server}[`)) ?? field;
}

test("the validator and the API server's code agree on every fixture: accepted or not, and the fields at fault", async () => {
  const cases: [string, unknown][] = [...acceptedResources, ...refusedResources.map(([name, resource]): [string, unknown] => [name, resource])];
  const verdicts = await serverVerdicts(cases);
  expect(verdicts.map(({ name }) => name)).toEqual(cases.map(([name]) => name));
  const compared = cases.map(([name, resource], index) => {
    const serverFields = [...new Set(verdicts[index].problems.map(serverField))].sort();
    const ownFields = [...new Set(validateCustomResource(resource).map((problem) => validatorField(problem, serverFields)))].sort();
    return { name, server: serverFields, validator: ownFields };
  });
  expect(compared.filter(({ server }) => server.length === 0).length).toBe(acceptedResources.length);
  expect(compared.map(({ name, validator }) => ({ name, fields: validator }))).toEqual(compared.map(({ name, server }) => ({ name, fields: server })));
});
