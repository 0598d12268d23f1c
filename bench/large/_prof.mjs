const tf = await import('@tensorflow/tfjs-core');
const lt = await import('tfjs-backend-libtorch');
lt.registerLibtorchBackend(); lt.setThreads(Number(process.env.T ?? 1));
await tf.setBackend('libtorch');
const { buildModel, createSgd, trainStep } = await import('cbloss');
const { createLoss } = await import('class-balanced-loss');
const S = 112, B = 8, C = 1000;
const model = buildModel('resnet50', { inputShape: [S, S, 3], numClasses: C, finalBias: 'zero', seed: 1 });
const variables = model.trainableWeights.map((w) => w.read());
const sgd = createSgd(variables, { momentum: 0.9, weightDecay: 1e-4, decayed: model.trainableWeights.map((w) => w.shape.length >= 2), nesterov: true });
const lossFn = createLoss('softmax', { samplesPerClass: Array(C).fill(100) });
const input = tf.randomNormal([B, S, S, 3], 0, 1, 'float32', 0);
const labels = tf.randomUniform([B], 0, C, 'int32', 1);
const step = async () => { const o = await trainStep({ model, variables, sgd, loss: (l, x) => lossFn(l, x) }, [{ input, labels, count: B }], 0.01); await o.loss.data(); tf.dispose([o.loss, o.correct]); };
for (let i = 0; i < 2; i++) await step();
const N = 4;
let t = performance.now(); const c = process.cpuUsage();
for (let i = 0; i < N; i++) await step();
const wall = (performance.now() - t) / N; const cu = process.cpuUsage(c);
const agg = new Map(); let calls = 0;
for (let s = 0; s < N; s++) {
  const p = await tf.profile(step);
  for (const k of p.kernels) { calls++; const key = process.env.BYSHAPE ? `${k.name} ${JSON.stringify(k.inputShapes.slice(0, 2))}` : k.name; const e = agg.get(key) ?? [0, 0]; agg.set(key, [e[0] + 1 / N, e[1] + k.kernelTimeMs / N]); }
}
const tot = [...agg.values()].reduce((s, e) => s + e[1], 0);
console.log(`wall ${wall.toFixed(1)} cpu ${((cu.user + cu.system) / 1000 / N).toFixed(1)} kernels ${tot.toFixed(1)} calls ${calls / N}`);
for (const [k, [n, ms]] of [...agg].sort((a, b) => b[1][1] - a[1][1]).slice(0, Number(process.env.TOP ?? 30))) console.log(ms.toFixed(2).padStart(8), n.toFixed(0).padStart(5), k);
