import { beforeAll, describe, it } from 'vitest';
import { classBalancedLoss, softmaxFocalLoss } from '../../src/index.js';
import { expectClose } from '../helpers/close.js';
import { BACKENDS, expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';
import { PAPER_TYPES } from '../helpers/paperTypes.js';
import { finiteDifferences } from '../helpers/finiteDifferences.js';

const LOGITS = [
  [0.8, -0.4, 1.3, 0.1],
  [-1.2, 0.5, 0.0, 2.2],
  [0.3, 0.3, -0.9, -0.2],
];
const IDS = [2, 3, 0];

describe.each(BACKENDS)('gradients agree with central finite differences on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it.each(PAPER_TYPES)('classBalancedLoss %s, class ids and their one-hot rows', (type) => {
    expectNoLeak(() => {
      const ids = tf.tensor1d(IDS, 'int32');
      // class ids take the gather-based kernels, their one-hot rows the dense ones
      const oneHot = tf.tidy(() => tf.cast(tf.oneHot(ids, 4), 'float32'));
      const logits = tf.tensor2d(LOGITS);
      for (const [form, labels] of [['ids', ids], ['one-hot', oneHot]] as const) {
        for (const gamma of type === 'focal' ? [0.5, 2] : [undefined]) {
          const loss = classBalancedLoss({ samplesPerClass: [300, 60, 12, 4], beta: 0.99, type, gamma });
          const f = (x: tf.Tensor) => loss(labels, x);
          const { grad } = valueAndGradData(f, logits);
          expectClose(grad, finiteDifferences(f, LOGITS), { relTol: 2e-3, absTol: 2e-4, what: `${type} ${form} gamma=${gamma}` });
        }
      }
      tf.dispose([ids, oneHot, logits]);
    });
  });

  it('softmaxFocalLoss with gamma < 1 and > 1, soft labels', () => {
    expectNoLeak(() => {
      const labels = tf.tensor2d([
        [0, 0, 1, 0],
        [0, 0.3, 0, 0.7],
        [1, 0, 0, 0],
      ]);
      const logits = tf.tensor2d(LOGITS);
      for (const gamma of [0.3, 1, 3]) {
        const f = (x: tf.Tensor) => softmaxFocalLoss(labels, x, { gamma, classWeights: [1, 2, 0.5, 1.5], reduction: 'mean' });
        const { grad } = valueAndGradData(f, logits);
        expectClose(grad, finiteDifferences(f, LOGITS), { relTol: 2e-3, absTol: 2e-4, what: `gamma=${gamma}` });
      }
      tf.dispose([labels, logits]);
    });
  });
});
