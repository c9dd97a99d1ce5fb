// Three jest projects: pure unit tests (seconds, no Docker), toolchain tests (the built images and plugins against
// the real Docker engine) and integration tests (a real stack deployed once per run by the global setup).
const tsJest = { "^.+\\.ts$": ["ts-jest", { diagnostics: { warnOnly: false } }] };

module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform: tsJest,
      testMatch: ["<rootDir>/tests/unit/**/*.test.ts"],
    },
    {
      displayName: "toolchain",
      testEnvironment: "node",
      transform: tsJest,
      testMatch: ["<rootDir>/tests/toolchain/**/*.test.ts"],
      slowTestThreshold: 60,
    },
    {
      displayName: "integration",
      testEnvironment: "node",
      transform: tsJest,
      testMatch: ["<rootDir>/tests/integration/**/*.int.test.ts"],
      globalSetup: "<rootDir>/tests/integration/globalSetup.ts",
      globalTeardown: "<rootDir>/tests/integration/globalTeardown.ts",
      slowTestThreshold: 120,
    },
  ],
};
