import TuneEngine
print("tunelab-bench")
