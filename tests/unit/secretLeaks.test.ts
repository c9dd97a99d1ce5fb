// The search a secured test runs over what it printed: whole passwords, any body line of a PEM key, names not values;
// and Docker's multiplexed log frames turned back into text.
import { demuxedLog, leakedSecrets } from "../helpers/secretLeaks";

const key = ["-----BEGIN PRIVATE KEY-----", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgY2hhbmdlLW1lLXBs", "ZWFzZS1pdHMtYS10ZXN0LWtleaFEA0IABPs", "-----END PRIVATE KEY-----", ""].join("\n");
const secrets = [
  { name: "the ui password", value: "Pa55wordOfTheUi0123456789abcdefg" },
  { name: "the CA key", value: key },
];

describe("leakedSecrets", () => {
  test.each([
    ["nothing", "Resources:\n    + 20 created\n", []],
    ["a whole password", 'sasl.jaas.config = username="ui" password="Pa55wordOfTheUi0123456789abcdefg";', ["the ui password"]],
    ["half a password is not one", "Pa55wordOfTheUi0", []],
    ["a key printed with escaped line breaks", JSON.stringify({ privateKeyPem: key }), ["the CA key"]],
    ["one line of a key", "…ZWFzZS1pdHMtYS10ZXN0LWtleaFEA0IABPs…", ["the CA key"]],
    ["the PEM armour alone is not a key", "-----BEGIN PRIVATE KEY-----", []],
  ])("%s", (_, text, expected) => expect(leakedSecrets(text, secrets)).toEqual(expected));
});

describe("demuxedLog", () => {
  const frame = (stream: number, text: string) => {
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(Buffer.byteLength(text), 4);
    return Buffer.concat([header, Buffer.from(text)]);
  };

  test("stdout and stderr frames in their order, headers dropped", () => {
    expect(demuxedLog(Buffer.concat([frame(1, "Kafka Server started\n"), frame(2, "WARN x\n"), frame(1, "done\n")]), false)).toBe("Kafka Server started\nWARN x\ndone\n");
  });

  test("a TTY container's log is the text itself", () => {
    expect(demuxedLog(Buffer.from("plain\n"), true)).toBe("plain\n");
  });
});
