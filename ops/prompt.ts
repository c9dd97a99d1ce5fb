// A yes/no question on the terminal, for the scripts that delete data (down, create-topics).
import * as readline from "readline";

export function ask(question: string): Promise<string> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) =>
    prompt.question(question, (answer) => {
      prompt.close();
      resolve(answer);
    }),
  );
}
