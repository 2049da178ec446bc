// Preloaded (node --require) into a server started as a child process: on exit each Node process
// writes the path of every CommonJS module it loaded to $LOADED_MODULES_DIR/<pid>.txt, so a test
// can see which React build the server really ran (react-dom/server picks its build by NODE_ENV).
// npx and tsx start more than one Node process; one file each keeps them apart. Only modules that
// ran count: importing CommonJS from ESM leaves unevaluated entries for every `require` it finds
// while parsing exports, including both branches of React's NODE_ENV switch.
const { writeFileSync } = require("node:fs");
const path = require("node:path");
const dir = process.env.LOADED_MODULES_DIR;
if (dir)
  process.on("exit", () =>
    writeFileSync(
      path.join(dir, `${process.pid}.txt`),
      Object.values(require.cache)
        .filter((m) => m && m.loaded)
        .map((m) => m.filename)
        .join("\n"),
    ),
  );
