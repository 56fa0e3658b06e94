/**
 * The simulator page's script: hydrates the HTML built by ssr.ts with the same props, read from the
 * page's `<script type="application/json" id="sim-props">`. Preact's hydrate() without Astro's
 * island runtime: the page ships only this, Preact and the simulator.
 */
import { h, hydrate } from 'preact';
import Simulator, { type SimulatorProps } from './Simulator.tsx';

const root = document.getElementById('sim-root');
const props = document.getElementById('sim-props')?.textContent;
if (root && props) hydrate(h(Simulator, JSON.parse(props) as SimulatorProps), root);
