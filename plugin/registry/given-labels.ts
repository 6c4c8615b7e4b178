// Identity is given, not claimed (docs/security.md, boundary 1): a container's labels are those its
// creator gave it merged over those its image carries, and an image is not trusted. A label counts
// for naming a CI only when the container's image does not carry that key: then its value can only
// have come from whoever created the container (ergon, Swarm, Compose, the user), never the image.
// The engine, which is trusted, says which keys the image has.
import type { ContainerClient, ContainerSummary } from '../engine/container-client';

/** Where `ergon run` puts the CI name it chose; no image built by aish carries this key. */
export const GIVEN_CI_NAME_LABEL = 'tekton.ergon.ci-name';
/** The container name that CI name was given with: a container renamed since gets its new name's CI. */
export const GIVEN_CONTAINER_LABEL = 'tekton.ergon.container';

/** A container and the labels given to it at creation. */
export interface GivenContainer extends ContainerSummary {
  given: Record<string, string>;
}

/** The container's labels minus every key its image carries; nothing when the image is unknown. */
export function givenLabels(
  labels: Record<string, string>,
  imageLabels: Record<string, string> | null,
): Record<string, string> {
  if (!imageLabels) return {};
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !Object.hasOwn(imageLabels, key)));
}

/** Adds the given labels to each container, asking the engine once per image. */
export async function withGivenLabels(
  containers: ContainerClient,
  list: ContainerSummary[],
): Promise<GivenContainer[]> {
  const images = new Map<string, Promise<Record<string, string> | null>>();
  const labelsOf = (id: string | undefined) => {
    if (!id) return Promise.resolve(null);
    let p = images.get(id);
    // An image the engine cannot show makes every label a claim: the name then comes from the container's.
    if (!p) images.set(id, (p = containers.imageLabels(id).catch(() => null)));
    return p;
  };
  return Promise.all(list.map(async (c) => ({ ...c, given: givenLabels(c.labels, await labelsOf(c.imageId)) })));
}
