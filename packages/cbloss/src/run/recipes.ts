import type { RunOptionsInput } from '../types.js';

/** What a recipe may look at to choose its settings: the options given so far (flags), recipe settings not yet applied. */
export type RecipeInput = Omit<RunOptionsInput, 'output' | 'recipe'>;

/** One preset of run settings. */
export interface Recipe {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  /**
   * The settings the recipe gives for options not given explicitly (explicit options win, field by field), as a
   * function of those given: e.g. the learning rate scales with the batch size and depends on the loss and the dataset.
   */
  readonly settings: (given: RecipeInput) => RecipeInput;
}

/** The micro-batch the imagenet recipe accumulates over by default: ResNet-50 at 224 px fits a few GB of RAM. */
const IMAGENET_MICRO_BATCH = 64;

/**
 * The base learning rate of the paper's large-scale runs (Cui et al. 2019, §5.3, after Goyal et al.): 0.1 per 256
 * images, scaled linearly with the global batch; ×2 for focal loss on ImageNet and ×4 for focal loss on iNaturalist
 * (whose sigmoid-based loss starts from the prior bias and needs the larger rate, as in the paper's TPU code).
 *
 * @example
 * imagenetLearningRate(1024, 'softmax', 'ilsvrc:/data/ILSVRC2012'); // 0.4
 * imagenetLearningRate(1024, 'focal', 'inat:/data/inat2018/train2018.json'); // 1.6
 */
export function imagenetLearningRate(batchSize: number, method: string, dataset: string): number {
  const focal = method === 'focal' ? (dataset.startsWith('inat:') ? 4 : 2) : 1;
  return 0.1 * (batchSize / 256) * focal;
}

/**
 * The recipes of `--recipe`; `RecipeName` derives from it.
 *
 * - `imagenet`: the paper's ILSVRC 2012 / iNaturalist recipe (§5.3): ResNet-50 at 224 px on the dataset as it is
 *   (imbalance factor 1: these datasets are long-tailed already), 90 epochs, global batch 1024 (accumulated over
 *   micro-batches of 64), SGD momentum 0.9 with Nesterov, weight decay 1e-4 on the kernels only (not batch-norm γ/β nor
 *   the final bias), base learning rate {@link imagenetLearningRate}, 5 warm-up epochs, ×0.1 at epochs 30, 60 and 80 of
 *   90 (at the same fractions of a shorter run).
 */
export const RECIPES = [
  {
    name: 'imagenet',
    summary:
      "the paper's ILSVRC/iNaturalist recipe: resnet50 at 224 px, 90 epochs, batch 1024 (accumulated over 64), Nesterov SGD 0.9, weight decay 1e-4 on kernels only, lr 0.1 per 256 images (focal ×2; ×4 on inat:), 5 warm-up epochs, ×0.1 at epochs 30, 60, 80",
    settings: (given: RecipeInput): RecipeInput => {
      const epochs = given.optimiser?.epochs ?? 90;
      const batchSize = given.optimiser?.batchSize ?? 1024;
      const method = given.loss?.method ?? 'softmax';
      const dataset = given.data?.dataset ?? '';
      return {
        data: { imbalanceFactor: 1, imageSize: 224 },
        model: { name: 'resnet50' },
        optimiser: {
          epochs,
          batchSize,
          accumulate: batchSize > IMAGENET_MICRO_BATCH && batchSize % IMAGENET_MICRO_BATCH === 0 ? batchSize / IMAGENET_MICRO_BATCH : 1,
          learningRate: imagenetLearningRate(batchSize, method, dataset),
          momentum: 0.9,
          nesterov: true,
          weightDecay: 1e-4,
          decayScope: 'kernels',
          warmupEpochs: 5,
          milestones: [30, 60, 80].map((m) => (m / 90) * epochs),
          lrDecay: 0.1,
          recipe: 'imagenet',
        },
      };
    },
  },
] as const satisfies readonly Recipe[];

/** The names of {@link RECIPES}. */
export const RECIPE_NAMES = RECIPES.map((r) => r.name);
