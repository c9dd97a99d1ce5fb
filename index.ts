// Entry point of `pulumi up`: the stack outputs are whatever the shared stack program returns.
import { kafkaStackProgram } from "./program";

export = kafkaStackProgram();
