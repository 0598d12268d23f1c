import { classBalancedWeights, effectiveNumbers } from 'class-balanced-loss';
import { classCountsSpec } from 'cbloss-plots/classCountsSpec.js';
import { effectiveNumberSpec } from 'cbloss-plots/effectiveNumberSpec.js';
import { groupedBarsSpec } from 'cbloss-plots/groupedBarsSpec.js';
import type { PreparedData } from '../data/prepareSplit.js';
import { byId, num, renderTable, text } from './dom.js';
import { showPlot } from './showPlot.js';

/**
 * Section 2 of the page for the training counts at a β: the counts plot (log scale), the imbalance factor,
 * the effective-number curves with the classes on the curve of β, the weights plot and the table (class,
 * images, train, held out, Eₙ, weight). The weights are the library's `classBalancedWeights` of the
 * training counts: those the loss of a run uses. The exact values are in the cells' `data-value`.
 */
export async function renderWeights(classNames: readonly string[], prepared: PreparedData, beta: number): Promise<void> {
  const { trainCounts, testCounts } = prepared;
  const weights = classBalancedWeights(trainCounts, beta);
  const effective = effectiveNumbers(trainCounts, beta);
  const shown = Number(beta.toPrecision(6)); // the slider's β = 1 − 10^−t has up to 12 digits
  byId('imbalance-factor').textContent = Number(prepared.imbalanceFactor.toPrecision(4)).toString();
  renderTable(
    byId('weights-table'),
    ['class', 'images', 'train nᶜ', 'held out', `Eₙ (β = ${shown})`, 'weight wᶜ'],
    classNames.map((name, c) => [
      text(name),
      num((trainCounts[c] ?? 0) + (testCounts[c] ?? 0), 0),
      num(trainCounts[c] ?? 0, 0),
      num(testCounts[c] ?? 0, 0),
      num(effective[c] ?? 0, 2),
      num(weights[c] ?? 0, 4),
    ]),
  );
  byId('beta-input').dataset['beta'] = String(beta);
  await Promise.all([
    showPlot(byId('counts-plot'), classCountsSpec(trainCounts, classNames)),
    showPlot(byId('effective-plot'), effectiveNumberSpec(Math.max(...trainCounts), [{ beta, samplesPerClass: trainCounts, effectiveNumbers: effective }])),
    showPlot(byId('weights-plot'), groupedBarsSpec(classNames, [`β = ${shown}`], [weights], { yTitle: 'class weight', rule: 1 })),
  ]);
}
