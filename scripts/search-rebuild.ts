/**
 * `npm run search:rebuild`: empties and refills the list search index of the database at
 * DATABASE_URL from its needs and resources (docs/decisions/009-search-index-in-sqlite.md). Safe to
 * run while the app serves: it is one transaction, and searches see the old index until it commits.
 */
import { databasePath, getDb } from "../db/client";
import { rebuildSearchIndex } from "../app/models/catalog/search.server";

const started = performance.now();
const counts = rebuildSearchIndex(getDb());
console.log(
  `已重建搜索索引（${databasePath()}）：需求 ${counts.needs} 条，资源 ${counts.resources} 条，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`,
);
getDb().$client.close();
