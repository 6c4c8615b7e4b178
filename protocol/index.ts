// The only module the plugin and the ci-runtime share.
export * from './manifest';
export * from './messages';
export * from './reply-shape';
export * from './intents';
export * from './places';
export * from './line-splitter';
export * from './socket-client';
export * from './poll';
export * from './writable-paths';
