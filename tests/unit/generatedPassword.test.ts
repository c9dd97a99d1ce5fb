// The generated password's provider, called directly: length, alphabet, uniqueness; the length rule as a sentence;
// the diff replaces on any input change; the resource refuses a bad length before anything registers.
import { mockedSuite } from "../helpers/pulumiMocks";
import { generatedPasswordProvider, passwordProblems, randomPassword } from "../../components/generatedPassword";

async function create(news: Record<string, unknown>) {
  const { inputs, failures } = await generatedPasswordProvider.check!({} as never, news as never);
  expect(failures).toEqual([]);
  return (await generatedPasswordProvider.create(inputs!)).outs!;
}

describe("create", () => {
  test("makes 32 letters and digits by default", async () => {
    const outs = await create({});
    expect(outs.length).toBe(32);
    expect(outs.result).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  test.each([16, 64, 128])("makes %p characters when asked", async (length) => {
    expect((await create({ length })).result).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`));
  });

  test("two passwords differ", async () => {
    expect((await create({})).result).not.toBe((await create({})).result);
  });

  test("draws from all 62 letters and digits", () => {
    const seen = new Set(randomPassword(4000));
    expect(seen.size).toBe(62);
  });
});

describe("the length rule", () => {
  test.each([16, 32, 128, undefined])("%p holds", (length) => {
    expect(passwordProblems("the generated password", { length })).toEqual([]);
  });

  test("check leaves a length unknown until apply alone", async () => {
    expect((await generatedPasswordProvider.check!({} as never, { length: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } as never)).failures).toEqual([]);
  });

  test.each([15, 129, 20.5, 0])("%p is refused with one sentence", (length) => {
    expect(passwordProblems("the generated password", { length })).toEqual([
      `The length of the generated password (${length}) is out of range; set it to a whole number of characters from 16 to 128.`,
    ]);
  });
});

test("no input change is no change; any input change replaces; read returns the state", async () => {
  const olds = { length: 32, result: "x".repeat(32) };
  expect(await generatedPasswordProvider.diff!("id", olds, { length: 32 })).toEqual({ changes: false, replaces: [] });
  expect(await generatedPasswordProvider.diff!("id", olds, { length: 32, rotation: "1" })).toEqual({ changes: true, replaces: ["rotation"] });
  expect(await generatedPasswordProvider.diff!("id", olds, { length: 40 })).toEqual({ changes: true, replaces: ["length"] });
  expect(await generatedPasswordProvider.read!("id", olds)).toEqual({ id: "id", props: olds });
});

describe("the resource", () => {
  const suite = mockedSuite(() => import("../../components/generatedPassword"));

  test("refuses a bad length before anything registers", async () => {
    expect(() => new suite.lib.GeneratedPassword("admin-password", { length: 8 })).toThrow(
      "The length of the generated password admin-password (8) is out of range; set it to a whole number of characters from 16 to 128.",
    );
    expect(await suite.mocks.settled()).toEqual([]);
  });

  test("registers as the library's dynamic resource type", async () => {
    new suite.lib.GeneratedPassword("admin-password");
    expect((await suite.mocks.settled()).map((resource) => [resource.type, resource.name])).toEqual([
      ["pulumi-nodejs:dynamic/cdc-kafka:GeneratedPassword", "admin-password"],
    ]);
  });
});
