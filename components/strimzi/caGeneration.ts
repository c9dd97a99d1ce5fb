// Which generation of the stack's own cluster CA is in force, from the `tlsRotation` setting. Strimzi takes a renewed CA
// of one's own only when the `strimzi.io/ca-cert-generation` (certificate) and `strimzi.io/ca-key-generation` (key)
// annotations on its Secrets grow ("Renewing your own CA certificates", "Replacing private keys used by your own CA
// certificates"); otherwise it keeps the old CA in its pods while the Secrets and the stack's `caCertificate` output
// already hold the new one. `tlsRotation` is what makes a new CA (tlsCertificates.ts), so it is also what numbers it:
// rotation "1" (the default, the first CA) is generation 0, the number Strimzi's own first CA has, "2" generation 1, and
// so on. A free-form rotation ("2026-q3") has no order, so on Kubernetes it is refused. Pure.

/** The generation of the CA made under `tlsRotation`, or undefined when `tlsRotation` is not a whole number ≥ 1. */
export function caGeneration(tlsRotation: string): number | undefined {
  if (!/^[1-9][0-9]{0,8}$/.test(tlsRotation)) return undefined;
  return Number(tlsRotation) - 1;
}

/** The rule behind {@link caGeneration}, as the one sentence bad input gets. */
export function tlsRotationError(tlsRotation: string): string | undefined {
  if (caGeneration(tlsRotation) !== undefined) return undefined;
  return `tlsRotation "${tlsRotation}" is not a whole number from 1 to 999999999; on Kubernetes it numbers the CA (Strimzi takes a new CA only when its generation grows), so raise it by one for each new CA.`;
}

/**
 * The CA certificate's subject CN for a generation. Strimzi asks a CA with a new key to have another CN than the one
 * it replaces (it adds ` v<n>` to its own); generation 0 keeps the Docker flavour's `<name> CA`, so a stack that never
 * rotated keeps its CA.
 */
export function caCommonName(name: string, generation: number): string {
  return generation === 0 ? `${name} CA` : `${name} CA v${generation}`;
}
