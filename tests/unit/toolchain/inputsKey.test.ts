import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inputsKey, listInputFiles } from "../../../toolchain/inputsKey";
import { imageKey } from "../../../toolchain/steps/images";

describe("inputsKey", () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "inputs-key-"));
    fs.mkdirSync(path.join(root, "image", "node_modules"), { recursive: true });
    fs.writeFileSync(path.join(root, "image", "Dockerfile"), "FROM base\n");
    fs.writeFileSync(path.join(root, "image", "entrypoint.sh"), "exec java\n");
    fs.writeFileSync(path.join(root, "image", "node_modules", "ignored.js"), "1");
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test("lists the files of a directory sorted, without node_modules", () => {
    expect(listInputFiles(root, ["image"])).toEqual(["image/Dockerfile", "image/entrypoint.sh"]);
  });

  test("is the same for the same content, wherever the clone is", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "inputs-key-copy-"));
    fs.cpSync(root, copy, { recursive: true });
    expect(inputsKey(copy, ["image"], ["3.6.2"])).toBe(inputsKey(root, ["image"], ["3.6.2"]));
    fs.rmSync(copy, { recursive: true, force: true });
  });

  test.each([
    ["a file's content changes", () => fs.appendFileSync(path.join(root, "image", "entrypoint.sh"), "# changed\n")],
    ["a file is added", () => fs.writeFileSync(path.join(root, "image", "extra.properties"), "")],
    ["a file is renamed", () => fs.renameSync(path.join(root, "image", "entrypoint.sh"), path.join(root, "image", "run.sh"))],
  ])("changes when %s", (_what, change) => {
    const before = inputsKey(root, ["image"], ["3.6.2"]);
    change();
    expect(inputsKey(root, ["image"], ["3.6.2"])).not.toBe(before);
  });

  test("changes with the named version and ignores build output in node_modules", () => {
    const key = inputsKey(root, ["image"], ["3.6.2"]);
    expect(inputsKey(root, ["image"], ["3.7.0"])).not.toBe(key);
    fs.writeFileSync(path.join(root, "image", "node_modules", "ignored.js"), "2");
    expect(inputsKey(root, ["image"], ["3.6.2"])).toBe(key);
  });

  test("an image's key follows its base image's inputs", () => {
    fs.writeFileSync(path.join(root, "base.sh"), "debootstrap\n");
    const base = { name: "base", tag: "b", inputs: ["base.sh"], extras: [], buildArgs: () => [] };
    const image = { name: "image", tag: "i", inputs: ["image"], extras: [], base, buildArgs: () => [] };
    const before = imageKey({ repoRoot: root }, image);
    fs.appendFileSync(path.join(root, "base.sh"), "--include=nodejs\n");
    expect(imageKey({ repoRoot: root }, image)).not.toBe(before);
  });
});
