"""Makes lenet5-numpy.safetensors, the fixture LeNet5ParityTests reads.

Run from this folder:  python3 make_lenet_fixture.py
Needs numpy and safetensors (bash .ci/setup installs both).

An independent LeNet-5 written here in numpy, in float64 and in PyTorch's NCHW layout
(TuneLab runs float32 NHWC): convolution by im2col + one matrix product per layer,
backward by hand (dW = dY^T cols, dcols = dY W, col2im with np.add.at), max pooling
whose gradient goes to the first maximum of each window. The model is the reference
benchmark's: conv 1->6 5x5 pad 2, ReLU, max-pool 2, conv 6->16 5x5, ReLU, max-pool 2,
flatten, 400->120, ReLU, 120->84, ReLU, 84->10, mean softmax cross-entropy.

Weights are drawn as PyTorch initializes them (U(-1/sqrt(fan_in), 1/sqrt(fan_in)))
from a seeded numpy generator, and rounded to float32 before use so both sides start
from identical values. The batch follows the benchmark's data recipe (dim noise plus
a bright bar whose position and direction encode the label).

The file holds, under PyTorch state_dict names:
  conv1.weight ... fc3.bias        the starting weights (float32)
  input [8, 1, 28, 28], labels [8] (int64)
  logits [8, 10], loss []          forward pass
  grad.<name>                      d(loss)/d(weight)
  after.<name>                     weights after one SGD step, learning rate 0.05,
                                   momentum 0.9 (on a first step, w - lr * grad)
"""

import os

import numpy as np
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "lenet5-numpy.safetensors")
BATCH, LEARNING_RATE = 8, 0.05
rng = np.random.default_rng(2024)


# -- weights (float32 values, computed with in float64)
def uniform(shape, fan_in):
    bound = 1 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, shape).astype(np.float32)


shapes = {
    "conv1.weight": ((6, 1, 5, 5), 25), "conv1.bias": ((6,), 25),
    "conv2.weight": ((16, 6, 5, 5), 150), "conv2.bias": ((16,), 150),
    "fc1.weight": ((120, 400), 400), "fc1.bias": ((120,), 400),
    "fc2.weight": ((84, 120), 120), "fc2.bias": ((84,), 120),
    "fc3.weight": ((10, 84), 84), "fc3.bias": ((10,), 84),
}
weights = {name: uniform(shape, fan_in) for name, (shape, fan_in) in shapes.items()}
p = {name: w.astype(np.float64) for name, w in weights.items()}

# -- data: the benchmark's recipe
x = (rng.random((BATCH, 1, 28, 28)) * 0.2).astype(np.float32)
y = rng.integers(0, 10, BATCH)
for i in range(BATCH):
    k = int(y[i])
    pos = 4 + 2 * (k % 5) + int(rng.integers(-1, 2))
    if k < 5:
        x[i, 0, pos:pos + 3, 4:24] = 1.0
    else:
        x[i, 0, 4:24, pos:pos + 3] = 1.0


# -- layers, NCHW
def im2col(a, k, pad):
    """[n, c, h, w] -> cols [n*oh*ow, c*k*k] ordered (c, i, j) like the weight."""
    n, c, h, w = a.shape
    a = np.pad(a, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = a.shape[2] - k + 1, a.shape[3] - k + 1
    cols = np.empty((n, c, k, k, oh, ow))
    for i in range(k):
        for j in range(k):
            cols[:, :, i, j] = a[:, :, i:i + oh, j:j + ow]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, c * k * k), (n, c, h, w, oh, ow)


def col2im(dcols, geometry, k, pad):
    n, c, h, w, oh, ow = geometry
    d = dcols.reshape(n, oh, ow, c, k, k).transpose(0, 3, 4, 5, 1, 2)  # [n, c, i, j, oh, ow]
    da = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
    for i in range(k):
        for j in range(k):
            np.add.at(da, (slice(None), slice(None), slice(i, i + oh), slice(j, j + ow)), d[:, :, i, j])
    return da[:, :, pad:pad + h, pad:pad + w]


