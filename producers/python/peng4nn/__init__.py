"""PEng4NN's Python client: publish a run's validation accuracies, obey the predictor's stop.

- ``EpochReporter``: publishes ``EpochMetric`` events (idempotent producer, flushed on close);
- ``StopListener``: delivers ``StopCommand`` events by callback or polling, also those sent before it started;
- ``TrainingRun``: both for one run of a plain training loop (``for epoch in run.epochs(): ...``);
- ``peng4nn.lightning.StopCallback`` and ``peng4nn.keras.StopCallback``: the same as framework callbacks;
- ``lr_milestones``: the run's learning-rate milestones, read as every ``--lr-milestones`` flag reads them;
- ``peng4nn.events``: the Avro single-object encoding, byte-compatible with the Java serdes.

Kafka settings are librdkafka's, passed through as a dict (``bootstrap.servers``, SASL, SSL...).
"""

from .events import UndecodableRecord
from .listener import DEFAULT_LOOK_BACK, StopListener
from .loop import TrainingRun
from .milestones import lr_milestones
from .reporter import EpochReportError, EpochReporter
from .topics import DEFAULT_PREFIX

__all__ = ["EpochReporter", "EpochReportError", "StopListener", "TrainingRun", "UndecodableRecord",
           "DEFAULT_LOOK_BACK", "DEFAULT_PREFIX", "lr_milestones"]
__version__ = "0.1.0"
