// Which java the strimzi-crds step runs Strimzi's generator with: its jars are Java 21 bytecode and the machines'
// default java is 17, so the step reads each JDK's `release` file and takes JAVA_HOME's when new enough, else the newest.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findJava, javaMajor } from "../../../toolchain/steps/strimziCrds";

test.each([
  ['JAVA_VERSION="25.0.3"', 25],
  ['IMPLEMENTOR="Debian"\nJAVA_VERSION="17.0.15"\n', 17],
  ['JAVA_VERSION="21"', 21],
  ['JAVA_VERSION="1.8.0_412"', 8],
  ['IMPLEMENTOR="Eclipse Adoptium"', undefined],
])("the release file %j says Java %p", (release, major) => {
  expect(javaMajor(release)).toBe(major);
});

describe("findJava", () => {
  let jvmDir: string;
  const jdk = (name: string, version: string) => {
    const home = path.join(jvmDir, name);
    fs.mkdirSync(path.join(home, "bin"), { recursive: true });
    fs.writeFileSync(path.join(home, "release"), `JAVA_VERSION="${version}"\n`);
    fs.writeFileSync(path.join(home, "bin", "java"), "");
    return home;
  };

  beforeEach(() => {
    jvmDir = fs.mkdtempSync(path.join(os.tmpdir(), "jvm."));
  });
  afterEach(() => fs.rmSync(jvmDir, { recursive: true, force: true }));

  test("the newest JDK when JAVA_HOME is unset, never one older than 21", () => {
    jdk("java-17-openjdk-amd64", "17.0.15");
    const newest = jdk("temurin-25-jdk-amd64", "25.0.3");
    jdk("temurin-21-jdk-amd64", "21.0.5");
    expect(findJava({}, jvmDir)).toBe(path.join(newest, "bin", "java"));
  });

  test("JAVA_HOME's java when it is 21 or newer, the newest installed one when it is older", () => {
    const old = jdk("java-17-openjdk-amd64", "17.0.15");
    const home21 = jdk("temurin-21-jdk-amd64", "21.0.5");
    const newest = jdk("temurin-25-jdk-amd64", "25.0.3");
    expect(findJava({ JAVA_HOME: home21 }, jvmDir)).toBe(path.join(home21, "bin", "java"));
    expect(findJava({ JAVA_HOME: old }, jvmDir)).toBe(path.join(newest, "bin", "java"));
  });

  test("none when only older JDKs exist, or a directory lacks bin/java", () => {
    jdk("java-17-openjdk-amd64", "17.0.15");
    fs.mkdirSync(path.join(jvmDir, "broken-25"));
    fs.writeFileSync(path.join(jvmDir, "broken-25", "release"), 'JAVA_VERSION="25"\n');
    expect(findJava({}, jvmDir)).toBeUndefined();
    expect(findJava({}, path.join(jvmDir, "missing"))).toBeUndefined();
  });
});
