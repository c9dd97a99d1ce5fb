// The docker provider stand-in's check (refusals, validation, defaults, autonaming) and diff (update vs replace),
// pure functions over the property tables in toolchain/plugins/docker/schema/props.ts.
import { autoName, checkInputs, unknownValue } from "../../toolchain/plugins/docker/schema/check";
import { diffInputs } from "../../toolchain/plugins/docker/schema/diff";
import { containerSpec, networkSpec, remoteImageSpec, volumeSpec } from "../../toolchain/plugins/docker/schema/props";

const seed = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

describe("check", () => {
  test("fills the real provider's container defaults and a seeded name", () => {
    const { inputs, failures } = checkInputs(containerSpec, "broker", {}, { image: "busybox:1" }, { randomSeed: seed });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      image: "busybox:1",
      name: autoName("broker", seed),
      networkMode: "bridge",
      restart: "no",
      start: true,
      mustRun: true,
      wait: false,
      waitTimeout: 60,
      rm: false,
      removeVolumes: true,
    });
    expect(inputs.name).toMatch(/^broker-[0-9a-f]{7}$/);
  });

  test("fills nested defaults of ports and healthcheck", () => {
    const news = { image: "i", name: "c", ports: [{ internal: 9092 }], healthcheck: { tests: ["CMD", "true"] } };
    const { inputs } = checkInputs(containerSpec, "c", {}, news);
    expect(inputs.ports).toEqual([{ internal: 9092, ip: "0.0.0.0", protocol: "tcp" }]);
    expect(inputs.healthcheck).toEqual({ tests: ["CMD", "true"], interval: "0s", timeout: "0s", startPeriod: "0s", retries: 0 });
  });

  test.each([
    ["the old inputs' name when the new ones omit it", { name: "net-1234567" }, {}, "net-1234567"],
    ["the proposed name of the stack's autonaming", {}, { proposedName: "dev-net" }, "dev-net"],
    ["an explicit name over everything", { name: "old" }, { proposedName: "dev-net" }, "mine"],
  ])("names a network with %s", (_case, olds, naming, expected) => {
    const news = expected === "mine" ? { name: "mine" } : {};
    expect(checkInputs(networkSpec, "net", olds, news, naming).inputs.name).toBe(expected);
  });

  test("the same seed gives the same name and another seed another one", () => {
    expect(autoName("data", seed)).toBe(autoName("data", seed));
    expect(autoName("data", seed)).not.toBe(autoName("data", Uint8Array.from([9])));
    expect(autoName("data")).toMatch(/^data-[0-9a-f]{7}$/);
  });

  test("a stack whose autonaming is disabled must name the volume", () => {
    expect(checkInputs(volumeSpec, "data", {}, {}, { autonamingDisabled: true }).failures).toEqual([
      {
        property: "name",
        reason: 'docker:index/volume:Volume "data" needs a name because autonaming is disabled in this stack\'s configuration; set name.',
      },
    ]);
  });

  test("the remote image is never auto-named", () => {
    expect(checkInputs(remoteImageSpec, "img", {}, {}).failures).toEqual([
      { property: "name", reason: "name is required by docker:index/remoteImage:RemoteImage; set it." },
    ]);
  });

  test.each([
    ["a top-level property it does not implement", { image: "i", privileged: true }, "privileged"],
    ["a nested property it does not implement", { image: "i", healthcheck: { tests: ["CMD"], startInterval: "1s" } }, "healthcheck.startInterval"],
    ["a property of a list element", { image: "i", networksAdvanced: [{ name: "n", macAddress: "02:42:ac:11:00:02" }] }, "networksAdvanced[0].macAddress"],
  ])("refuses %s, naming it", (_case, news, property) => {
    expect(checkInputs(containerSpec, "c", {}, news).failures).toEqual([
      {
        property,
        reason: `${property} is not implemented by the offline docker provider stand-in for docker:index/container:Container; remove it, or implement it in toolchain/plugins/docker (schema/props.ts and model/).`,
      },
    ]);
  });

  test.each([
    ["restart", { restart: "sometimes" }, "one of no, on-failure, always, unless-stopped, not \"sometimes\""],
    ["memory", { memory: 1.5 }, "an integer, not 1.5"],
    ["envs", { envs: ["A=1", 2] }, "a list of strings, not [\"A=1\",2]"],
    ["wait", { wait: "yes" }, 'true or false, not "yes"'],
    ["healthcheck.interval", { healthcheck: { tests: ["CMD"], interval: "10" } }, 'a Go duration ≥ 0 such as "10s" or "1m30s", not "10"'],
    ["ports[0].protocol", { ports: [{ internal: 1, protocol: "http" }] }, 'one of tcp, udp, sctp, not "http"'],
  ])("rejects a wrong %s", (property, news, expected) => {
    expect(checkInputs(containerSpec, "c", {}, { image: "i", ...news }).failures).toEqual([
      { property, reason: `${property} must be ${expected}; change its value.` },
    ]);
  });

  test.each([
    ["image", {}],
    ["ports[0].internal", { image: "i", ports: [{ external: 1 }] }],
    ["healthcheck.tests", { image: "i", healthcheck: { interval: "1s" } }],
  ])("requires %s", (property, news) => {
    expect(checkInputs(containerSpec, "c", {}, news).failures).toEqual([
      { property, reason: `${property} is required by docker:index/container:Container; set it.` },
    ]);
  });

  test("fills an upload's executable default and accepts each of content, contentBase64 and source", () => {
    const uploads = [
      { file: "/opt/app/run.sh", content: "#!/bin/sh\n", executable: true },
      { file: "/etc/app/key", contentBase64: "AAEC/w==", permissions: "0600" },
      { file: "/etc/app/big.bin", source: "./big.bin", sourceHash: "abc" },
    ];
    const { inputs, failures } = checkInputs(containerSpec, "c", {}, { image: "i", name: "c", uploads });
    expect(failures).toEqual([]);
    expect(inputs.uploads).toEqual([uploads[0], { ...uploads[1], executable: false }, { ...uploads[2], executable: false }]);
  });

  test.each([
    ["none of them", { file: "/a" }, "uploads[0] needs one of content, contentBase64 or source; set exactly one of them."],
    ["only empty ones", { file: "/a", content: "" }, "uploads[0] needs one of content, contentBase64 or source; set exactly one of them."],
    ["two of them", { file: "/a", content: "x", source: "/tmp/x" }, "uploads[0] sets content and source, but only one of content, contentBase64 or source can be set; keep one of them."],
    ["all three", { file: "/a", content: "x", contentBase64: "eA==", source: "/tmp/x" }, "uploads[0] sets content, contentBase64 and source, but only one of content, contentBase64 or source can be set; keep one of them."],
  ])("refuses an upload with %s of content, contentBase64 and source", (_case, upload, reason) => {
    expect(checkInputs(containerSpec, "c", {}, { image: "i", uploads: [upload] }).failures).toEqual([{ property: "uploads[0]", reason }]);
  });

  test.each([
    ["uploads[0].permissions", { file: "/a", content: "x", permissions: "644" }, 'an octal mode such as "0644" (^0[0-7]{3}$), not "644"'],
    ["uploads[0].permissions", { file: "/a", content: "x", permissions: "0789" }, 'an octal mode such as "0644" (^0[0-7]{3}$), not "0789"'],
    ["uploads[0].contentBase64", { file: "/a", contentBase64: "not base64!" }, "standard padded base64 (what Go's base64.StdEncoding decodes), not \"not base64!\""],
    ["uploads[0].contentBase64", { file: "/a", contentBase64: "eA" }, "standard padded base64 (what Go's base64.StdEncoding decodes), not \"eA\""],
    ["uploads[0].executable", { file: "/a", content: "x", executable: "yes" }, 'true or false, not "yes"'],
  ])("rejects a wrong %s (%j)", (property, upload, expected) => {
    expect(checkInputs(containerSpec, "c", {}, { image: "i", uploads: [upload] }).failures).toEqual([
      { property, reason: `${property} must be ${expected}; change its value.` },
    ]);
  });

  test("accepts base64 broken into lines, as Go's decoder skips line breaks", () => {
    expect(checkInputs(containerSpec, "c", {}, { image: "i", uploads: [{ file: "/a", contentBase64: "aGVs\nbG8=\r\n" }] }).failures).toEqual([]);
  });

  test("requires an upload's file and refuses the upload fields the stand-in does not implement", () => {
    const news = { image: "i", uploads: [{ content: "x" }, { file: "/a", content: "x", owner: "1000" }] };
    expect(checkInputs(containerSpec, "c", {}, news).failures.map(({ property }) => property)).toEqual(["uploads[0].file", "uploads[1].owner"]);
  });

  test("does not judge an upload whose content is not known yet (preview)", () => {
    const news = { image: "i", uploads: [{ file: "/a", content: unknownValue }, { file: "/b", content: "x", source: unknownValue }] };
    expect(checkInputs(containerSpec, "c", {}, news).failures).toEqual([]);
  });

  test("accepts values not known yet (preview) without judging them", () => {
    const news = { image: unknownValue, networksAdvanced: [unknownValue], labels: unknownValue };
    expect(checkInputs(containerSpec, "c", {}, news).failures).toEqual([]);
  });
});