def conv_forward(a, w, b, pad):
    cols, geometry = im2col(a, w.shape[2], pad)
    out = cols @ w.reshape(w.shape[0], -1).T + b  # [n*oh*ow, o]
    n, _, _, _, oh, ow = geometry
    return out.reshape(n, oh, ow, -1).transpose(0, 3, 1, 2), (cols, geometry)


def conv_backward(dy, w, cache, pad):
    cols, geometry = cache
    dy2 = dy.transpose(0, 2, 3, 1).reshape(-1, w.shape[0])  # [n*oh*ow, o]
    dw = (dy2.T @ cols).reshape(w.shape)  # dW = dY^T cols
    db = dy2.sum(axis=0)
    dcols = dy2 @ w.reshape(w.shape[0], -1)  # dcols = dY W
    return col2im(dcols, geometry, w.shape[2], pad), dw, db


def pool_forward(a):
    n, c, h, w = a.shape
    windows = a.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
    first = windows.argmax(axis=-1)  # the first maximum, in row-major window order
    return windows.max(axis=-1), (a.shape, first)


def pool_backward(dy, cache):
    (n, c, h, w), first = cache
    dwin = np.zeros((n, c, h // 2, w // 2, 4))
    np.put_along_axis(dwin, first[..., None], dy[..., None], axis=-1)
    return dwin.reshape(n, c, h // 2, w // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h, w)


# -- forward
a0 = x.astype(np.float64)
z1, c1 = conv_forward(a0, p["conv1.weight"], p["conv1.bias"], 2)
r1 = np.maximum(z1, 0)
m1, pc1 = pool_forward(r1)
z2, c2 = conv_forward(m1, p["conv2.weight"], p["conv2.bias"], 0)
r2 = np.maximum(z2, 0)
m2, pc2 = pool_forward(r2)
f = m2.reshape(BATCH, -1)  # [8, 400], (c, h, w) order
h1 = f @ p["fc1.weight"].T + p["fc1.bias"]
g1 = np.maximum(h1, 0)
h2 = g1 @ p["fc2.weight"].T + p["fc2.bias"]
g2 = np.maximum(h2, 0)
logits = g2 @ p["fc3.weight"].T + p["fc3.bias"]
shifted = logits - logits.max(axis=1, keepdims=True)
log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
loss = -log_probs[np.arange(BATCH), y].mean()

# -- backward
grads = {}
dlogits = np.exp(log_probs)
dlogits[np.arange(BATCH), y] -= 1
dlogits /= BATCH
grads["fc3.weight"], grads["fc3.bias"] = dlogits.T @ g2, dlogits.sum(0)
dg2 = dlogits @ p["fc3.weight"]
dh2 = dg2 * (h2 > 0)
grads["fc2.weight"], grads["fc2.bias"] = dh2.T @ g1, dh2.sum(0)
dh1 = (dh2 @ p["fc2.weight"]) * (h1 > 0)
grads["fc1.weight"], grads["fc1.bias"] = dh1.T @ f, dh1.sum(0)
dm2 = (dh1 @ p["fc1.weight"]).reshape(m2.shape)
dz2 = pool_backward(dm2, pc2) * (z2 > 0)
dm1, grads["conv2.weight"], grads["conv2.bias"] = conv_backward(dz2, p["conv2.weight"], c2, 0)
dz1 = pool_backward(dm1, pc1) * (z1 > 0)
_, grads["conv1.weight"], grads["conv1.bias"] = conv_backward(dz1, p["conv1.weight"], c1, 2)

# -- one SGD step (momentum 0.9: the buffer starts as the gradient itself)
after = {name: p[name] - LEARNING_RATE * grads[name] for name in p}

tensors = {name: w for name, w in weights.items()}
tensors["input"] = x
tensors["labels"] = y.astype(np.int64)
tensors["logits"] = logits.astype(np.float32)
tensors["loss"] = np.array(loss, dtype=np.float32)
for name in p:
    tensors["grad." + name] = grads[name].astype(np.float32)
    tensors["after." + name] = after[name].astype(np.float32)
save_file(tensors, OUTPUT, metadata={"note": "made by make_lenet_fixture.py", "learning_rate": str(LEARNING_RATE)})
print(f"wrote {OUTPUT}: loss {loss:.6f}, labels {y.tolist()}")
