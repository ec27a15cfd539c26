/**
 * What `npm install --loglevel=info` is doing, read from its own log lines: a long install (a slow
 * registry, a native addon compiling) shows where it is instead of a bare spinner. npm prints
 * one line per registry request (`npm http fetch GET 200 <url>`), per tarball taken from its cache
 * (`npm http cache <name>@<url>`), per install script (`npm info run <pkg> <event> <path> <command>`),
 * and the project's own lifecycle scripts as `> <project> postinstall`. A line it does not know
 * (another npm release's wording) changes nothing: the status stays where it was.
 */
export interface NpmStatus {
  /** "resolving the dependency tree", "running esbuild@0.25.12 install script (...)" ... */
  stage: string;
  /** The stage with its latest detail: "resolving the dependency tree: fastify". */
  text: string;
}

const REGISTRY_REQUEST = /^npm http fetch GET \d+ (\S+)/;
const CACHED_TARBALL = /^npm http cache (\S+?)@(?:https?|file):/;
// The path keeps out the line npm prints when the script ends ("... install { code: 0, signal: null }").
const SCRIPT_START = /^npm info run (\S+) (preinstall|install|postinstall|prepare) node_modules\/\S+ (.+)$/;
const PROJECT_SCRIPT = /^> \S+ (preinstall|install|postinstall|prepare)$/;
const ADDED = /^(added|changed|removed|up to date)\b.* in [\d.]+\s*\w+$/;

/** The tracker of one npm install: feed it lines, it answers when the status changed. */
export function npmProgress(): (line: string) => NpmStatus | undefined {
  let packages = 0;
  let last = "";
  const changed = (status: NpmStatus) => {
    if (status.text === last) return undefined;
    last = status.text;
    return status;
  };
  const same = (text: string) => changed({ stage: text, text });
  return (raw) => {
    const line = raw.trim();
    const request = REGISTRY_REQUEST.exec(line);
    if (request) {
      const url = request[1] as string;
      // A tarball (…/-/name-1.2.3.tgz) is a download; anything else a package's metadata.
      if (/\/-\/[^/]+\.tgz$/.test(url)) return changed({ stage: "downloading and unpacking packages", text: `downloading and unpacking packages (${++packages}): ${packageOfTarball(url)}` });
      return changed({ stage: "resolving the dependency tree", text: `resolving the dependency tree: ${decodeURIComponent(url.replace(/^https?:\/\/[^/]+\//, ""))}` });
    }
    const cached = CACHED_TARBALL.exec(line);
    if (cached) return changed({ stage: "downloading and unpacking packages", text: `downloading and unpacking packages (${++packages}): ${cached[1]}` });
    const script = SCRIPT_START.exec(line);
    if (script) return same(`running ${script[1]} ${script[2]} script (${script[3]})`);
    const own = PROJECT_SCRIPT.exec(line);
    if (own) return same(`running the project's ${own[1]} script`);
    // The line after `> project postinstall` is its command: show what it runs.
    if (last.startsWith("running the project's") && line.startsWith("> ")) return same(`${last} (${line.slice(2)})`);
    if (ADDED.test(line)) return same(line);
    return undefined;
  };
}

/** "https://registry.npmjs.org/@scope/name/-/name-1.2.3.tgz" -> "@scope/name". */
function packageOfTarball(url: string): string {
  const pathname = decodeURIComponent(url.replace(/^https?:\/\/[^/]+\//, ""));
  return pathname.slice(0, pathname.indexOf("/-/"));
}
