/**
 * The package version, read from the package.json next to the bundle (dist/..) or above the compiled sources.
 */
import * as fs from 'fs';
import * as path from 'path';

export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const version = versionIn(path.join(dir, 'package.json'));
    if (version) return version;
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

function versionIn(file: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    return pkg.name === 'b2c-policy-tools' && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/** The repository URL of package.json (`repository.url` or a string), for links to its documentation. */
export function packageRepository(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; repository?: string | { url?: string } };
      if (pkg.name === 'b2c-policy-tools') return typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    } catch {
      // not here: look further up
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
