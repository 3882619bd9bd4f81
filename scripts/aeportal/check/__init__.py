"""Rules over the model and the trail: every problem a located diagnostic."""
