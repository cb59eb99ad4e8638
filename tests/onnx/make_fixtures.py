#!/usr/bin/python3
"""Builds the ONNX fixtures of tests/onnx/ with PyTorch (Debian's python3-torch)
and writes what PyTorch computes for them, in bpstep's layout, next to each:

    NAME.onnx   the model, as torch.onnx.export writes it
    NAME.txt    one line per matrix: `key rows cols v...` (column-major, %.17g)

Keys: Z1 (the input), y (the one-hot target), W<m> and b<m> (the parameters
permuted into bpstep's W^m layout), out (z^{L+1}: the logits, before a final
Softmax / LogSoftmax), and for each loss (mse: sum (z - y)^2, the slides';
ce: softmax cross-entropy) loss, dW<m>, db<m> and dZ1 as `mse.KEY` / `ce.KEY`.

The permutations here are written independently of the C reader: the tests
compare the reader's result with these numbers. A float32 model is compared
in float64: the exported float32 weights are widened (as bpstep widens them)
and PyTorch's pass is run in double on them.

Also writes bad/*.onnx, models bpstep must refuse, and lessons/nets/lenet.onnx
(the LeNet of lesson 11, a copy of lenet_o17_f32.onnx). Not needed by `make test`;
run it again with `/usr/bin/python3 tests/onnx/make_fixtures.py` after
changing it. (python3-torch: `apt-get install python3-torch`.)
"""
import copy
import os
import shutil
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
LINE_MAX = 3000  # entries: larger matrices are left out of the .txt files


class MatMulLinear(nn.Module):
    """x @ W^T + b written out, so the exporter writes MatMul + Add, not Gemm."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * 0.3)
        self.bias = nn.Parameter(torch.randn(n_out) * 0.1)

    def forward(self, x):
        return torch.matmul(x, self.weight.t()) + self.bias


class View(nn.Module):
    """x.view(1, -1): the exporter writes Reshape with a constant shape."""

    def forward(self, x):
        return x.view(1, -1)


def bp_map(t):
    """(C, H, W) -> bpstep's C x (H*W) feature map, pixels column-major."""
    c, h, w = t.shape
    return t.permute(0, 2, 1).reshape(c, h * w)


def bp_conv_w(w):
    """torch (out, in, kh, kw) -> W^m (out) x (h*h*in), row t = r + h*q + h*h*c."""
    o = w.shape[0]
    return w.permute(0, 1, 3, 2).reshape(o, -1)


def bp_first_fc_w(w, chw):
    """torch (out, C*H*W) on torch's Flatten (C, H, W) row-major -> bpstep's
    columns c + C*(r + H*q), the column-major vec of Z^{Lc+1}."""
    c, h, wd = chw
    o = w.shape[0]
    return w.reshape(o, c, h, wd).permute(0, 3, 2, 1).reshape(o, -1)


def layers_of(model):
    """(kind, module) of each conv and linear layer, in order."""
    out = []
    for mod in model:
        if isinstance(mod, nn.Conv2d):
            out.append(("conv", mod))
        elif isinstance(mod, (nn.Linear, MatMulLinear)):
            out.append(("fc", mod))
    return out


def flat_shape(model, x):
    """(C, H, W) entering the first Linear, or None when the input is a vector."""
    h = x
    for mod in model:
        if isinstance(mod, (nn.Flatten, View)):
            return tuple(h.shape[1:]) if h.dim() == 4 else None
        h = mod(h)
    return None


def body(model):
    """The model without a final Softmax / LogSoftmax: what bpstep computes as z^{L+1}."""
    mods = list(model)
    if isinstance(mods[-1], (nn.Softmax, nn.LogSoftmax)):
        mods = mods[:-1]
    return nn.Sequential(*mods)


def line(f, key, m):
    m = m.detach().to(torch.float64)
    if m.numel() > LINE_MAX:  # lenet's large FC weights: the test checks the rest
        return
    if m.dim() == 1:
        m = m.reshape(-1, 1)
    rows, cols = m.shape
    vals = m.t().reshape(-1).tolist()  # column-major
    f.write("%s %d %d %s\n" % (key, rows, cols, " ".join("%.17g" % v for v in vals)))


