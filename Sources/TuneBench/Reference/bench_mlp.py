#!/usr/bin/env python3
"""Training steps per second of a small classifier, numpy (hand-written backward) or torch.

    x [64, 64] → Linear 64→128 → ReLU → Linear 128→128 → ReLU → Linear 128→10
               → mean cross-entropy;  SGD, learning rate 0.05, momentum 0.9

Data: 8,192 synthetic rows × 64 features labelled by a random linear teacher
(argmax of x·T), cut into 128 batches of 64 that are cycled. 50 warm-up steps,
then `runs` runs of `steps` steps; the figure is steps/s per run.

    bench_mlp.py --lib numpy|torch --threads N --runs 7 --steps 1000
"""
import argparse

from reference_common import clock, limit_threads, report, torch_for

SIZES = [64, 128, 128, 10]
BATCH, ROWS, LEARNING_RATE, MOMENTUM, WARM_UP = 64, 8192, 0.05, 0.9, 50


def data(np):
    generator = np.random.default_rng(0)
    x = generator.standard_normal((ROWS, SIZES[0]), dtype=np.float32)
    teacher = generator.standard_normal((SIZES[0], SIZES[-1]), dtype=np.float32)
    y = np.argmax(x @ teacher, axis=1)
    return [(x[i:i + BATCH], y[i:i + BATCH]) for i in range(0, ROWS, BATCH)]


def numpy_trainer(np):
    generator = np.random.default_rng(1)
    # Kaiming-uniform-like initialisation, weights stored [in, out].
    layers = []
    for fan_in, fan_out in zip(SIZES, SIZES[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        layers.append([generator.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32),
                       generator.uniform(-bound, bound, fan_out).astype(np.float32)])
    velocities = [[np.zeros_like(w), np.zeros_like(b)] for w, b in layers]

    def step(x, y):
        # Forward, keeping each layer's input for the backward pass.
        inputs, h = [], x
        for index, (w, b) in enumerate(layers):
            inputs.append(h)
            h = h @ w + b
            if index < len(layers) - 1:
                h = np.maximum(h, 0)
        logits = h - h.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        loss = -np.log(probabilities[np.arange(len(y)), y]).mean()
        # Backward: dL/dlogits = (softmax - onehot) / batch.
        grad = probabilities
        grad[np.arange(len(y)), y] -= 1
        grad /= len(y)
        for index in reversed(range(len(layers))):
            w, b = layers[index]
            grad_w, grad_b = inputs[index].T @ grad, grad.sum(axis=0)
            if index > 0:
                grad = (grad @ w.T) * (inputs[index] > 0)
            for parameter, gradient, velocity in zip((w, b), (grad_w, grad_b), velocities[index]):
                velocity *= MOMENTUM
                velocity += gradient
                parameter -= LEARNING_RATE * velocity
        return loss
    return step, np.__version__


def torch_trainer(torch, threads):
    torch.manual_seed(1)
    modules = []
    for index, (fan_in, fan_out) in enumerate(zip(SIZES, SIZES[1:])):
        modules.append(torch.nn.Linear(fan_in, fan_out))
        if index < len(SIZES) - 2:
            modules.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*modules)
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)

    def step(x, y):
        optimizer.zero_grad(set_to_none=False)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss
    return step, torch.__version__


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib", choices=["numpy", "torch"], default="numpy")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--steps", type=int, default=1000)
    arguments = parser.parse_args()
    limit_threads(arguments.threads)
    import numpy as np

    batches = data(np)
    if arguments.lib == "numpy":
        step, version = numpy_trainer(np)
    else:
        torch = torch_for(arguments.threads)
        batches = [(torch.from_numpy(x), torch.from_numpy(y)) for x, y in batches]
        step, version = torch_trainer(torch, arguments.threads)
    index = 0

    def next_batch():
        nonlocal index
        batch = batches[index % len(batches)]
        index += 1
        return batch

    for _ in range(WARM_UP):
        step(*next_batch())
    rates = []
    for _ in range(arguments.runs):
        start = clock()
        for _ in range(arguments.steps):
            step(*next_batch())
        rates.append(arguments.steps / (clock() - start))
    report("mlp_train", arguments.lib, version, arguments.threads, rates)


if __name__ == "__main__":
    main()
