/** `npm run env:example`: writes .env.example from env.ts (tests/unit/env.test.ts checks they agree). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { envExample } from "../env";
import { ROOT } from "./build-state";

const file = path.join(ROOT, ".env.example");
writeFileSync(file, envExample());
console.log(`已写入 ${path.relative(process.cwd(), file) || file}`);
