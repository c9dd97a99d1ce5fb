// Integration tests deploy, fault and read real brokers: minutes, not jest's default 5 s (testTimeout is not a
// per-project option, so each project sets its own here).
jest.setTimeout(300_000);
