// Unique names for what a test makes (topics, groups, stacks), so runs and tests never collide.
import { randomBytes } from "crypto";

export function uniqueId(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}
