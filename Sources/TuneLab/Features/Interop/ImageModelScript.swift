/// The Python files an exported image model comes with: `model.py` (the network as a
/// PyTorch module whose state_dict is TuneLab's checkpoint) and `train.py` (the training
/// run repeated). Both are the same for every export; what differs is in the files beside them.
enum ImageModelScript {
    /// model.py: LeNet-5 as an `nn.Module`, layer for layer TuneLab's `LeNet5`.
    static let model = #"""
"""LeNet-5 as TuneLab builds it (Sources/TuneModels/Vision/LeNet5.swift), in PyTorch.

    x     [N, 1, 28, 28]   gray images (brightness 0-1), NCHW
    conv1 1→6, 5×5, padding 2, ReLU   → [N, 6, 28, 28]
    pool  max 2×2                     → [N, 6, 14, 14]
    conv2 6→16, 5×5, ReLU             → [N, 16, 10, 10]
    pool  max 2×2                     → [N, 16, 5, 5]
    flatten (channel, row, column)    → [N, 400]
    fc1 400→120, ReLU → fc2 120→84, ReLU → fc3 84→classes   (logits)

TuneLab computes in NHWC ([N, H, W, C]) but stores every weight in PyTorch's layout
(conv weights [out, in, kH, kW], linear weights [out, in]) and flattens in PyTorch's
(channel, row, column) order, so its checkpoint is this module's state_dict as it is:

    from model import load
    model, labels = load("path/to/this/folder")      # strict: every name and shape must match
    logits = model(images)                           # images [N, 1, H, W] → [N, classes]
"""
import json
import os

import torch
from safetensors.torch import load_file
from torch import nn


class LeNet5(nn.Module):
    def __init__(self, classes=10, image_size=28, channels=1):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 6, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.pool = nn.MaxPool2d(2)  # no weights: not in the state_dict
        side = (image_size // 2 - 4) // 2  # 28 → 14 → 10 → 5
        self.fc1 = nn.Linear(16 * side * side, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, classes)

    def forward(self, x):  # [N, C, H, W] → [N, classes]
        x = self.pool(torch.relu(self.conv1(x)))  # [N, 6, H/2, W/2]
        x = self.pool(torch.relu(self.conv2(x)))  # [N, 16, side, side]
        x = torch.flatten(x, 1)                   # [N, 16·side·side]
        x = torch.relu(self.fc1(x))               # [N, 120]
        x = torch.relu(self.fc2(x))               # [N, 84]: the features
        return self.fc3(x)                        # [N, classes]: the logits


def build(folder):
    """An untrained LeNet5 of the shape config.json describes, with the class names."""
    with open(os.path.join(folder, "config.json")) as file:
        config = json.load(file)
    model = LeNet5(classes=len(config["labels"]), image_size=config["image_size"], channels=config["channels"])
    return model, config["labels"]


def load(folder, weights="model.safetensors"):
    """The exported model with its weights loaded strictly (a missing, extra or misshapen
    tensor is an error), in evaluation mode, and its class names."""
    model, labels = build(folder)
    model.load_state_dict(load_file(os.path.join(folder, weights)), strict=True)
    return model.eval(), labels
"""#

    /// train.py: `vision train` repeated with accelerate, on the batches TuneLab drew.
    static let train = #"""
"""Repeats a TuneLab `vision train` run in PyTorch with accelerate.

The files beside this one:
    model.py            the network (LeNet5), layer for layer TuneLab's
    config.json         its shape: classes (labels), image size, channels
    start.safetensors   its weights before TuneLab's first step (a state_dict)
    model.safetensors   its weights after TuneLab's last step, to compare with
    images.safetensors  the images as TuneLab split them: train_images [N, 1, H, W]
                        (brightness 0-1) and train_labels [N], likewise validation_ and test_
    batches.jsonl       line k: the train_images indices of step k's batch, in TuneLab's
                        order (a fresh shuffle of the training images every epoch)
    recipe.json         the run's settings: optimizer, learning rate, schedule, warmup,
                        clipping, weight decay, batch size, steps, seed; and TuneLab's losses

Augmentation: `vision train` applies none while it trains, and neither does this script:
every image is used exactly as stored in images.safetensors. (The built-in letters were
drawn with random fonts, shifts, rotations, stroke widths and noise when the dataset was
made, from its seed: that variety is in the stored images.) To augment, transform
`images` in batch_loss (torchvision.transforms.v2.RandomAffine, say): the run will then
no longer match TuneLab's losses.

Run it unchanged on a CPU, one GPU, or several processes:
    python train.py
    torchrun --nproc_per_node=2 train.py          (or: accelerate launch train.py)
Several processes share every batch (each takes every n-th image of it), so together they
take exactly the steps one process would.
"""
import argparse
import json
import math
import os

import torch
import torch.nn.functional as F
from accelerate import Accelerator
from accelerate.utils import set_seed
from safetensors.torch import load_file, save_file

from model import build

\#(PythonRecipe.argumentsAndRecipe)
set_seed(recipe["seed"])  # nothing here is random; set for any change you make that is
torch.use_deterministic_algorithms(True)

# Without a GPU, accelerate joins the processes torchrun starts only when told to use the
# CPU (then over gloo); with GPUs it uses them, one per process.
accelerator = Accelerator(cpu=not torch.cuda.is_available())

# -- the model, from the weights TuneLab started with
model, labels = build(here)
model.load_state_dict(load_file(os.path.join(here, "start.safetensors")), strict=True)

# -- the data: every image as TuneLab stored it, and the batches in TuneLab's order
data = load_file(os.path.join(here, "images.safetensors"))
train_images, train_labels = data["train_images"], data["train_labels"]  # [N, 1, H, W], [N]
with open(os.path.join(here, "batches.jsonl")) as file:
    batches = [json.loads(line) for line in file]  # batches[k]: step k's image indices

# -- optimizer: weight decay on weights, none on biases (TuneLab's rule for every model)
decay = [p for n, p in model.named_parameters() if not n.endswith("bias")]
no_decay = [p for n, p in model.named_parameters() if n.endswith("bias")]
groups = [{"params": decay, "weight_decay": recipe["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}]

\#(PythonRecipe.optimizerAndSchedule)

optimizer = make_optimizer(groups)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate_fraction)
model, optimizer = accelerator.prepare(model, optimizer)


def batch_loss(indices):
    """This process's share of the batch's mean cross-entropy: the sum over its images
    divided by the whole batch's size, so the shares of all processes add up to the mean."""
    mine = indices[accelerator.process_index::accelerator.num_processes]
    images = train_images[mine].to(accelerator.device)  # [n, 1, H, W]
    logits = model(images)                              # [n, classes]
    return F.cross_entropy(logits, train_labels[mine].to(accelerator.device), reduction="sum") / len(indices)


def accuracy(part):
    """Accuracy on validation_ or test_ images, in evaluation mode, 256 at a time."""
    images, truths = data[part + "_images"], data[part + "_labels"]
    net = accelerator.unwrap_model(model).eval()
    with torch.no_grad():
        guesses = torch.cat([net(images[i:i + 256].to(accelerator.device)).argmax(-1).cpu() for i in range(0, len(images), 256)])
    net.train()
    return (guesses == truths).float().mean().item()


# -- train: forward, backward, clip, update, log
steps = min(args.max_steps or len(batches), len(batches))
if min(len(b) for b in batches[:steps]) < accelerator.num_processes:
    raise SystemExit(f"a batch has fewer images than the {accelerator.num_processes} processes; use fewer processes")
losses = []
model.train()
for step, indices in enumerate(batches[:steps], start=1):
    rate = scheduler.get_last_lr()[0]  # this step's learning rate
\#(PythonRecipe.distributedStep)

results = {"losses": losses, "processes": accelerator.num_processes}
for part in ("validation", "test"):
    if part + "_images" in data:
        results[part + "_accuracy"] = accuracy(part)
        accelerator.print(f"{part} accuracy {100 * results[part + '_accuracy']:.2f}%")

if accelerator.is_main_process:
    trained = {name: tensor.detach().cpu().contiguous() for name, tensor in accelerator.unwrap_model(model).state_dict().items()}
    save_file(trained, os.path.join(here, "trained.safetensors"))
    if steps == len(batches):  # the whole run: compare with where TuneLab ended
        tunelab = load_file(os.path.join(here, "model.safetensors"))
        difference = max((trained[name] - tunelab[name]).abs().max().item() for name in tunelab)
        accelerator.print(f"largest difference from TuneLab's final weights: {difference:.3g}")
    if args.losses:
        with open(args.losses, "w") as file:
            json.dump(results, file)
"""#
}
