// The Pulumi.<stack>.yaml beside Pulumi.yaml. Creating a stack with the passphrase secrets provider writes one holding
// only `encryptionsalt`; that one is state, not settings, and goes with the stack. Pure.

/** True when the stack file's text has no setting besides the passphrase salt (comments and blank lines aside). */
export function holdsOnlyEncryptionSalt(text: string): boolean {
  const lines = text.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
  return lines.length > 0 && lines.every((line) => /^encryptionsalt:\s*\S+/.test(line));
}
