import * as path from 'path';

/** The repository root, from compiled tests in out/test/** or sources in test/**. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!require('fs').existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

/** ../shared beside the repository. */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
export const STARTERPACK = path.join(SHARED, 'corpus', 'starterpack');
