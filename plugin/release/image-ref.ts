// Image references as Docker reads them: [registry[:port]/]repository[:tag][@sha256:digest].
// The first path part is a registry only when it has a '.' or ':' or is 'localhost' (Docker's rule).

/** A parsed image reference. */
export interface ImageRef {
  registry: string | null;
  repository: string;
  tag: string | null;
  digest: string | null;
}

const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

/** Parses a reference; throws naming the reference when it cannot be one. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new Error(`'${ref}' has a digest that is not sha256:<64 hex digits>`);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const registry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : null;
  const path = registry ? rest.slice(slash + 1) : rest;
  const colon = path.lastIndexOf(':');
  const tag = colon >= 0 ? path.slice(colon + 1) : null;
  const repository = colon >= 0 ? path.slice(0, colon) : path;
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(repository)) {
    throw new Error(
      `'${ref}' is not an image reference: the repository '${repository}' must be lowercase letters, digits and . _ - separated by /`,
    );
  }
  if (tag !== null && !/^[\w][\w.-]{0,127}$/.test(tag)) throw new Error(`'${ref}' has an invalid tag '${tag}'`);
  return { registry, repository, tag, digest };
}

/** Formats a reference back to text. */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** `registry/repository@digest`: the exact content, whatever tags move. */
export function pinnedRef(registry: string, repository: string, digest: string): string {
  return formatImageRef({ registry, repository, tag: null, digest });
}

/** A short form of a digest for tables: the first 12 hex digits. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
