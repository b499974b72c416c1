"""The Finding model, and what happens to findings after the rules: suppressions, baselines, the diff."""