def write_expected(name, model, x, label):
    m64 = body(copy.deepcopy(model)).double().eval()
    x64 = x.double()
    n_out = m64(x64).shape[1]
    y = torch.zeros(1, n_out, dtype=torch.float64)
    y[0, label] = 1.0
    chw = flat_shape(m64, x64)
    with open(os.path.join(HERE, name + ".txt"), "w") as f:
        f.write("# %s: PyTorch %s, float64 pass on the exported weights\n" % (name, torch.__version__))
        line(f, "Z1", bp_map(x64[0]) if x64.dim() == 4 else x64.reshape(-1, 1))
        line(f, "y", y[0])
        first_fc = True
        for m, (kind, mod) in enumerate(layers_of(m64), start=1):
            if kind == "conv":
                line(f, "W%d" % m, bp_conv_w(mod.weight))
            elif first_fc and chw is not None:
                line(f, "W%d" % m, bp_first_fc_w(mod.weight, chw))
            else:
                line(f, "W%d" % m, mod.weight)
            if kind == "fc":
                first_fc = False
            if mod.bias is not None:
                line(f, "b%d" % m, mod.bias)
        out = m64(x64)
        line(f, "out", out[0])
        for loss_name in ("mse", "ce"):
            m64.zero_grad()
            xg = x64.clone().requires_grad_(True)
            z = m64(xg)
            if loss_name == "mse":
                loss = ((z - y) ** 2).sum()
            else:
                loss = F.cross_entropy(z, torch.tensor([label]))
            loss.backward()
            line(f, loss_name + ".loss", loss.reshape(1))
            first_fc = True
            for m, (kind, mod) in enumerate(layers_of(m64), start=1):
                g = mod.weight.grad
                if kind == "conv":
                    line(f, "%s.dW%d" % (loss_name, m), bp_conv_w(g))
                elif first_fc and chw is not None:
                    line(f, "%s.dW%d" % (loss_name, m), bp_first_fc_w(g, chw))
                else:
                    line(f, "%s.dW%d" % (loss_name, m), g)
                if kind == "fc":
                    first_fc = False
                if mod.bias is not None:
                    line(f, "%s.db%d" % (loss_name, m), mod.bias.grad)
            gx = xg.grad
            line(f, loss_name + ".dZ1", bp_map(gx[0]) if gx.dim() == 4 else gx.reshape(-1, 1))


def export(path, model, x, opset, **kw):
    torch.onnx.export(model.eval(), x, path, opset_version=opset, input_names=["x"], output_names=["out"],
                      do_constant_folding=True, **kw)


def fixture(name, model, shape, opset, dtype, label):
    torch.manual_seed(1000 + len(name))
    x = torch.rand(*shape, dtype=torch.float64)
    model = model.to(dtype)
    xe = x.to(dtype)
    export(os.path.join(HERE, name + ".onnx"), model, xe, opset)
    # the input, as the file holds it: bpstep sets Z1 from the text, exactly
    write_expected(name, model, xe.double(), label)


