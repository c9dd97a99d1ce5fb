// Docker labels every object of the library carries, so a stack's containers, networks and volumes can be found
// (and counted after destroy) without knowing their names.

/** Label key naming the Pulumi stack that made a Docker object (`<project>/<stack>`). */
export const STACK_LABEL = "cdc-kafka.stack";
/** Label key naming the role of a Docker object in the stack (network, broker, data, ui). */
export const COMPONENT_LABEL = "cdc-kafka.component";

/** The labels a stack's objects share: `cdc-kafka.stack=<project>/<stack>`. */
export function stackLabels(project: string, stack: string): Record<string, string> {
  return { [STACK_LABEL]: `${project}/${stack}` };
}

/** The given labels plus this object's role, in the `[{label, value}]` form the docker provider takes, sorted by key. */
export function dockerLabels(
  labels: Record<string, string>,
  role: string,
): {
  /** The label's key. */
  label: string;
  /** The label's value. */
  value: string;
}[] {
  return Object.entries({ ...labels, [COMPONENT_LABEL]: role })
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => ({ label, value }));
}
