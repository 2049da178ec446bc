/**
 * The database's tables, as drizzle sees them and as the app imports them ("#db/schema"). The
 * definitions live in three files only for size: the platform's core (schema-core.ts), 双报到双服务
 * (schema-service.ts, decision 041) and what matching learns from decisions (schema-matching.ts,
 * decision 045); the last two refer to the core's tables.
 */
export * from "./schema-core";
export * from "./schema-matching";
export * from "./schema-service";
