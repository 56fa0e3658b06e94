/**
 * The collector (collect.sh): one script, run by `tunnel-doctor probe` on each hop and served by the
 * site at /collect.sh for an admin. Bundled as text (scripts/build-cli.mjs reads `?raw` imports).
 */
import script from './collect.sh?raw';

export const COLLECT_SCRIPT: string = script;
