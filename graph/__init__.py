"""The domain model, the GraphStore protocol and its backends, and the NetworkX projection."""
