// Toolchain tests start real containers and plugins: a generous default (testTimeout is not a per-project option).
jest.setTimeout(180_000);
