// Network inputs ⇄ Docker Engine API, without I/O.
import type Docker from "dockerode";
import { Inputs } from "../schema/check";
import { LabelInput, labelMap } from "./container";

export interface NetworkInputs {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  ipv6?: boolean;
  options?: Record<string, string>;
  labels?: LabelInput[];
  ipamDriver?: string;
  ipamConfigs?: { subnet?: string; ipRange?: string; gateway?: string }[];
}

/** The options of POST /networks/create; CheckDuplicate as the Docker client sends it to daemons older than API 1.44. */
export function networkCreateOptions(inputs: NetworkInputs): Docker.NetworkCreateOptions {
  const ipamSet = inputs.ipamDriver !== undefined || (inputs.ipamConfigs?.length ?? 0) > 0;
  return {
    Name: inputs.name,
    CheckDuplicate: true,
    Driver: inputs.driver || undefined,
    Internal: inputs.internal ?? false,
    Attachable: inputs.attachable ?? false,
    EnableIPv6: inputs.ipv6 || undefined,
    Options: inputs.options,
    Labels: inputs.labels?.length ? labelMap(inputs.labels) : undefined,
    IPAM: ipamSet
      ? {
          Driver: inputs.ipamDriver ?? "default",
          Config: inputs.ipamConfigs?.map(({ subnet, ipRange, gateway }) => ({ Subnet: subnet, IPRange: ipRange, Gateway: gateway })),
        }
      : undefined,
  };
}

/** The state the real provider's read sets from GET /networks/{id}. */
export function networkOutputs(state: Inputs, info: Docker.NetworkInspectInfo): Inputs {
  const ipam = info.IPAM as { Driver?: string; Options?: Record<string, string> | null; Config?: Record<string, string>[] | null } | undefined;
  return {
    ...state,
    name: info.Name,
    labels: labelList(info.Labels),
    driver: info.Driver,
    internal: info.Internal ?? false,
    attachable: info.Attachable ?? false,
    ingress: info.Ingress ?? false,
    ipv6: info.EnableIPv6 ?? false,
    ipamDriver: ipam?.Driver ?? "",
    ipamOptions: ipam?.Options ?? {},
    ipamConfigs: (ipam?.Config ?? []).map((config) => ({
      subnet: config.Subnet ?? "",
      ipRange: config.IPRange ?? "",
      gateway: config.Gateway ?? "",
      auxAddress: config.AuxiliaryAddresses ?? {},
    })),
    options: info.Options ?? {},
    scope: info.Scope,
  };
}

/** Docker's label map as the provider's `[{label, value}]`, sorted for a stable state. */
export function labelList(labels: Record<string, string> | null | undefined): LabelInput[] {
  return Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => ({ label, value }));
}
