// Makes the compiled library importable by its package name, "control-plane", from anywhere in
// the repository (notebooks, tools): node_modules/control-plane -> ../dist.
// Runs after `npm install` (the "prepare" script) and at the end of every `npm run build`.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "control-plane");
fs.mkdirSync(path.join(root, "dist"), { recursive: true });
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  const stat = fs.lstatSync(link);
  if (stat.isSymbolicLink() && fs.readlinkSync(link) === path.join("..", "dist")) return;
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // no link yet
}
fs.symlinkSync(path.join("..", "dist"), link, "dir");
