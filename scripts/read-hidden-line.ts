import readline from "node:readline";
import { Writable } from "node:stream";

/** Reads one line from the terminal without echoing it (for passwords). */
export function readHiddenLine(prompt: string): Promise<string> {
  process.stdout.write(prompt);
  let muted = true;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question("", (answer) => {
      muted = false;
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}
