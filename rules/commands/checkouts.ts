/** The other-checkout signs `commands` reads live in the rule API (src/api/checkouts.ts), shared with `links`. */
export { Checkouts, foreignFolders, linksOtherRepository, linksScriptElsewhere, ownManifestNames, ownNames, repositoryNameOf } from '../../src/api/index.js';
