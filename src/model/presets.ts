import type { Scenario } from './scenario.ts';

/**
 * Ready-made scenarios: one per cause the model can reach, plus a working tunnel. Keyed by cause id
 * (or `working-tunnel`); every cause page links to `/simulator/?preset=<id>` when its id is here.
 * (Filled in by the model task.)
 */
export const PRESETS: Record<string, { title: string; scenario: Scenario }> = {
  'working-tunnel': {
    title: 'A working tunnel',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:80 alice@server.example' },
      server: { software: 'openssh', version: '9.2' },
      targets: [{ host: '127.0.0.1', port: 80, state: 'listening' }],
    },
  },
};

export function hasPreset(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(PRESETS, id);
}
