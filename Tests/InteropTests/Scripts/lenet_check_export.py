"""Loads an image model TuneLab exported (export pytorch / export script) with its own
model.py, strictly, and reports the logits PyTorch computes.

usage: lenet_check_export.py FOLDER IMAGES.safetensors COUNT
Prints one JSON line: the module's class name, the state_dict's names, the labels, and the
logits [COUNT * classes] of the first COUNT test_images.
"""
import json
import sys

import torch
from safetensors.torch import load_file

folder, images_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, folder)
from model import load  # noqa: E402  (the exported folder's own model.py)

model, labels = load(folder)  # load_state_dict(strict=True) inside
images = load_file(images_path)["test_images"][:count]  # [COUNT, 1, H, W]
with torch.no_grad():
    logits = model(images)  # [COUNT, classes]
print(json.dumps({
    "module": type(model).__name__,
    "names": sorted(model.state_dict().keys()),
    "labels": labels,
    "logits": logits.reshape(-1).tolist(),
}))
