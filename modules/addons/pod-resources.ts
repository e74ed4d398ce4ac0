/**
 * A container's resources as the add-on charts take them (`resources:`): CPU and memory requested, memory capped,
 * CPU not, since a CPU limit throttles a pod even when the node has CPU to spare
 * (https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/).
 */
export interface PodResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

/** `cpu` and `memory` requested, memory capped at `memoryLimit`, no CPU limit. */
export function memoryCapped(cpu: string, memory: string, memoryLimit: string): PodResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}
