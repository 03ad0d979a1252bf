import { compareLogPositions } from '@fleksi/contracts';
import type { EventStore } from '@fleksi/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';

import {
  activateGeneration,
  activeGeneration,
  buildingGeneration,
  createGeneration,
  dropRetiredSchemas,
  type Generation,
} from './generations.ts';
import type { Projection } from './projection.ts';
import { runProjector, type RunningProjector } from './projector.ts';

/** Readers that looked up the old schema just before a switch get this long to finish. */
const RETIRED_SCHEMA_GRACE_SECONDS = 60;

export interface ProjectionManagerOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly projections: readonly Projection[];
  readonly logger: Logger;
  /** How often generations are checked for a finished rebuild or a switch made elsewhere, in milliseconds. */
  readonly watchIntervalMs?: number;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
}

/**
 * Keeps every projection running in this process: the active generation follows the
 * log, and a building generation (after a code version change or a rebuild request)
 * is filled beside it and made active once it has caught up, so readers never see
 * an empty read model.
 */
export class ProjectionManager {
  private readonly running = new Map<string, { generation: number; projector: RunningProjector }>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: ProjectionManagerOptions) {}

  /** Starts the projectors without waiting for them to catch up; see `caughtUp`. */
  async start(): Promise<void> {
    await this.reconcile();
    this.timer = setInterval(() => {
      this.checking = this.checking.then(() => this.reconcile()).catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'projection check failed');
      });
    }, this.options.watchIntervalMs ?? 2_000);
    this.timer.unref();
  }

  /** Resolves when every projector running now has caught up with the log once. */
  async caughtUp(): Promise<void> {
    await Promise.all([...this.running.values()].map((entry) => entry.projector.caughtUp));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.checking;
    await Promise.all([...this.running.values()].map((entry) => entry.projector.stop()));
    this.running.clear();
  }

  /** Brings running projectors in line with the generations table. */
  private async reconcile(): Promise<void> {
    for (const projection of this.options.projections) {
      if (this.stopped) {
        return;
      }
      let active = await activeGeneration(this.options.pool, projection.name);
      if (active === undefined) {
        active = await createGeneration(this.options.pool, projection);
        this.options.logger.info({ projection: projection.name, generation: active.generation }, 'created first read model generation');
      }

      let building = await buildingGeneration(this.options.pool, projection.name);
      if (building === undefined && active.codeVersion !== projection.version) {
        building = await createGeneration(this.options.pool, projection);
        this.options.logger.info(
          { projection: projection.name, generation: building.generation, from: active.codeVersion, to: projection.version },
          'code version changed; rebuilding beside the live read model',
        );
      }

      // Stop projectors of generations retired here or by another process (a CLI rebuild).
      const wanted = new Set([active.generation, ...(building === undefined ? [] : [building.generation])]);
      await this.stopAllBut(projection.name, wanted);
      this.ensureRunning(projection, active);
      if (building !== undefined) {
        this.ensureRunning(projection, building);
        await this.switchIfCaughtUp(projection, building);
      }
      await dropRetiredSchemas(this.options.pool, projection.name, RETIRED_SCHEMA_GRACE_SECONDS);
    }
  }

  private async stopAllBut(projectionName: string, generations: ReadonlySet<number>): Promise<void> {
    for (const [key, entry] of this.running) {
      if (key.startsWith(`${projectionName}:`) && !generations.has(entry.generation)) {
        await entry.projector.stop();
        this.running.delete(key);
      }
    }
  }

  private ensureRunning(projection: Projection, generation: Generation): void {
    const key = `${projection.name}:${generation.generation}`;
    if (this.running.has(key)) {
      return;
    }
    const projector = runProjector({
      pool: this.options.pool,
      store: this.options.store,
      projection,
      generation,
      logger: this.options.logger,
      ...(this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }),
      ...(this.options.pollIntervalMs === undefined ? {} : { pollIntervalMs: this.options.pollIntervalMs }),
    });
    this.running.set(key, { generation: generation.generation, projector });
  }

  private async switchIfCaughtUp(projection: Projection, building: Generation): Promise<void> {
    const head = await this.options.store.headPosition();
    const current = (await buildingGeneration(this.options.pool, projection.name)) ?? building;
    if (head !== undefined && compareLogPositions(current.position, head) < 0) {
      return;
    }
    if (current.codeVersion !== projection.version) {
      return;
    }

    const retiredSchema = await activateGeneration(this.options.pool, projection.name, current.generation);
    this.options.logger.info({ projection: projection.name, generation: current.generation, retired: retiredSchema }, 'rebuilt read model is now live');
    await this.stopAllBut(projection.name, new Set([current.generation]));
  }
}
