#!/usr/bin/env python3
"""PyTorch side of the parity harness (run by parity.mjs and the parity tests; usable alone).

Reads a case directory written by the TF.js side (tfjsCase.mjs):
  case.json    model, loss, recipe, normalisation, weight manifest, step list
  init.bin     the TF.js model's initial weights, float32, in manifest order (TF.js layouts: NHWC, HWIO, [in, out])
  pixels.bin   the uint8 pixels of every step's batch, NHWC, in step order (augmentation already applied)
  labels.bin   the int32 labels of every step's batch
  tfjs-steps.bin  (for --forced) TF.js's weights and statistics after every step, float32, manifest layout
builds the same network in PyTorch (NCHW), loads those weights, trains it for the same steps with the recipe
implemented here from its description (not copied from the TF.js code), and writes
  torch-DTYPE[-forced][-PERTURB].json  per-step loss and learning rate, checks of the initial model, the weight manifest
  torch-DTYPE[-forced][-PERTURB].bin   every weight and batch-norm statistic after the last step (--forced: after
                                       every step), float32, in TF.js layouts and names

  /usr/bin/python3 bench/parity/torch_parity.py CASE_DIR [--forced] [--dtype float64|float32] [--perturb NAME]

--forced (teacher forcing): every step starts from TF.js's state before it (weights and batch-norm statistics; the
momentum buffers are PyTorch's own, built from its own gradients), so each step is compared on its own.

The reference is the float64 run (the default): a float32 run, PyTorch's own included, strays from it by rounding
that momentum SGD at lr 0.1 amplifies, so comparing TF.js with PyTorch float32 would measure two such errors at once.

--perturb deliberately trains a wrong recipe (a negative control: the comparison must then fail):
  decay-logits-bias   weight decay on the final bias too (the recipe excludes it for sigmoid/focal)
  no-warmup           the learning rate starts at its peak
  bn-momentum         batch-norm moving averages with PyTorch momentum 0.01 instead of 0.1
  focal-gamma         γ + 0.05
  ldam-margin         LDAM's largest margin ×1.1 (0.55 instead of 0.5)
  tau                 the logit adjustment's τ + 0.1
  drw-epoch           deferred re-weighting switches on one epoch late
Runs on the CPU with one thread (deterministic). The initial weights and the standardised inputs are the float32
values TF.js has, widened for the float64 run.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PERTURBATIONS = ('decay-logits-bias', 'no-warmup', 'bn-momentum', 'focal-gamma', 'ldam-margin', 'tau', 'drw-epoch')

# The recipe, from its description (README "Parity with PyTorch", cbloss's training docs), not from the TF.js code.
BN_EPSILON = 1e-5
BN_MOMENTUM = 0.1  # PyTorch convention: new = (1 - 0.1)·old + 0.1·batch, i.e. Keras/TF.js momentum 0.9
LR_DECAY = 0.01  # at 80 % and 90 % of the run
MILESTONE_FRACTIONS = (0.8, 0.9)
# Cui et al. §4 (after Lin et al.): sigmoid-type losses start the final bias at the prior -log(C - 1) and keep it out
# of weight decay; the softmax-type methods start it at 0 and decay it with the rest.
PRIOR_BIAS_METHODS = ('sigmoid', 'focal')
# Cao et al.'s cifar_train.py: `use_norm = True if args.loss_type == 'LDAM'`, i.e. the NormedLinear classifier.
COSINE_METHODS = ('ldam',)


# ---------------------------------------------------------------------------------------------- models


class Named(nn.Module):
    """Layers kept under their TF.js layer names, so weights map one to one."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleDict()

    def add(self, name, module):
        self.layers[name] = module
        return module


class NormedLinear(nn.Module):
    """Cao et al.'s NormedLinear (LDAM-DRW, models/resnet_cifar.py): cosine logits, weight [in, out], no bias."""

    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.Tensor(in_features, out_features))
        self.weight.data.uniform_(-1, 1).renorm_(2, 1, 1e-5).mul_(1e5)

    def forward(self, x):
        return F.normalize(x, dim=1).mm(F.normalize(self.weight, dim=0))


