// The ci-runtime's version, reported by `info` and in the image label tekton.ci.version.
export const CI_VERSION = '0.1.0';