describe("diff", () => {
  const state = {
    name: "broker-1",
    image: "cdc-kafka/kafka:3.6.2",
    hostname: "0123456789ab",
    command: ["/etc/kafka/run"],
    envs: ["A=1", "B=2"],
    labels: [
      { label: "a", value: "1" },
      { label: "b", value: "2" },
    ],
    ports: [{ internal: 9092, external: 39092, ip: "127.0.0.1", protocol: "tcp" }],
    networksAdvanced: [{ name: "net", aliases: ["broker", "kafka"] }],
    healthcheck: { tests: ["CMD", "true"], interval: "1m0s", timeout: "5s", startPeriod: "0s", startInterval: "0s", retries: 3 },
    restart: "unless-stopped",
    memory: 0,
    mustRun: true,
    wait: true,
    waitTimeout: 60,
    networkMode: "bridge",
    exitCode: 0,
    networkDatas: [{ networkName: "net", ipAddress: "172.18.0.2" }],
  };
  const inputs = {
    name: "broker-1",
    image: "cdc-kafka/kafka:3.6.2",
    envs: ["B=2", "A=1"],
    labels: [
      { label: "b", value: "2" },
      { label: "a", value: "1" },
    ],
    ports: [{ internal: 9092, ip: "127.0.0.1", protocol: "tcp" }],
    networksAdvanced: [{ name: "net", aliases: ["kafka", "broker"] }],
    healthcheck: { tests: ["CMD", "true"], interval: "1m0s", timeout: "5s", startPeriod: "0s", retries: 3 },
    restart: "unless-stopped",
    mustRun: true,
    wait: true,
    waitTimeout: 60,
    networkMode: "bridge",
  };

  test("finds no change between a fresh state and the inputs that made it (sets unordered, computed values kept)", () => {
    expect(diffInputs(containerSpec, state, inputs)).toEqual({ changes: false, replaces: [], changed: [], deleteBeforeReplace: false });
  });

  test.each([
    ["image", { image: "cdc-kafka/kafka:3.7.0" }, ["image"], []],
    ["envs", { envs: ["A=1", "B=3"] }, ["envs"], []],
    ["labels", { labels: [{ label: "a", value: "1" }] }, ["labels"], []],
    ["ports", { ports: [{ internal: 9092, external: 9093, ip: "127.0.0.1", protocol: "tcp" }] }, ["ports"], []],
    ["a network alias", { networksAdvanced: [{ name: "net", aliases: ["kafka"] }] }, ["networksAdvanced"], []],
    ["command", { command: ["sh"] }, ["command"], []],
    ["user (was Docker's default)", { user: "appuser" }, ["user"], []],
    ["name", { name: "broker-2" }, ["name"], []],
    ["restart", { restart: "always" }, [], ["restart"]],
    ["memory", { memory: 512 }, [], ["memory"]],
    ["healthcheck (\"60s\" is not the \"1m0s\" in state)", { healthcheck: { ...inputs.healthcheck, interval: "60s" } }, [], ["healthcheck"]],
    ["waitTimeout", { waitTimeout: 120 }, [], ["waitTimeout"]],
    ["mustRun after a stop was read", { mustRun: true, __state: { mustRun: false } }, [], ["mustRun"]],
    ["destroyGraceSeconds", { destroyGraceSeconds: 30 }, [], ["destroyGraceSeconds"]],
    ["uploads (a file added)", { uploads: [{ file: "/a", content: "x", executable: false }] }, ["uploads"], []],
    ["uploads (a file's content)", { uploads: [{ file: "/a", content: "y", executable: false }], __state: { uploads: [{ file: "/a", content: "x", executable: false }] } }, ["uploads"], []],
    ["uploads (executable)", { uploads: [{ file: "/a", content: "x", executable: true }], __state: { uploads: [{ file: "/a", content: "x", executable: false }] } }, ["uploads"], []],
    ["uploads (sourceHash)", { uploads: [{ file: "/a", source: "s", sourceHash: "2", executable: false }], __state: { uploads: [{ file: "/a", source: "s", sourceHash: "1", executable: false }] } }, ["uploads"], []],
    ["uploads (all removed)", { uploads: [], __state: { uploads: [{ file: "/a", content: "x", executable: false }] } }, ["uploads"], []],
  ])("a container's %s", (_case, change, replaces, updates) => {
    const { __state, ...news } = change as Record<string, unknown> & { __state?: object };
    const result = diffInputs(containerSpec, { ...state, ...__state }, { ...inputs, ...news });
    expect(result.replaces).toEqual(replaces);
    expect(result.changed.sort()).toEqual([...replaces, ...updates].sort());
    expect(result.changes).toBe(true);
    expect(result.deleteBeforeReplace).toBe(replaces.length > 0);
  });

  test("ports compare without regard to order, as the real provider's ports diff", () => {
    const two = [
      { internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
      { internal: 9092, external: 39092, ip: "127.0.0.1", protocol: "tcp" },
    ];
    const given = [
      { internal: 9092, ip: "127.0.0.1", protocol: "tcp" },
      { internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
    ];
    expect(diffInputs(containerSpec, { ...state, ports: two }, { ...inputs, ports: given }).changes).toBe(false);
  });

  test("uploads compare as a set: the same files in another order are no change", () => {
    const a = { file: "/a", content: "x", executable: true };
    const b = { file: "/b", contentBase64: "eA==", permissions: "0600", executable: false };
    expect(diffInputs(containerSpec, { ...state, uploads: [a, b] }, { ...inputs, uploads: [b, a] }).changes).toBe(false);
  });

  test("a value not known yet replaces when its property replaces", () => {
    expect(diffInputs(containerSpec, state, { ...inputs, image: unknownValue }).replaces).toEqual(["image"]);
    expect(diffInputs(containerSpec, state, { ...inputs, networksAdvanced: [{ name: unknownValue }] }).replaces).toEqual(["networksAdvanced"]);
  });

  test.each([
    ["a network's labels", networkSpec, { name: "n", driver: "bridge", labels: [] }, { name: "n", labels: [{ label: "x", value: "1" }] }, ["labels"]],
    ["a network's internal flag", networkSpec, { name: "n", internal: false }, { name: "n", internal: true }, ["internal"]],
    ["a network's driver, options and subnet left to Docker", networkSpec, { name: "n", driver: "bridge", options: {}, ipamDriver: "default", ipamConfigs: [{ subnet: "172.18.0.0/16" }] }, { name: "n", ipamDriver: "default" }, []],
    ["a volume's name", volumeSpec, { name: "a", driver: "local", mountpoint: "/x" }, { name: "b" }, ["name"]],
    ["a volume's driver options", volumeSpec, { name: "a", driverOpts: {} }, { name: "a", driverOpts: { type: "tmpfs" } }, ["driverOpts"]],
    ["a remote image's name", remoteImageSpec, { name: "a:1", imageId: "sha256:1" }, { name: "a:2" }, ["name"]],
  ])("%s", (_case, spec, olds, news, replaces) => {
    expect(diffInputs(spec, olds, news).replaces).toEqual(replaces);
  });

  test("a remote image's keepLocally updates in place", () => {
    expect(diffInputs(remoteImageSpec, { name: "a:1", keepLocally: false }, { name: "a:1", keepLocally: true })).toEqual({
      changes: true,
      replaces: [],
      changed: ["keepLocally"],
      deleteBeforeReplace: false,
    });
  });

  test("every network and volume input replaces; of the container only the real provider's in-place list updates", () => {
    const updatable = (spec: typeof containerSpec) => Object.keys(spec.props).filter((key) => spec.props[key].updatable);
    expect(updatable(networkSpec)).toEqual([]);
    expect(updatable(volumeSpec)).toEqual([]);
    expect(updatable(remoteImageSpec)).toEqual(["keepLocally", "forceRemove"]);
    expect(updatable(containerSpec)).toEqual([
      "healthcheck",
      "restart",
      "maxRetryCount",
      "memory",
      "init",
      "start",
      "mustRun",
      "wait",
      "waitTimeout",
      "rm",
      "removeVolumes",
      "destroyGraceSeconds",
    ]);
  });
});
