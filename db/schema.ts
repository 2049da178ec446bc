/**
 * The database's tables, as drizzle sees them and as the app imports them ("#db/schema"). The
 * definitions live in two files only for size: the platform's core (schema-core.ts) and 双报到双服务
 * (schema-service.ts, decision 041), which refers to the core's tables.
 */
export * from "./schema-core";
export * from "./schema-service";
