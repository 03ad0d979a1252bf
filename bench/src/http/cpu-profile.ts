import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` file (as written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  /** Microseconds on the monotonic clock. */
  readonly startTime: number;
  readonly endTime: number;
  /** Node id of each sample. */
  readonly samples: readonly number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  readonly timeDeltas: readonly number[];
}

export interface Hotspot {
  /** Function name and `file:line`, or a V8 pseudo-node such as `(garbage collector)`. */
  readonly name: string;
  readonly selfMs: number;
  /** Share of the non-idle samples in the window, in percent. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** Length of the window the samples were taken from, in milliseconds. */
  readonly windowMs: number;
  readonly samples: number;
  /** Share of the window the main thread sat idle, in percent. */
  readonly idlePercent: number;
  /** False when no sample fell in the window and the whole profile was used. */
  readonly windowMatched: boolean;
  readonly functions: readonly Hotspot[];
  /** Self time by package: a workspace folder, an npm package, or Node.js internals. */
  readonly packages: readonly Hotspot[];
}

/**
 * Summarises the one `.cpuprofile` in `directory`: self time per function and per
 * package, counting only samples stamped between `fromMicros` and `toMicros`.
 */
export async function summariseCpuProfile(directory: string, fromMicros: number, toMicros: number, top = 20): Promise<ProfileSummary> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile'));
  const file = files[0];
  if (file === undefined) {
    throw new Error(`no .cpuprofile file in ${directory}; the server may have been killed before it could write one`);
  }
  const profile = JSON.parse(await readFile(path.join(directory, file), 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));

  const inWindow = collectSamples(profile, fromMicros, toMicros);
  const windowMatched = inWindow.length > 0;
  const samples = windowMatched ? inWindow : collectSamples(profile, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);

  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let idleMicros = 0;
  let busyMicros = 0;
  for (const sample of samples) {
    const frame = nodes.get(sample.node);
    const name = frame === undefined ? '(unknown)' : describeFrame(frame);
    if (name === '(idle)') {
      idleMicros += sample.micros;
      continue;
    }
    busyMicros += sample.micros;
    byFunction.set(name, (byFunction.get(name) ?? 0) + sample.micros);
    const owner = frame === undefined ? '(unknown)' : packageOf(frame.url, name);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + sample.micros);
  }
  const rank = (totals: Map<string, number>): Hotspot[] =>
    [...totals.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, selfMs: Math.round(micros / 100) / 10, percent: busyMicros === 0 ? 0 : Math.round((micros / busyMicros) * 1000) / 10 }));

  const windowMicros = idleMicros + busyMicros;
  return {
    file: path.join(directory, file),
    windowMs: Math.round(windowMicros / 1000),
    samples: samples.length,
    idlePercent: windowMicros === 0 ? 0 : Math.round((idleMicros / windowMicros) * 1000) / 10,
    windowMatched,
    functions: rank(byFunction),
    packages: rank(byPackage),
  };
}

/** Each sample's node and the time it stands for: the interval until the next sample. */
function collectSamples(profile: CpuProfile, fromMicros: number, toMicros: number): { node: number; micros: number }[] {
  const stamps: number[] = [];
  let time = profile.startTime;
  for (const delta of profile.timeDeltas) {
    time += delta;
    stamps.push(time);
  }
  const samples: { node: number; micros: number }[] = [];
  for (let index = 0; index < profile.samples.length; index += 1) {
    const stamp = stamps[index] ?? profile.endTime;
    const next = stamps[index + 1] ?? profile.endTime;
    const node = profile.samples[index];
    if (node !== undefined && stamp >= fromMicros && stamp < toMicros) {
      samples.push({ node, micros: Math.max(0, next - stamp) });
    }
  }
  return samples;
}

function describeFrame(frame: CpuProfile['nodes'][number]['callFrame']): string {
  if (frame.url === '') {
    return frame.functionName.startsWith('(') ? frame.functionName : `${frame.functionName || '(anonymous)'} (native)`;
  }
  return `${frame.functionName || '(anonymous)'} ${shortPath(frame.url)}:${frame.lineNumber + 1}`;
}

/** Shortens a script URL to the part after node_modules or the repository root. */
function shortPath(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    return file.slice(modules + '/node_modules/'.length);
  }
  const repository = fileFromRepositoryRoot(file);
  return repository ?? file;
}

function fileFromRepositoryRoot(file: string): string | undefined {
  const match = /\/(services|projections|infra|contracts|bench)\/.*$/.exec(file);
  return match?.[0].slice(1);
}

function packageOf(url: string, name: string): string {
  if (url === '') {
    return name.startsWith('(') ? name : 'V8 and native code';
  }
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith('node:')) {
    return 'Node.js internals';
  }
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? file);
  }
  const repository = fileFromRepositoryRoot(file);
  if (repository !== undefined) {
    const parts = repository.split('/');
    return parts[0] === 'contracts' || parts[0] === 'bench' ? (parts[0] ?? repository) : `${parts[0] ?? ''}/${parts[1] ?? ''}`;
  }
  return file;
}
