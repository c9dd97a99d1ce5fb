// KafkaUnderReplicatedPartitions's `for: 5m`, on Prometheus's own rule engine: `promtool test rules` in the Prometheus
// image evaluates the rule file KafkaMetrics renders (kafkaAlertRules, the rules' one home) against synthetic series
// of a broker stopped for good and of brief blips, so "fires after five minutes of under-replication, not before, and
// not for a blip" is checked in seconds instead of waiting five real minutes on a stack (the integration test
// metricsAlerts sees the rule go pending and resolve on a real cluster). The same test file run against the rules
// with a shorter and a longer `for` must fail: the scenarios tell those apart.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KAFKA_ALERTS, KafkaAlert, kafkaAlertRules, SCRAPE_INTERVAL } from "../../components/prometheusConfig";
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { logsOf } from "./imageContainers";

const PROMETHEUS_IMAGE = process.env.CDC_PROMETHEUS_IMAGE ?? "cdc-kafka/prometheus:2.42";
const ALERT = "KafkaUnderReplicatedPartitions";
const SERIES = 'kafka_server_ReplicaManager_Value{name="UnderReplicatedPartitions",job="kafka",instance="%s:11001"}';
const series = (broker: string, values: string) => ({ series: SERIES.replace("%s", broker), values });

const rule = KAFKA_ALERTS.find((alert) => alert.alert === ALERT) as KafkaAlert;
/** The alert as promtool lists a firing one: its labels and its summary with `$value` (the partitions summed) filled in. */
const firing = (partitions: number) => ({
  exp_labels: { severity: rule.severity },
  exp_annotations: { summary: rule.summary.replace("{{ $value }}", String(partitions)) },
});

/**
 * The scenarios, one sample every 15 s (the stack's scrape and evaluation interval), every broker at 0 for the first
 * minute. `a+0xN` is N + 1 samples of a; `_xN` is N + 1 missing samples (the stopped broker is not scraped).
 */
const UNIT_TESTS = {
  rule_files: ["kafka-alerts.yml"],
  evaluation_interval: SCRAPE_INTERVAL,
  tests: [
    {
      // broker-3 stopped at 1m for good: the two others each report one partition without its replica there.
      interval: SCRAPE_INTERVAL,
      input_series: [series("broker-1", "0+0x3 1+0x40"), series("broker-2", "0+0x3 1+0x40"), series("broker-3", "0+0x3 _x40")],
      alert_rule_test: [
        { eval_time: "1m", alertname: ALERT, exp_alerts: [] },
        // 4 min 59 s of under-replication (the last evaluation saw 4 min 45 s): pending, not firing.
        { eval_time: "5m59s", alertname: ALERT, exp_alerts: [] },
        // 5 min: the evaluation at that moment fires it, with the two partitions summed over the brokers still scraped.
        { eval_time: "6m", alertname: ALERT, exp_alerts: [firing(2)] },
        { eval_time: "11m", alertname: ALERT, exp_alerts: [firing(2)] },
      ],
    },
    {
      // A blip of 4 min 45 s (a slow broker restart), 2 min 45 s healthy, then another of 4 min 15 s: never five minutes
      // in a row, although 9 min in all. Each blip's pending state ends with it.
      interval: SCRAPE_INTERVAL,
      input_series: [series("broker-1", "0+0x3 3+0x18 0+0x10 3+0x16 0+0x10"), series("broker-2", "0+0x59")],
      alert_rule_test: [
        { eval_time: "5m30s", alertname: ALERT, exp_alerts: [] },
        // Five minutes after the first blip began, had it held.
        { eval_time: "6m", alertname: ALERT, exp_alerts: [] },
        // The second blip's last evaluation, 4 min into it.
        { eval_time: "12m30s", alertname: ALERT, exp_alerts: [] },
        { eval_time: "14m", alertname: ALERT, exp_alerts: [] },
      ],
    },
  ],
};

const testId = uniqueId("promtool");
const labels = { "cdc-kafka.test": testId };

/** `promtool test rules` in the Prometheus image on `rules` (a rendered kafka-alerts.yml) and the scenarios above. */
async function promtoolTestRules(rules: string): Promise<{ code: number; output: string }> {
  const files = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-rules."));
  const name = uniqueId(testId);
  try {
    fs.writeFileSync(path.join(files, "kafka-alerts.yml"), rules);
    // JSON is YAML.
    fs.writeFileSync(path.join(files, "tests.yml"), JSON.stringify(UNIT_TESTS, null, 2));
    const container = await docker.createContainer({
      name,
      Image: PROMETHEUS_IMAGE,
      Labels: labels,
      Entrypoint: ["promtool"],
      Cmd: ["test", "rules", "/rules/tests.yml"],
      WorkingDir: "/rules",
      HostConfig: { Binds: [`${files}:/rules:ro`], NetworkMode: "none" },
    });
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    return { code: StatusCode, output: await logsOf(name) };
  } finally {
    await docker.getContainer(name).remove({ force: true, v: true }).catch(() => undefined);
    fs.rmSync(files, { recursive: true, force: true });
  }
}

/** The rule file with the alert's `for` replaced: what the scenarios must refuse. */
const withFor = (duration: string) => kafkaAlertRules(KAFKA_ALERTS.map((alert) => (alert.alert === ALERT ? { ...alert, for: duration } : alert)));

describe(`${ALERT} on Prometheus's rule engine (promtool test rules in ${PROMETHEUS_IMAGE})`, () => {
  afterAll(async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [`cdc-kafka.test=${testId}`] } });
    expect(left).toEqual([]);
  });

  test("the rendered rules: not firing after 4 min 59 s of under-replication, firing at 5 min, never for a blip", async () => {
    expect(rule.for).toBe("5m");
    const { code, output } = await promtoolTestRules(kafkaAlertRules());
    console.log(`promtool test rules, the component's rules:\n${output}`);
    expect(output).toMatch(/SUCCESS/);
    expect(code).toBe(0);
  });

  test.each(["4m", "6m"])("the same scenarios fail the rule with for: %s", async (duration) => {
    const { code, output } = await promtoolTestRules(withFor(duration));
    expect(output).toMatch(new RegExp(`FAILED:[\\s\\S]*alertname: ${ALERT}`));
    expect(code).toBe(1);
  });
});
