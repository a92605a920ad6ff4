"""Saves a small randomly initialised GPT2LMHeadModel with a character tokenizer, as
transformers writes it, and the logits it computes.

usage: gpt2_make_random.py FOLDER REQUEST.json
REQUEST: {"characters": str, "ids": [int], "activation": str, "tied": bool}
Prints one JSON line: the vocabulary and the logits [T * V] for `ids`.
"""
import json
import sys

import torch
from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

folder, request_path = sys.argv[1], sys.argv[2]
request = json.load(open(request_path))
torch.manual_seed(7)

vocabulary = {character: index for index, character in enumerate(sorted(set(request["characters"])))}
tokenizer = Tokenizer(models.WordLevel(vocabulary, unk_token=None))
tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex(r"\X"), behavior="isolated")
tokenizer.decoder = decoders.Fuse()
PreTrainedTokenizerFast(tokenizer_object=tokenizer).save_pretrained(folder)

config = GPT2Config(
    vocab_size=len(vocabulary), n_positions=24, n_embd=32, n_layer=2, n_head=4, n_inner=128,
    activation_function=request["activation"], tie_word_embeddings=request["tied"],
    bos_token_id=None, eos_token_id=None)
model = GPT2LMHeadModel(config)
# Random initialisation is N(0, 0.02): too gentle to tell layers apart, so every weight
# and bias (LayerNorms included) gets a wider random value.
with torch.no_grad():
    for parameter in model.parameters():
        parameter.normal_(0, 0.3)
model.eval()
model.save_pretrained(folder)
with torch.no_grad():
    logits = model(torch.tensor([request["ids"]])).logits[0]
print(json.dumps({"vocabulary": list(vocabulary), "logits": logits.reshape(-1).tolist()}))
