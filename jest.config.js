// Three jest projects: pure unit tests (seconds, no Docker), toolchain tests (the built images and plugins against
// the real Docker engine) and integration tests (a real stack deployed once per run by the global setup).
const tsJest = { "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false } }] };
// Jest 30 guards globals between test files by wrapping their properties; Pulumi's SDK keeps its runtime state in a
// global store whose setters then recurse without end. Pulumi resets that state itself, so the guard stays off.
const common = { testEnvironment: "node", transform: tsJest, testEnvironmentOptions: { globalsCleanup: "off" } };

module.exports = {
  projects: [
    {
      displayName: "unit",
      ...common,
      testMatch: ["<rootDir>/tests/unit/**/*.test.ts"],
    },
    {
      displayName: "toolchain",
      ...common,
      testMatch: ["<rootDir>/tests/toolchain/**/*.test.ts"],
      setupFilesAfterEnv: ["<rootDir>/tests/toolchain/timeouts.ts"],
      slowTestThreshold: 60,
    },
    {
      displayName: "integration",
      ...common,
      testMatch: ["<rootDir>/tests/integration/**/*.int.test.ts"],
      globalSetup: "<rootDir>/tests/integration/globalSetup.ts",
      globalTeardown: "<rootDir>/tests/integration/globalTeardown.ts",
      setupFilesAfterEnv: ["<rootDir>/tests/integration/timeouts.ts"],
      slowTestThreshold: 120,
    },
  ],
};
