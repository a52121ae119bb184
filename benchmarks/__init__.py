"""The benchmark suite behind `scripts/bench`: one module per figure, shared helpers in
`helpers`, the HTTP load generator in `loadgen`. Not part of the test suite (slow, noisy)."""