def classifier(in_features, num_classes, cosine):
    return NormedLinear(in_features, num_classes) if cosine else nn.Linear(in_features, num_classes)


class SmallCnn(Named):
    """conv3x3(32)-ReLU-maxpool2-conv3x3(64)-ReLU-maxpool2-flatten-dense128-ReLU-dense C; 'same' convolutions."""

    def __init__(self, h, w, c, num_classes, cosine):
        super().__init__()
        self.add('conv1', nn.Conv2d(c, 32, 3, padding=1))
        self.add('conv2', nn.Conv2d(32, 64, 3, padding=1))
        self.add('dense1', nn.Linear((h // 2 // 2) * (w // 2 // 2) * 64, 128))
        self.add('logits', classifier(128, num_classes, cosine))

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.layers['conv1'](x)), 2)
        x = F.max_pool2d(F.relu(self.layers['conv2'](x)), 2)
        # TF.js flattens NHWC, i.e. in (h, w, c) order: flatten the same order so dense1's rows match
        x = x.permute(0, 2, 3, 1).flatten(1)
        return self.layers['logits'](F.relu(self.layers['dense1'](x)))


def option_a(x, out_channels):
    """He et al.'s option-A shortcut as the paper's code has it: 2x2 average pooling with stride 2 (on an odd size the
    last row/column averages its valid pixels only, as TF's avg_pool with 'SAME' and cbloss's OptionAShortcut layer:
    ceil_mode windows are clipped to the input and divided by what they cover), then zero channels on both sides
    (floor of half before)."""
    x = F.avg_pool2d(x, 2, 2, ceil_mode=True)
    extra = out_channels - x.shape[1]
    return F.pad(x, (0, 0, 0, 0, extra // 2, extra - extra // 2))


class CifarResNet(Named):
    """He et al.'s CIFAR ResNet (depth 6n+2), post-activation basic blocks, option-A shortcuts, no conv biases."""

    def __init__(self, depth, c, num_classes, bn_momentum, cosine):
        super().__init__()
        self.blocks = (depth - 2) // 6
        self.bn_momentum = bn_momentum
        self.conv_bn('conv1', c, 16, 1)
        cin = 16
        self.plan = []
        for stage, filters in enumerate((16, 32, 64)):
            for block in range(self.blocks):
                stride = 2 if stage > 0 and block == 0 else 1
                prefix = f'stage{stage + 1}_block{block + 1}'
                self.conv_bn(f'{prefix}_conv1', cin, filters, stride)
                self.conv_bn(f'{prefix}_conv2', filters, filters, 1)
                self.plan.append((prefix, filters if (stride != 1 or cin != filters) else None))
                cin = filters
        self.add('logits', classifier(64, num_classes, cosine))

    def conv_bn(self, name, cin, cout, stride):
        self.add(name, nn.Conv2d(cin, cout, 3, stride, padding=1, bias=False))
        self.add(f'{name}_bn', nn.BatchNorm2d(cout, eps=BN_EPSILON, momentum=self.bn_momentum))

    def cbn(self, name, x):
        return self.layers[f'{name}_bn'](self.layers[name](x))

    def forward(self, x):
        x = F.relu(self.cbn('conv1', x))
        for prefix, shortcut_filters in self.plan:
            y = self.cbn(f'{prefix}_conv2', F.relu(self.cbn(f'{prefix}_conv1', x)))
            x = F.relu(y + (x if shortcut_filters is None else option_a(x, shortcut_filters)))
        return self.layers['logits'](x.mean((2, 3)))


def max_pool_same(x, k, s):
    """TF's max pooling with 'same' padding: the output has ceil(n/s) pixels, the padding (ignored by the max) goes
    floor(total/2) before and the rest after."""
    def pads(n):
        total = max((-(-n // s) - 1) * s + k - n, 0)
        return total // 2, total - total // 2
    (top, bottom), (left, right) = pads(x.shape[2]), pads(x.shape[3])
    return F.max_pool2d(F.pad(x, (left, right, top, bottom), value=-math.inf), k, s)


class BottleneckResNet(Named):
    """ResNet-50/101/152 v1 as Cui et al.'s TPU code (resnet_model.py) builds it: conv7x7/2(64)-BN-ReLU, max-pool 3x3/2
    ('same'), 4 stages of bottleneck blocks (1x1 - 3x3 with the stride - 1x1 4x, each BN, ReLU between; a 1x1
    projection with BN as the shortcut of each stage's first block), ReLU after the sum, global average pooling and
    the final layer; convolutions without bias, padded (k-1)/2 on both sides (the code's fixed padding)."""

    STAGES = {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}

    def __init__(self, depth, c, num_classes, bn_momentum, cosine):
        super().__init__()
        self.bn_momentum = bn_momentum
        self.conv_bn('conv1', c, 64, 7, 2)
        cin = 64
        self.plan = []
        for stage, blocks in enumerate(self.STAGES[depth]):
            filters = 64 * 2 ** stage
            for block in range(blocks):
                stride = 2 if stage > 0 and block == 0 else 1
                prefix = f'stage{stage + 1}_block{block + 1}'
                if block == 0:
                    self.conv_bn(f'{prefix}_shortcut', cin, 4 * filters, 1, stride)
                self.conv_bn(f'{prefix}_conv1', cin, filters, 1, 1)
                self.conv_bn(f'{prefix}_conv2', filters, filters, 3, stride)
                self.conv_bn(f'{prefix}_conv3', filters, 4 * filters, 1, 1)
                self.plan.append((prefix, block == 0))
                cin = 4 * filters
        self.add('logits', classifier(cin, num_classes, cosine))

    def conv_bn(self, name, cin, cout, k, stride):
        self.add(name, nn.Conv2d(cin, cout, k, stride, padding=(k - 1) // 2, bias=False))
        self.add(f'{name}_bn', nn.BatchNorm2d(cout, eps=BN_EPSILON, momentum=self.bn_momentum))

    def cbn(self, name, x):
        return self.layers[f'{name}_bn'](self.layers[name](x))

    def forward(self, x):
        x = max_pool_same(F.relu(self.cbn('conv1', x)), 3, 2)
        for prefix, projection in self.plan:
            shortcut = self.cbn(f'{prefix}_shortcut', x) if projection else x
            h = F.relu(self.cbn(f'{prefix}_conv1', x))
            h = F.relu(self.cbn(f'{prefix}_conv2', h))
            x = F.relu(self.cbn(f'{prefix}_conv3', h) + shortcut)
        return self.layers['logits'](x.mean((2, 3)))


def build_model(spec, bn_momentum):
    h, w, c = spec['inputShape']
    name = spec['model']
    cosine = spec['loss']['type'] in COSINE_METHODS
    if name == 'cnn':
        return SmallCnn(h, w, c, spec['numClasses'], cosine)
    depth = int(name[len('resnet'):]) if name.startswith('resnet') and name[len('resnet'):].isdigit() else None
    if depth in BottleneckResNet.STAGES:
        return BottleneckResNet(depth, c, spec['numClasses'], bn_momentum, cosine)
    if depth is not None and (depth - 2) % 6 == 0:
        return CifarResNet(depth, c, spec['numClasses'], bn_momentum, cosine)
    raise SystemExit(f"torch_parity.py: 'model' must be cnn, resnet6n+2 or resnet50/101/152; got '{name}'.")


# ------------------------------------------------------------------------- TF.js <-> PyTorch layouts

BN_ROLES = {'gamma': 'weight', 'beta': 'bias', 'moving_mean': 'running_mean', 'moving_variance': 'running_var'}


def torch_target(model, tf_name):
    """The PyTorch tensor a TF.js weight ('layer/role') maps to, and how to convert it; None for the frozen option-A
    shortcut kernels (parameter-free in PyTorch). The one place that knows TF.js's names: a batch-norm role
    (gamma, beta, moving_mean, moving_variance) goes to the BatchNorm2d named 'layer' or, after a convolution named
    'layer', to 'layer_bn', so a TF.js layer that fuses a convolution with its batch norm (same weights, same
    order) maps the same way as the pair of layers."""
    layer, role = tf_name.rsplit('/', 1)
    if layer not in model.layers and layer.endswith('_shortcut'):
        return None
    module = model.layers[layer]
    if role in BN_ROLES and not isinstance(module, nn.BatchNorm2d):
        module = model.layers[f'{layer}_bn']
    if isinstance(module, nn.BatchNorm2d):
        return getattr(module, BN_ROLES[role]), 'vector'
    if role == 'bias':
        if getattr(module, 'bias', None) is None:
            raise SystemExit(f"torch_parity.py: TF.js weight '{tf_name}' must have a PyTorch counterpart; got none "
                             f"(the {type(module).__name__} '{layer}' has no bias: the TF.js model's layer is not the one the method asks for).")
        return module.bias, 'vector'
    if isinstance(module, nn.Conv2d):
        return module.weight, 'conv'  # TF.js HWIO, PyTorch OIHW
    if isinstance(module, NormedLinear):
        return module.weight, 'vector'  # [in, out] on both sides
    return module.weight, 'dense'  # TF.js [in, out], PyTorch [out, in]


def to_torch(array, kind):
    t = torch.from_numpy(array.copy())
    return t.permute(3, 2, 0, 1).contiguous() if kind == 'conv' else t.t().contiguous() if kind == 'dense' else t


def to_tfjs(tensor, kind):
    t = tensor.detach()
    return (t.permute(2, 3, 1, 0) if kind == 'conv' else t.t() if kind == 'dense' else t).contiguous().numpy()


def load_weights(model, manifest, init):
    """Copies every TF.js weight into the model; fails if a PyTorch parameter or buffer is left unset."""
    loaded = set()
    for w in manifest:
        values = init[w['offset']:w['offset'] + int(np.prod(w['shape'], dtype=np.int64))].reshape(w['shape'])
        target = torch_target(model, w['name'])
        if target is None:
            continue
        tensor, kind = target
        converted = to_torch(values, kind)
        if tuple(converted.shape) != tuple(tensor.shape):
            raise SystemExit(f"torch_parity.py: weight '{w['name']}' must have the PyTorch shape {list(tensor.shape)} after conversion; got {list(converted.shape)}.")
        with torch.no_grad():
            tensor.copy_(converted.to(tensor.dtype))
        loaded.add(id(tensor))
    unset = [n for n, t in list(model.named_parameters()) + [(n, b) for n, b in model.named_buffers() if 'num_batches' not in n] if id(t) not in loaded]
    if unset:
        raise SystemExit(f"torch_parity.py: the TF.js model must provide every PyTorch tensor; missing {unset}.")


# ------------------------------------------------------------------------------------- the recipe


def class_weights(counts, beta):
    """Cui et al.: w_i ∝ (1 - β) / (1 - β^n_i), normalised to sum C; all ones for β = 0 (float64)."""
    n = np.asarray(counts, dtype=np.float64)
    effective = np.ones_like(n) if beta == 0 else (1.0 - np.power(beta, n)) / (1.0 - beta)
    w = 1.0 / effective
    return w * len(n) / w.sum()


def cb_loss(kind, weights, gamma, logits, labels):
    """The class-balanced loss as the paper's code reduces it: softmax by the number of non-zero example weights,
    sigmoid and focal by the number of positive labels."""
    w = weights[labels]
    if kind == 'softmax':
        ce = F.cross_entropy(logits, labels, reduction='none')
        return (w * ce).sum() / (w != 0).sum()
    z = F.one_hot(labels, logits.shape[1]).to(logits.dtype)
    bce = F.binary_cross_entropy_with_logits(logits, z, reduction='none')
    if kind == 'sigmoid':
        return (w[:, None] * bce).sum() / z.sum()
    # (1 - p_t)^γ = exp(-γ·z·x - γ·log(1 + exp(-x))), the official code's stable form
    modulator = torch.exp(-gamma * z * logits - gamma * F.softplus(-logits))
    return (w[:, None] * modulator * bce).sum() / z.sum()


def ldam_loss(x, target, cls_num_list, max_m, s, weight):
    """Cao et al.'s LDAMLoss (LDAM-DRW, losses.py), with the class weights its training script passes."""
    m_list = 1.0 / np.sqrt(np.sqrt(np.asarray(cls_num_list, dtype=np.float64)))
    m_list = m_list * (max_m / np.max(m_list))
    m_list = torch.tensor(m_list, dtype=x.dtype)
    index = torch.zeros_like(x, dtype=torch.bool)
    index.scatter_(1, target.view(-1, 1), True)
    batch_m = torch.matmul(m_list[None, :], index.to(x.dtype).transpose(0, 1)).view((-1, 1))
    output = torch.where(index, x - batch_m, x)
    return F.cross_entropy(s * output, target, weight=weight)


def logit_adjusted_loss(x, target, cls_num_list, tau, weight):
    """Menon et al.'s logit-adjusted loss (google-research/logit_adjustment): logits + log(base_probs^τ + 1e-12), then
    softmax cross-entropy (class weights as F.cross_entropy's, the registry's 'weightedMean')."""
    counts = np.asarray(cls_num_list, dtype=np.float64)
    base_probs = counts / counts.sum()
    adjustment = torch.tensor(np.log(base_probs ** tau + 1e-12), dtype=x.dtype)
    return F.cross_entropy(x + adjustment, target, weight=weight)


def balanced_softmax_loss(x, target, sample_per_class, weight):
    """Ren et al.'s balanced_softmax_loss (BalancedMetaSoftmax): logits + log(sample_per_class), then cross-entropy."""
    spc = torch.tensor(sample_per_class, dtype=x.dtype).unsqueeze(0).expand(x.shape[0], -1)
    return F.cross_entropy(x + spc.log(), target, weight=weight)


def method_loss(loss_spec, counts, weights, logits, labels, perturb):
    """The loss of a registry method from its authors' formulation; `weights` are the class weights in force."""
    kind = loss_spec['type']
    if kind in ('softmax', 'sigmoid', 'focal'):
        gamma = (loss_spec.get('gamma') or 0.0) + (0.05 if perturb == 'focal-gamma' else 0.0)
        return cb_loss(kind, weights, gamma, logits, labels)
    if kind == 'ldam':
        max_m = loss_spec['maxMargin'] * (1.1 if perturb == 'ldam-margin' else 1.0)
        return ldam_loss(logits, labels, counts, max_m, loss_spec['scale'], weights)
    if kind == 'logit-adjusted':
        return logit_adjusted_loss(logits, labels, counts, loss_spec['tau'] + (0.1 if perturb == 'tau' else 0.0), weights)
    if kind == 'balanced-softmax':
        return balanced_softmax_loss(logits, labels, counts, weights)
    raise SystemExit(f"torch_parity.py: 'loss.type' must be softmax, sigmoid, focal, ldam, logit-adjusted or balanced-softmax; got '{kind}'.")


def weights_at(loss_spec, counts, epoch, perturb):
    """The class weights of an epoch: β's from the start, or with deferred re-weighting (Cao et al.'s training script:
    `idx = epoch // drw; betas = [0, β]`) those of β = 0 (all ones) before the DRW epoch and β's from it."""
    drw = loss_spec.get('drwEpoch')
    if drw is not None and perturb == 'drw-epoch':
        drw += 1
    return class_weights(counts, loss_spec['beta'] if drw is None or epoch >= drw else 0.0)


def learning_rate(recipe, t, warmup=True):
    """Linear warm-up over min(warmupEpochs, epochs/10) epochs, ×0.01 at 80 % and 90 % of the run; t is the
    fractional epoch at the middle of the step."""
    epochs = recipe['epochs']
    w = min(recipe['warmupEpochs'], epochs / 10) if warmup else 0
    ramp = min(1.0, t / w) if w > 0 else 1.0
    passed = sum(1 for f in MILESTONE_FRACTIONS if t >= f * epochs)
    return recipe['learningRate'] * ramp * LR_DECAY ** passed


# ---------------------------------------------------------------------------------------------- checks


def initial_checks(spec, manifest, init):
    """Facts about the TF.js initial model that the recipe states: the prior bias and the option-A kernels."""
    checks = []
    c = spec['numClasses']
    for w in manifest:
        values = init[w['offset']:w['offset'] + int(np.prod(w['shape'], dtype=np.int64))].reshape(w['shape'])
        if w['name'] == 'logits/kernel' and spec['loss']['type'] in COSINE_METHODS:
            # NormedLinear's uniform(-1, 1).renorm_(2, 1, 1e-5).mul_(1e5): every class column of unit norm
            err = float(np.max(np.abs(np.linalg.norm(values.astype(np.float64), axis=0) - 1)))
            checks.append({'name': 'cosine classifier', 'ok': err <= 1e-6, 'detail': f'column norms within {err:.1e} of 1'})
        if w['name'].endswith('_conv3_bn/gamma') and spec['model'] in ('resnet50', 'resnet101', 'resnet152'):
            # the last batch norm of every bottleneck block starts at γ = 0 (each block starts as its shortcut)
            checks.append({'name': f"zero γ {w['name']}", 'ok': bool(np.all(values == 0)), 'detail': 'last BN γ of the block'})
        if w['name'] == 'logits/bias':
            expected = -math.log(c - 1) if spec['loss']['type'] in PRIOR_BIAS_METHODS else 0.0
            err = float(np.max(np.abs(values.astype(np.float64) - expected)))
            # float32 rounding of -log(C - 1): half an ulp of a number of magnitude < 8
            checks.append({'name': 'prior bias', 'ok': err <= 5e-7, 'detail': f'logits/bias = {values[0]:.7f}, expected {expected:.7f}'})
        if w['name'].endswith('_shortcut/kernel') and w['shape'][0] == 2:
            kh, kw, cin, cout = w['shape']
            expected = np.zeros(w['shape'], dtype=np.float32)
            pad = (cout - cin) // 2
            for i in range(cin):
                expected[:, :, i, i + pad] = 0.25
            checks.append({'name': f"option-A shortcut {w['name']}", 'ok': bool(np.array_equal(values, expected)), 'detail': '2x2 average, channels padded'})
    return checks


def export_state(model, manifest, init, biased_var):
    """Every weight and batch-norm statistic in TF.js layouts and manifest order, as one float32 array; the moving
    variance as TF.js defines it (biased). Also the gap of PyTorch's own unbiased running_var, for the record."""
    out, offset, out_manifest, bessel = [], 0, [], []
    for wm in manifest:
        target = torch_target(model, wm['name'])
        if target is None:
            values = init[wm['offset']:wm['offset'] + int(np.prod(wm['shape'], dtype=np.int64))]  # frozen: unchanged
        else:
            tensor, kind = target
            layer = wm['name'].rsplit('/', 1)[0]
            # a fused conv-batch-norm layer's statistics belong to its '_bn' module, as in torch_target
            module = model.layers[f'{layer}_bn'] if not isinstance(model.layers[layer], nn.BatchNorm2d) and f'{layer}_bn' in model.layers else model.layers[layer]
            if wm['name'].endswith('/moving_variance'):
                values = biased_var[module].float().numpy()
                # how far PyTorch's own (unbiased) running_var is from it: a convention, reported, not compared
                gap = (tensor.detach().double() - biased_var[module]).abs().max().item()
                bessel.append({'name': wm['name'], 'maxAbsGap': gap})
            else:
                values = to_tfjs(tensor, kind)
        flat = np.ascontiguousarray(values, dtype='<f4').reshape(-1)
        out.append(flat)
        out_manifest.append({'name': wm['name'], 'shape': wm['shape'], 'offset': offset})
        offset += flat.size
    return np.concatenate(out), out_manifest, bessel


# ------------------------------------------------------------------------------------------------ main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('case_dir')
    parser.add_argument('--perturb', choices=PERTURBATIONS)
    parser.add_argument('--forced', action='store_true',
                        help="teacher forcing: every step starts from TF.js's state before it (tfjs-steps.bin); writes the state after every step")
    parser.add_argument('--dtype', choices=('float64', 'float32'), default='float64',
                        help='float64 (default): the reference; float32: how far a correct float32 run strays from it')
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    d = args.case_dir
    with open(os.path.join(d, 'case.json')) as f:
        spec = json.load(f)
    init = np.fromfile(os.path.join(d, 'init.bin'), dtype='<f4')
    pixels = np.fromfile(os.path.join(d, 'pixels.bin'), dtype=np.uint8)
    labels_all = np.fromfile(os.path.join(d, 'labels.bin'), dtype='<i4')
    manifest, recipe, loss_spec = spec['weights'], spec['recipe'], spec['loss']

    dtype = getattr(torch, args.dtype)
    model = build_model(spec, 0.01 if args.perturb == 'bn-momentum' else BN_MOMENTUM).to(dtype)
    load_weights(model, manifest, init)

    # Weight decay: every trainable tensor, except the final bias for sigmoid and focal (it keeps the prior).
    final_bias = getattr(model.layers['logits'], 'bias', None)
    excluded = {id(final_bias)} if loss_spec['type'] in PRIOR_BIAS_METHODS and args.perturb != 'decay-logits-bias' else set()
    params = list(model.parameters())
    optimizer = torch.optim.SGD(
        [
            {'params': [p for p in params if id(p) not in excluded], 'weight_decay': recipe['weightDecay']},
            {'params': [p for p in params if id(p) in excluded], 'weight_decay': 0.0},
        ],
        lr=recipe['learningRate'],
        momentum=recipe['momentum'],
    )
    counts = spec['samplesPerClass']

    # Moving variance as TF.js/Keras define it (the biased batch variance; PyTorch's running_var is unbiased).
    biased_var = {}

    def track(module, inputs, _output):
        if module.training:
            v = inputs[0].detach().double().var(dim=(0, 2, 3), unbiased=False)
            m = module.momentum
            biased_var[module] = (1 - m) * biased_var.get(module, module.running_var.detach().double().clone()) + m * v

    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    initial_var = {m: m.running_var.detach().double().clone() for m in bns}
    for m in bns:
        biased_var[m] = initial_var[m]
        m.register_forward_hook(track)

    h, w, c = spec['inputShape']
    mean = np.asarray(spec['normalization']['mean'], dtype=np.float64)
    std = np.asarray(spec['normalization']['std'], dtype=np.float64)
    scale = spec['normalization']['scale']
    states = np.fromfile(os.path.join(d, 'tfjs-steps.bin'), dtype='<f4').reshape(len(spec['steps']), -1) if args.forced else None
    losses, rates, forced_states = [], [], []
    model.train()
    for k, s in enumerate(spec['steps']):
        if args.forced:
            # teacher forcing: start every step from the state TF.js had before it (the momentum buffers stay PyTorch's own)
            before = init if k == 0 else states[k - 1]
            load_weights(model, manifest, before)
            for m in bns:
                biased_var[m] = m.running_var.detach().double().clone()
        count = s['count']
        raw = pixels[s['pixelOffset']:s['pixelOffset'] + count * h * w * c].reshape(count, h, w, c).astype(np.float64)
        x = torch.from_numpy(((raw * scale - mean) / std).astype(np.float32)).to(dtype).permute(0, 3, 1, 2).contiguous()
        y = torch.from_numpy(labels_all[s['labelOffset']:s['labelOffset'] + count].astype(np.int64))
        lr = learning_rate(recipe, s['epoch'] + (s['batch'] + 0.5) / recipe['batchesPerEpoch'], warmup=args.perturb != 'no-warmup')
        for group in optimizer.param_groups:
            group['lr'] = lr
        optimizer.zero_grad(set_to_none=True)
        weights = torch.tensor(weights_at(loss_spec, counts, s['epoch'], args.perturb), dtype=dtype)
        loss = method_loss(loss_spec, counts, weights, model(x), y, args.perturb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        rates.append(lr)
        if args.forced:
            forced_states.append(export_state(model, manifest, init, biased_var)[0])
        if not math.isfinite(losses[-1]):
            break

    state, out_manifest, bessel = export_state(model, manifest, init, biased_var)
    stem = f'torch-{args.dtype}' + ('-forced' if args.forced else '') + (f'-{args.perturb}' if args.perturb else '')
    (np.concatenate(forced_states) if args.forced else state).tofile(os.path.join(d, f'{stem}.bin'))
    result = {
        'torch': torch.__version__,
        'perturb': args.perturb,
        'losses': losses,
        'learningRates': rates,
        'checks': initial_checks(spec, manifest, init),
        'weights': out_manifest,
        'runningVarBesselGap': bessel,
    }
    with open(os.path.join(d, f'{stem}.json'), 'w') as f:
        json.dump(result, f)


if __name__ == '__main__':
    sys.exit(main())
