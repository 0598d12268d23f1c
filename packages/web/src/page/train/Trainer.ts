import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createRng, perClassAccuracy, top1Error, type MethodLoss, type Rng } from 'class-balanced-loss';

/** One finished epoch. */
export interface EpochRecord {
  readonly epoch: number;
  /** Mean training loss over the epoch's batches. */
  readonly loss: number;
  /** Accuracy % on the (long-tailed) training batches, as the model was when each batch was seen. */
  readonly trainAccuracy: number;
  readonly learningRate: number;
  /** Wall-clock seconds of the epoch's training steps (without pauses). */
  readonly seconds: number;
  readonly imagesPerSecond: number;
  /** Held-out top-1 error %, measured after the epoch. */
  readonly testError: number;
  /** Held-out accuracy % per class after the epoch (null: no held-out sample). */
  readonly perClass: (number | null)[];
}

/** What a {@link Trainer} trains on. */
export interface TrainerData {
  /** All samples, `[N, ...sampleShape]` (the trainer does not own it). */
  readonly x: tf.Tensor;
  readonly labels: Int32Array;
  readonly train: readonly number[];
  readonly test: readonly number[];
}

/** Settings of a {@link Trainer}. */
export interface TrainerSettings {
  readonly batchSize: number;
  readonly learningRate: number;
  /** Seed of the data order. */
  readonly seed: number;
}

/** Hooks called while training, to draw progress. */
export interface TrainerHooks {
  /** After each batch: epoch (1-based), batch index, batches per epoch, batch loss. */
  readonly onBatch?: (epoch: number, batch: number, batches: number, loss: number) => void;
  /** After each epoch, with its record (held-out predictions as well). */
  readonly onEpoch?: (record: EpochRecord, predictions: Int32Array) => void;
}

/**
 * Trains a model with a loss of the library (`createLoss`), batch by batch with Adam, and can stop after any
 * batch and continue where it stopped (same epoch, same position in the same seeded data order). Each epoch
 * starts with `loss.setEpoch(epoch)` (deferred re-weighting). After each epoch, it predicts the held-out
 * samples and records the held-out error and per-class accuracy.
 *
 * @example
 * const trainer = new Trainer(model, loss, data, { batchSize: 32, learningRate: 1e-3, seed: 1 });
 * await trainer.train(10, { onEpoch: (r) => console.log(r.epoch, r.loss) }); // 'done' or 'stopped'
 * trainer.stop(); // from a button: train() resolves 'stopped' after the current batch
 */
export class Trainer {
  readonly history: EpochRecord[] = [];
  private readonly optimizer: tf.Optimizer;
  private readonly labelTensor: tf.Tensor1D;
  private readonly rng: Rng;
  private order: Int32Array = new Int32Array(0);
  private batch = 0;
  private lossSum = 0;
  private correct = 0;
  private seconds = 0;
  private stopRequested = false;

  constructor(
    readonly model: LayersModel,
    readonly loss: MethodLoss,
    private readonly data: TrainerData,
    readonly settings: TrainerSettings,
  ) {
    this.optimizer = tf.train.adam(settings.learningRate);
    this.labelTensor = tf.tensor1d(data.labels, 'int32');
    this.rng = createRng(settings.seed);
  }

  /** Epochs finished so far. */
  get epochsDone(): number {
    return this.history.length;
  }

  /** Asks {@link train} to return after the current batch. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Trains until `epochs` epochs are finished in total, or until {@link stop}. */
  async train(epochs: number, hooks: TrainerHooks = {}): Promise<'done' | 'stopped'> {
    this.stopRequested = false;
    const batches = Math.ceil(this.data.train.length / this.settings.batchSize);
    const variables = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    while (this.epochsDone < epochs) {
      if (this.batch === 0) this.order = this.shuffledTrainOrder();
      this.loss.setEpoch(this.epochsDone); // deferred re-weighting switches the weights on at its epoch
      while (this.batch < batches) {
        if (this.stopRequested) return 'stopped';
        const started = performance.now();
        const { loss, correct } = this.step(this.order.subarray(this.batch * this.settings.batchSize, (this.batch + 1) * this.settings.batchSize), variables);
        this.seconds += (performance.now() - started) / 1000;
        this.lossSum += loss;
        this.correct += correct;
        this.batch += 1;
        hooks.onBatch?.(this.epochsDone + 1, this.batch, batches, loss);
        await tf.nextFrame(); // let the page draw and react to the stop button
      }
      const predictions = await this.predict(this.data.test);
      const testLabels = this.data.test.map((i) => this.data.labels[i] as number);
      const record = {
        epoch: this.epochsDone + 1,
        loss: this.lossSum / batches,
        trainAccuracy: (100 * this.correct) / this.data.train.length,
        learningRate: this.settings.learningRate,
        seconds: this.seconds,
        imagesPerSecond: this.data.train.length / this.seconds,
        testError: top1Error(testLabels, predictions),
        perClass: perClassAccuracy(testLabels, predictions, this.loss.classWeights.length),
      };
      this.history.push(record);
      this.batch = 0;
      this.lossSum = 0;
      this.correct = 0;
      this.seconds = 0;
      hooks.onEpoch?.(record, predictions);
    }
    return 'done';
  }

  /** Predicted classes (argmax of the logits) of the given samples, in batches of 256. */
  async predict(indices: readonly number[]): Promise<Int32Array> {
    const out = new Int32Array(indices.length);
    for (let start = 0; start < indices.length; start += 256) {
      const part = indices.slice(start, start + 256);
      const classes = tf.tidy(() => tf.argMax(this.model.predict(tf.gather(this.data.x, tf.tensor1d(part, 'int32'))) as tf.Tensor, 1));
      out.set(await classes.data(), start);
      classes.dispose();
    }
    return out;
  }

  /** Frees the optimizer's state and the label tensor (not the model, which the page may still export). */
  dispose(): void {
    this.optimizer.dispose();
    this.labelTensor.dispose();
  }

  /** One Adam step on a batch; returns its loss and how many of its samples the model classified right. */
  private step(batch: Int32Array, variables: tf.Variable[]): { loss: number; correct: number } {
    const kept: { correct?: tf.Tensor } = {};
    const cost = this.optimizer.minimize(
      () =>
        tf.tidy(() => {
          const indices = tf.tensor1d(batch, 'int32');
          const labels = tf.gather(this.labelTensor, indices);
          const logits = this.model.apply(tf.gather(this.data.x, indices), { training: true }) as tf.Tensor;
          kept.correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
          return this.loss(labels, logits);
        }),
      true,
      variables,
    );
    const loss = cost?.dataSync()[0] ?? NaN;
    const right = kept.correct?.dataSync()[0] ?? 0;
    tf.dispose([cost, kept.correct].filter((t): t is tf.Tensor => t !== undefined));
    if (!Number.isFinite(loss)) throw new Error(`Trainer: 'loss' must stay finite; got ${loss} (lower the learning rate).`);
    return { loss, correct: right };
  }

  private shuffledTrainOrder(): Int32Array {
    return this.rng.shuffle(Int32Array.from(this.data.train));
  }
}
