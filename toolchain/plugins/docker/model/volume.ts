// Volume inputs ⇄ Docker Engine API, without I/O.
import type Docker from "dockerode";
import { Inputs } from "../schema/check";
import { LabelInput, labelMap } from "./container";
import { labelList } from "./network";

export interface VolumeInputs {
  name: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: LabelInput[];
}

export function volumeCreateOptions(inputs: VolumeInputs): Docker.VolumeCreateOptions {
  return {
    Name: inputs.name,
    Driver: inputs.driver || undefined,
    DriverOpts: inputs.driverOpts,
    Labels: inputs.labels?.length ? labelMap(inputs.labels) : undefined,
  };
}

/** The state the real provider's read sets from GET /volumes/{name}. */
export function volumeOutputs(state: Inputs, info: Docker.VolumeInspectInfo): Inputs {
  return {
    ...state,
    name: info.Name,
    labels: labelList(info.Labels),
    driver: info.Driver,
    driverOpts: info.Options ?? {},
    mountpoint: info.Mountpoint,
  };
}
