/// The PyTorch program `export script` writes as train.py. It is the same for every run:
/// everything that differs (model, data, settings) is in the files beside it.
enum TrainingScript {
    static let python = #"""
"""Repeats a TuneLab training run in PyTorch, with Hugging Face transformers and accelerate.

The files beside this one:
    model/            the model before the run's first step (a GPT2LMHeadModel folder)
    train.jsonl       the training windows in the order TuneLab drew them: line k*B ... k*B+B-1
                      is step k's batch (B = batch_size), each {"tokens": T+1 ids}
    validation.jsonl  the validation windows TuneLab evaluated on
    recipe.json       the run's settings: optimizer, learning rate, schedule, warmup, clipping,
                      weight decay, steps, evaluation and early stopping, seed

Run it unchanged on a CPU, one GPU, or several processes or machines:
    python train.py
    torchrun --nproc_per_node=2 train.py          (or: accelerate launch train.py)
Several processes split every batch between them (accelerate's split_batches), so they
see exactly the windows one process would, in the same order; batch_size must divide by
the number of processes.
"""
import argparse
import json
import math
import os

import torch
import torch.nn.functional as F
from accelerate import Accelerator
from accelerate.utils import DataLoaderConfiguration, set_seed
from transformers import AutoModelForCausalLM

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--model", default=os.path.join(here, "model"),
                    help="a GPT-2 folder or checkpoint name to start from (default: the run's own model)")
parser.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (default: the run's)")
parser.add_argument("--losses", default=None, help="write every step's training loss to this JSON file")
args = parser.parse_args()

recipe = json.load(open(os.path.join(here, "recipe.json")))
set_seed(recipe["seed"])
torch.use_deterministic_algorithms(True)

# -- data: windows of T+1 tokens; the model reads the first T and predicts the last T
def windows(name):
    with open(os.path.join(here, name)) as file:
        return torch.tensor([json.loads(line)["tokens"] for line in file])  # [N, T+1]

train = windows("train.jsonl")
validation = windows("validation.jsonl") if os.path.exists(os.path.join(here, "validation.jsonl")) else None
batch_size = recipe["batch_size"]
# In order, never shuffled: train.jsonl already holds TuneLab's random draw, batch by batch.
loader = torch.utils.data.DataLoader(train, batch_size=batch_size, shuffle=False)

# Without a GPU, accelerate joins the processes torchrun starts only when told to use the
# CPU (then over gloo); with GPUs it uses them, one per process.
accelerator = Accelerator(cpu=not torch.cuda.is_available(),
                          dataloader_config=DataLoaderConfiguration(split_batches=True))
model = AutoModelForCausalLM.from_pretrained(args.model)

# -- optimizer: weight decay on weights and embeddings, none on biases and LayerNorms
decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or ".ln_" in n)]
no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or ".ln_" in n]
groups = [{"params": decay, "weight_decay": recipe["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}]

\#(PythonRecipe.optimizerAndSchedule)

optimizer = make_optimizer(groups)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate_fraction)

model, optimizer, loader, scheduler = accelerator.prepare(model, optimizer, loader, scheduler)

def next_token_loss(batch):
    inputs, targets = batch[:, :-1], batch[:, 1:]          # [B, T] each
    logits = model(input_ids=inputs).logits                # [B, T, V]
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))

def evaluate():
    model.eval()
    with torch.no_grad():
        losses = [next_token_loss(validation[i:i + batch_size].to(accelerator.device)).item() * len(validation[i:i + batch_size])
                  for i in range(0, len(validation), batch_size)]
    model.train()
    return sum(losses) / len(validation)

# -- train: forward, backward, clip, update, log; evaluate and stop early as the run did
steps = min(args.max_steps or total, total)
evaluate_every, patience = recipe["evaluate_every"], recipe["early_stopping_patience"]
best, since_best, losses, step = math.inf, 0, [], 0
model.train()
while step < steps:
    for batch in loader:
        if step >= steps:
            break
        rate = scheduler.get_last_lr()[0]  # this step's learning rate
        loss = next_token_loss(batch)
        accelerator.backward(loss)
        if recipe["gradient_clipping"]:
            accelerator.clip_grad_norm_(model.parameters(), recipe["gradient_clipping"])
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        step += 1
        # each process saw its part of the batch; the mean over processes is the batch's loss
        mean_loss = accelerator.reduce(loss.detach(), reduction="mean").item()
        losses.append(mean_loss)
        accelerator.print(f"step {step:5d}  loss {mean_loss:.6f}  lr {rate:.3g}")
        if validation is not None and evaluate_every and step % evaluate_every == 0:
            value = evaluate()
            accelerator.print(f"            validation loss {value:.6f}")
            best, since_best = (value, 0) if value < best else (best, since_best + 1)
            if patience and since_best >= patience:
                accelerator.print(f"stopped early: {patience} evaluations without improvement")
                steps = step

if accelerator.is_main_process:
    if args.losses:
        json.dump({"losses": losses, "processes": accelerator.num_processes}, open(args.losses, "w"))
    accelerator.unwrap_model(model).save_pretrained(os.path.join(here, "trained"))
"""#
}
