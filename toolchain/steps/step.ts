// What a setup step is: a check that is cheap when the piece is present, and a build that makes it.
export interface StepContext {
  repoRoot: string;
  cacheDir: string;
  logDir: string;
  /** Environment for the builds: the process's own plus Go on PATH. */
  env: NodeJS.ProcessEnv;
}

export interface Step {
  name: string;
  /** Says what is already there and will be used, or undefined when the piece must be built. */
  check(context: StepContext): Promise<string | undefined>;
  /** Builds the piece, writing command output to `log`; resolves with a short description of the result. */
  build(context: StepContext, log: string): Promise<string>;
}
