"""The context budget in one place: estimating a history's tokens, what a model's window is, fitting
a history into it, refusing a message that can never fit, and LM Studio's ways of saying that a
conversation outgrew the window."""
