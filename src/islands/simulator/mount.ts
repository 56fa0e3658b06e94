/**
 * The simulator page's script: hydrates the HTML built by ssr.ts with the same props (the page's
 * preset, from data-preset on the root). Preact's hydrate() without Astro's island runtime: the page
 * ships only this, Preact and the simulator.
 */
import { h, hydrate } from 'preact';
import Simulator from './Simulator.tsx';

const root = document.getElementById('sim-root');
if (root) hydrate(h(Simulator, { presetId: root.dataset.preset }), root);
