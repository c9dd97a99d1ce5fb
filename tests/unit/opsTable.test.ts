import { colourStyle, formatPairs, formatTable, plainStyle, styleFor, visibleWidth } from "../../ops/table";

describe("formatTable", () => {
  test("pads every column to its widest cell, two spaces apart, right-aligning numbers, no trailing spaces", () => {
    const lines = formatTable(
      [{ header: "TOPIC" }, { header: "PARTITIONS", align: "right" }, { header: "STATUS" }],
      [
        ["dbserver.public.videos", "3", "ok"],
        ["t", "12", "UNDER-REPLICATED"],
      ],
    );
    expect(lines).toEqual([
      "TOPIC                   PARTITIONS  STATUS",
      "dbserver.public.videos           3  ok",
      "t                               12  UNDER-REPLICATED",
    ]);
  });

  test.each<[string, (string | undefined)[][], string[]]>([
    ["missing cells print blank", [["a"], ["bb", "c"]], ["H1  H2", "a", "bb  c"]],
    ["undefined cells print blank", [[undefined, "x"]], ["H1  H2", "    x"]],
    ["no rows: the header alone", [], ["H1  H2"]],
  ])("%s", (_, rows, expected) => {
    expect(formatTable([{ header: "H1" }, { header: "H2" }], rows)).toEqual(expected);
  });

  test("coloured cells line up with plain ones", () => {
    const lines = formatTable([{ header: "STATE" }, { header: "NODE" }], [[colourStyle.bad("DOWN"), "1"], ["up", "2"]]);
    expect(lines.map((line) => line.replace(/\u001b\[[0-9;]*m/g, ""))).toEqual(["STATE  NODE", "DOWN   1", "up     2"]);
  });
});

describe("visibleWidth", () => {
  test.each([
    ["abc", 3],
    ["\u001b[31mabc\u001b[0m", 3],
    ["… still", 7],
    ["", 0],
  ])("%j → %d", (text, width) => {
    expect(visibleWidth(text)).toBe(width);
  });
});

test("formatPairs aligns the values", () => {
  expect(formatPairs([["Web UI", "http://localhost:8080"], ["Bootstrap servers", "localhost:9092"]])).toEqual([
    "Web UI             http://localhost:8080",
    "Bootstrap servers  localhost:9092",
  ]);
});

describe("styleFor", () => {
  test.each([
    [true, {}, colourStyle],
    [false, {}, plainStyle],
    [undefined, {}, plainStyle],
    [true, { NO_COLOR: "" }, plainStyle],
    [true, { TERM: "dumb" }, plainStyle],
  ])("isTTY %s, env %j", (isTTY, env, expected) => {
    expect(styleFor(isTTY, env)).toBe(expected);
  });
});
