/**
 * Engine services the routes call. Each feature adds its service here, so
 * routes stay thin: parse, call one service function, shape the reply.
 */
// biome-ignore lint/complexity/noBannedTypes: grows as features add services
export type AppServices = {};
