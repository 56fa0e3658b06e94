/**
 * What the reader observes in a paste: one kind per thing a line can show, each with the data the
 * evidence rules read. The reader (read.ts), the collector's reader and the tool reading share it.
 */
import type { ClientSoftware, WindowsJumpRelease } from '../software/index.ts';
import type { ToolId } from './tool-ids.ts';
import type { SshCommand } from './command.ts';
import type { Source } from './types.ts';

export interface ObsData {
  /** `said`: the description as the server worded it, when another program's words for a failed dial gave way to the error inside (`desc`). */
  'open-failed': { channel: number | null; reason: string; desc: string | null; putty: boolean; client?: ClientSoftware; said?: string };
  /** A line that shows which tool printed the paste (read-tools.ts). */
  'tool-line': { tool: ToolId | null; client: ClientSoftware | null; guess?: boolean };
  /** A user certificate as `ssh-keygen -L` lists it, with the extensions listed under it (filled as the lines are read). */
  certificate: { extensions: string[]; complete: boolean };
  /** A gateway product's own refusal in its log (Teleport's audit line). */
  /** A gateway's or cloud access layer's own line: its profile (software/) and which of its signals. */
  'gateway-said': { profile: string; signal: number };
  'stdio-failed': Record<string, never>;
  'tunnel-failed': Record<string, never>;
  'mux-refused': Record<string, never>;
  'bind-failed': { address: string | null; port: number | null; error: string };
  'cannot-listen': { port: number | null };
  'local-forward-failed': Record<string, never>;
  'remote-forward-failed': { port: number | null; path: string | null };
  'unix-bind-failed': { path: string; error: string | null };
  'x11-failed': Record<string, never>;
  'auth-denied': { methods: string };
  'kex-closed': { detail: string };
  'closed-65535': Record<string, never>;
  emfile: { where: 'accept' | 'socket' | 'connect' | 'other' };
  'password-expired': Record<string, never>;
  'sftp-only': Record<string, never>;
  'port-forwarding-disabled': { remote: boolean };
  'key-options': { options: string; portForwarding: boolean; permitopen: boolean };
  'fwd-local': { listen: string; target: string; port: number | null; path: string | null };
  'fwd-remote': { listen: string; target: string; port: number | null };
  'fwd-request': { listenPort: number; target: string; port: number };
  'dynamic-request': { target: string; port: number };
  'new-channel': { channel: number; type: string };
  'server-version': { software: 'openssh' | 'dropbear' | 'other'; version: string | null; raw: string };
  'client-version': { version: string };
  authenticated: { host: string | null };
  authenticating: { host: string; user: string };
  proxyjump: { jump: string };
  'refused-local': { originator: string; originatorPort: number; target: string; port: number };
  'permitopen-denied': { from: string | null; target: string; port: number | null };
  'remote-denied': { from: string | null };
  'unknown-host': { target: string; error: string };
  'connect-to-failed': { target: string; port: number; error: string | null };
  'no-more-sessions': Record<string, never>;
  'refused-streamlocal': { path: string };
  'path-denied': { path: string };
  'disk-full': Record<string, never>;
  /** ssh before 7.8 refused a -L/-D port below 1024 without root. */
  'privileged-port': Record<string, never>;
  /** setsockopt IPV6_V6ONLY failed (WSL1): the IPv6 listener may not bind. */
  'v6only-failed': { error: string };
  /** ssh got a forwarded-tcpip channel for a -R it never requested. */
  'unknown-forwarded': { port: number | null };
  /** An SELinux AVC denial of a connect (ausearch, audit.log, journal). */
  'avc-denied': { comm: string | null };
  accepted: { user: string; address: string };
  'auth-failure-log': { user: string | null };
  'tun-failed': Record<string, never>;
  'dns-rebind': { name: string };
  'lookup-failed': { name: string; error: string };
  'client-resolve-failed': { host: string; error: string };
  'ssh-connect-failed': { host: string; error: string };
  /** ssh's "Connection to HOST closed by remote host.": the server ended the whole connection. */
  'closed-by-remote': { host: string };
  /** Windows' ssh 7.6 or 7.7 could not start the ssh it runs for -J/ProxyJump (software/openssh-windows.ts). */
  'windows-jump-failed': { release: WindowsJumpRelease };
  setting: { key: string; value: string; match: string | null; dump: boolean };
  'ssh-config': { key: string; value: string };
  'authorized-keys': { options: string };
  command: { cmd: SshCommand };
  'server-log': { family: 'sshd' | 'sshd-session' | 'dropbear' };
  'ap-mention': Record<string, never>;
  /** A line of the server's /etc/hosts (parsed by the model's hosts parser, parse/hosts.ts). */
  'hosts-line': { text: string };
}

export type ObsKind = keyof ObsData;

export type Obs = {
  [K in ObsKind]: { k: K; line: number; column: number; length: number; source: Source; d: ObsData[K] };
}[ObsKind];

export type ObsOf<K extends ObsKind> = Extract<Obs, { k: K }>;