def good_models():
    torch.manual_seed(7)
    fixture("conv_relu_max_o9_f64",
            nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(2 * 3 * 4, 4), nn.ReLU(), nn.Linear(4, 3)),
            (1, 1, 6, 8), 9, torch.float64, 1)
    torch.manual_seed(8)
    fixture("tanh_avg_o17_f32",
            nn.Sequential(nn.Conv2d(2, 3, 3, stride=2, padding=2, bias=False), nn.Tanh(), nn.AvgPool2d(2),
                          nn.Conv2d(3, 2, 2), nn.Tanh(), nn.Flatten(), nn.Dropout(0.5),
                          nn.Linear(2 * 2 * 1, 3)),
            (1, 2, 9, 7), 17, torch.float32, 2)
    torch.manual_seed(9)
    fixture("mlp_sigmoid_matmul_o13_f32",
            nn.Sequential(nn.Flatten(), MatMulLinear(12, 5), nn.Sigmoid(), MatMulLinear(5, 4)),
            (1, 3, 2, 2), 13, torch.float32, 3)
    torch.manual_seed(10)
    fixture("leaky_logsoftmax_o11_f32",
            nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.LeakyReLU(0.01), nn.MaxPool2d(2),
                          nn.Conv2d(4, 3, 3, stride=1, padding=1), nn.LeakyReLU(0.01), nn.Flatten(),
                          nn.Linear(3 * 3 * 3, 6), nn.LeakyReLU(0.01), nn.Linear(6, 5), nn.LogSoftmax(dim=1)),
            (1, 2, 6, 6), 11, torch.float32, 0)
    torch.manual_seed(12)
    fixture("mixed_acts_o15_f64",
            nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.LeakyReLU(0.01), nn.MaxPool2d(2),
                          nn.Conv2d(3, 2, 3), nn.Tanh(), nn.Flatten(),
                          nn.Linear(2 * 2 * 3, 5), nn.Sigmoid(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3)),
            (1, 1, 8, 10), 15, torch.float64, 2)
    torch.manual_seed(13)
    fixture("reshape_o10_f64",
            nn.Sequential(nn.Conv2d(2, 3, 2, stride=2), nn.Sigmoid(), nn.MaxPool2d(2), View(),
                          nn.Dropout(0.3), nn.Linear(3 * 2 * 1, 4)),
            (1, 2, 8, 6), 10, torch.float64, 0)
    torch.manual_seed(14)
    fixture("reshape_avg_o12_f32",
            nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2), View(), nn.Linear(2 * 3 * 3, 3),
                          nn.Tanh(), nn.Linear(3, 2), nn.LogSoftmax(dim=1)),
            (1, 1, 6, 6), 12, torch.float32, 1)
    torch.manual_seed(11)
    fixture("lenet_o17_f32",
            nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                          nn.Linear(84, 10), nn.Softmax(dim=1)),
            (1, 1, 28, 28), 17, torch.float32, 7)


def bad_models():
    bad = os.path.join(HERE, "bad")
    os.makedirs(bad, exist_ok=True)
    torch.manual_seed(3)
    cases = {
        "batchnorm": (nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                                    nn.Linear(2 * 2 * 2, 3)), (1, 1, 6, 6), {}),
        "dilation": (nn.Sequential(nn.Conv2d(1, 2, 3, dilation=2), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 2 * 2, 3)),
                     (1, 1, 6, 6), {}),
        "groups": (nn.Sequential(nn.Conv2d(2, 2, 3, groups=2), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 3)),
                   (1, 2, 6, 6), {}),
        "ceil_mode": (nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True), nn.Flatten(),
                                    nn.Linear(2 * 3 * 3, 3)), (1, 1, 7, 7), {}),
        "pool_stride": (nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(3, stride=2), nn.Flatten(),
                                      nn.Linear(2 * 2 * 2, 3)), (1, 1, 8, 8), {}),
        "dynamic_hw": (nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                                     nn.Linear(2 * 2 * 2, 3)), (1, 1, 6, 6),
                       {"dynamic_axes": {"x": {0: "batch", 2: "height"}}}),
        "rect_kernel": (nn.Sequential(nn.Conv2d(1, 2, (3, 2)), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 5, 3)),
                        (1, 1, 6, 6), {}),
    }
    for name, (model, shape, kw) in cases.items():
        export(os.path.join(bad, name + ".onnx"), model, torch.rand(*shape), 13, **kw)
    # an eval export folds BatchNorm2d into the Conv before it; kept as a node
    # only when exported in training mode (as a model with a BatchNorm without
    # a conv before it would be)
    model = cases["batchnorm"][0].train()
    torch.onnx.export(model, torch.rand(1, 1, 6, 6), os.path.join(bad, "batchnorm.onnx"), opset_version=13,
                      input_names=["x"], output_names=["out"], training=torch.onnx.TrainingMode.TRAINING,
                      do_constant_folding=False)
    # a batch dimension left dynamic is fine: batch_dynamic is a good model
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2 * 2 * 2, 3))
    export(os.path.join(HERE, "batch_dynamic_o13_f32.onnx"), model, torch.rand(1, 1, 6, 6), 13,
           dynamic_axes={"x": {0: "batch"}, "out": {0: "batch"}})


if __name__ == "__main__":
    torch.set_printoptions(precision=17)
    good_models()
    bad_models()
    # lesson 11 opens the same LeNet (lessons may read only files beside them)
    shutil.copyfile(os.path.join(HERE, "lenet_o17_f32.onnx"),
                    os.path.join(HERE, "..", "..", "lessons", "nets", "lenet.onnx"))
    print("wrote", ", ".join(sorted(f for f in os.listdir(HERE) if f.endswith(".onnx"))), file=sys.stderr)
