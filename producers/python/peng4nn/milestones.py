"""Learning-rate milestones: the 0-based epochs that first train at a new learning rate.

The Python twin of ``org.peng4nn.events.LrMilestones``: a run declares them once (``TrainingRun(...,
lr_milestones=[10, 20])``, or the text ``"10,20"`` that every ``--lr-milestones`` flag takes) and every event of
the run carries them as ``lr_milestones``, so the predictor does not stop a plateau that a rate cut is about to end.
"""

import math

__all__ = ["lr_milestones"]


def _number(part):
    text = part.strip()
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not an epoch number (expected E1,E2,... such as 5,10,15)") from None


def _text(epoch):
    return str(int(epoch)) if epoch == int(epoch) else repr(epoch)


def lr_milestones(value):
    """The milestones as the events carry them: a sorted list of distinct floats, each finite and >= 0.

    ``value`` is ``None`` (none: a constant rate), an iterable of numbers in any order, or the flag's text
    ``"E1,E2,..."``; anything else raises ``ValueError`` naming the offending part.
    """
    if value is None:
        return []
    if isinstance(value, str):
        if not value.strip():
            return []
        epochs = [_number(part) for part in value.split(",")]
    else:
        epochs = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                raise ValueError(f"a learning-rate milestone must be a number, got {item!r}")
            epochs.append(float(item))
    for epoch in epochs:
        if not math.isfinite(epoch) or epoch < 0:
            raise ValueError(f"a learning-rate milestone must be a finite epoch >= 0, got {epoch}")
    epochs.sort()
    for before, after in zip(epochs, epochs[1:]):
        if before == after:
            raise ValueError(f"learning-rate milestone {_text(after)} is given twice")
    return epochs
