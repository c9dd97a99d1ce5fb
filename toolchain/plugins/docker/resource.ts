// What each resource implements against the Docker engine; the provider dispatches to it by type token.
import type Docker from "dockerode";
import { isNotFound } from "./docker";
import { Inputs } from "./schema/check";
import { ResourceSpec } from "./schema/props";

export interface ResourceLifecycle {
  readonly spec: ResourceSpec;
  create(docker: Docker, inputs: Inputs): Promise<{ id: string; outs: Inputs }>;
  /** An empty id says the object is gone, so the next update creates it again. */
  read(docker: Docker, id: string, state: Inputs): Promise<{ id: string; props: Inputs }>;
  update(docker: Docker, id: string, state: Inputs, news: Inputs): Promise<Inputs>;
  delete(docker: Docker, id: string, state: Inputs): Promise<void>;
}

/**
 * The state after an in-place update: the new values of the updatable inputs over the old state. As in Terraform,
 * the update does not read the object back; the next refresh does.
 */
export function updatedState(spec: ResourceSpec, state: Inputs, news: Inputs): Inputs {
  const updatable = Object.keys(spec.props).filter((key) => spec.props[key].updatable);
  return { ...state, ...Object.fromEntries(updatable.map((key) => [key, news[key]])) };
}

/** The state read from `inspect`, or an empty id when Docker no longer has the object. */
export async function readOrGone<T>(inspect: () => Promise<T>, toResult: (info: T) => { id: string; props: Inputs }): Promise<{ id: string; props: Inputs }> {
  try {
    return toResult(await inspect());
  } catch (error) {
    if (isNotFound(error)) return { id: "", props: {} };
    throw error;
  }
}
