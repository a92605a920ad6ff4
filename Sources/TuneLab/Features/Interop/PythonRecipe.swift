/// Python that every exported training script shares: the optimizer and the learning-rate
/// schedule, written once so the scripts cannot drift apart. Both read the global `recipe`
/// (recipe.json) and follow TuneLab's engine rule for rule (`TrainingOptions`, `SGD`,
/// `Adam`, `AdamW`, `LearningRateSchedule`).
enum PythonRecipe {
    /// `make_optimizer(groups)` and `rate_fraction(t)`, as Python definitions.
    static let optimizerAndSchedule = #"""
def make_optimizer(groups):
    """The run's optimizer over parameter groups ({"params": [...], "weight_decay": wd, "lr": rate})."""
    lr = recipe["learning_rate"]
    if recipe["optimizer"] == "adamw":  # decoupled weight decay: weights shrink by lr·wd each step
        return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    if recipe["optimizer"] == "adam":  # L2 regularisation: wd·w added to the gradient
        return torch.optim.Adam(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    return torch.optim.SGD(groups, lr=lr, momentum=0.9)  # L2 as well; the gradient is not scaled by 1 − momentum


# -- schedule: the rate at step t (0-based) as a fraction of the peak
total, warmup = recipe["total_steps"], min(recipe["warmup_steps"], recipe["total_steps"])


def rate_fraction(t):
    if recipe["schedule"] == "one-cycle":  # cosine up over 30%, then down (warmup ignored)
        peak_at = 0.3 * total
        start, end = 1 / 25, 1 / 25 / 1e4
        if t <= peak_at:
            return start + (1 - start) * (1 - math.cos(math.pi * t / max(peak_at, 1))) / 2
        return end + (1 - end) * (1 + math.cos(math.pi * (t - peak_at) / max(total - peak_at, 1))) / 2
    if t < warmup:
        return t / warmup
    progress = min(1.0, (t - warmup) / max(1, total - warmup))
    if recipe["schedule"] == "cosine":  # down to 10% of the peak
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))
    if recipe["schedule"] == "linear":
        return max(0.0, (total - t) / max(1, total - warmup))
    return 1.0  # constant
"""#

    /// The body of a training loop over `batches` of example indices, one step per batch,
    /// under accelerate (one process or many): `batch_loss(indices)` is this process's share
    /// of the batch's mean loss; `rate` is set before it.
    static let distributedStep = #"""
    share = batch_loss(indices)
    # Each process's gradients are averaged over the processes (DDP): scaling the share by
    # their number makes that average the gradient of the whole batch's mean loss.
    accelerator.backward(share * accelerator.num_processes)
    if recipe["gradient_clipping"]:
        accelerator.clip_grad_norm_(model.parameters(), recipe["gradient_clipping"])
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad()
    loss = accelerator.reduce(share.detach(), reduction="sum").item()  # the whole batch's mean loss
    losses.append(loss)
    tunelab = recipe["tunelab_losses"][step - 1] if step <= len(recipe["tunelab_losses"]) else float("nan")
    accelerator.print(f"step {step:5d}  loss {loss:.6f}  (TuneLab {tunelab:.6f})  lr {rate:.3g}")
"""#

    /// The script's folder (`here`), its options (`--max-steps`, `--losses`) in `args`, and
    /// the run's settings from recipe.json in `recipe`.
    static let argumentsAndRecipe = #"""
here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (default: the run's)")
parser.add_argument("--losses", default=None, help="write every step's training loss to this JSON file")
args = parser.parse_args()

with open(os.path.join(here, "recipe.json")) as file:
    recipe = json.load(file)
"""#
}
