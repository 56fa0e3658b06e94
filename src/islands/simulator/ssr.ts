/**
 * The simulator rendered to HTML at build time, with a page's preset: the same component and props
 * the browser hydrates (see mount.ts), so the result, the path and the lines are readable before any
 * JavaScript runs and hydration changes nothing on screen.
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import Simulator from './Simulator.tsx';

export function renderSimulator(presetId: string): string {
  return renderToString(h(Simulator, { presetId }));
}
