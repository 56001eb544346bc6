"""Topic names of the bus, as ``org.peng4nn.topics.TopicCatalogue`` names them: a prefix plus the role."""

#: The prefix of the default topics (``peng4nn.epochs``, ``peng4nn.control``...).
DEFAULT_PREFIX = "peng4nn."

JOBS = "jobs"
EPOCHS = "epochs"
CONTROL = "control"
PREDICTIONS = "predictions"
RESULTS = "results"
DLQ = "dlq"


def topic(role, prefix=DEFAULT_PREFIX):
    """The full name of a role's topic: ``topic(EPOCHS)`` is ``peng4nn.epochs``; the prefix is prepended as given."""
    if role not in (JOBS, EPOCHS, CONTROL, PREDICTIONS, RESULTS, DLQ):
        raise ValueError(f"unknown topic role {role!r}")
    return (DEFAULT_PREFIX if prefix is None else prefix) + role
