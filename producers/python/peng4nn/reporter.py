"""Publishes a trainer's per-epoch accuracies, like the Java ``org.peng4nn.producers.EpochReporter``."""

import datetime
import threading

import confluent_kafka

from . import events, topics
from .milestones import lr_milestones as _milestones
from .partitioning import partition_of


# how long the first send waits for the broker to tell the epochs topic's partition count
PARTITIONS_LOOKUP_S = 5.0


class EpochReportError(RuntimeError):
    """An epoch event could not be published; raised from ``flush()`` or ``close()``."""


class EpochReporter:
    """Publishes ``EpochMetric`` events to the epochs topic, keyed by ``model_id``.

    Each event goes to its search's partition, the one the Java ``SearchPartitioner`` picks, so that the predictor
    decides it without regrouping it by search first (``partition_by_search=False``: by key, as librdkafka's
    ``murmur2_random`` partitioner places it). The partition count is read from the broker at the first send
    (waiting up to ``PARTITIONS_LOOKUP_S``); when the broker does not tell it, events are placed by key.

    The producer is idempotent with ``acks=all``: a retried send never duplicates or reorders a model's
    points. Sends are asynchronous; the first failed send is kept and raised from the next ``flush()`` or
    ``close()``, so a training loop is never slowed by the broker but never loses a point silently.

    ``kafka`` is a dict of librdkafka settings (``bootstrap.servers``, ``security.protocol``,
    ``sasl.mechanism``, ``ssl.ca.location``...) passed through as given; idempotence and acks are forced.
    Use as a context manager, or call ``close()``. Thread-safe, like the producer it wraps.
    """

    def __init__(self, kafka, trainer_id, topic_prefix=topics.DEFAULT_PREFIX, flush_timeout=30.0,
                 partition_by_search=True):
        if not trainer_id:
            raise ValueError("trainer_id is required")
        self.trainer_id = trainer_id
        self.topic = topics.topic(topics.EPOCHS, topic_prefix)
        self._flush_timeout = flush_timeout
        self._failure = None
        self._lock = threading.Lock()
        self._closed = False
        self._partition_by_search = partition_by_search
        self._partitions = None   # of the epochs topic; 0: unknown, place by key
        self._producer = confluent_kafka.Producer(self.producer_config(kafka, trainer_id))

    @staticmethod
    def producer_config(kafka, trainer_id):
        """The caller's settings with the delivery guarantees this reporter promises forced on."""
        config = dict(kafka or {})
        if "bootstrap.servers" not in config:
            raise ValueError("kafka settings need bootstrap.servers")
        config.setdefault("client.id", "peng4nn-epoch-reporter-" + trainer_id)
        config.setdefault("linger.ms", 5)
        # the partition the Java producer picks for the same key (librdkafka's default hashes differently)
        config.setdefault("partitioner", "murmur2_random")
        config["enable.idempotence"] = True
        config["acks"] = "all"
        return config

    def report(self, search_id, model_id, run, epoch, max_epochs, value, *, metric="val_acc",
               train_accuracy=None, loss=None, epoch_duration_ms=None, eval_interval=None, event_time=None,
               lr_milestones=None):
        """Sends one evaluation, asynchronously.

        ``epoch`` is the 0-based epoch index (fractional for sub-epoch evaluations, with ``eval_interval``
        the epochs between two evaluations), ``value`` the validation accuracy in percent (0-100).
        ``lr_milestones`` are the run's learning-rate milestones (0-based epochs that first train at a new rate,
        a list or the text ``"10,20"``); ``None`` declares none.
        """
        event = {
            "search_id": str(search_id),
            "model_id": str(model_id),
            "run": int(run),
            "trainer_id": self.trainer_id,
            "epoch": float(epoch),
            "max_epochs": int(max_epochs),
            "metric": metric,
            "value": float(value),
            "train_accuracy": None if train_accuracy is None else float(train_accuracy),
            "loss": None if loss is None else float(loss),
            "epoch_duration_ms": None if epoch_duration_ms is None else int(epoch_duration_ms),
            "eval_interval": None if eval_interval is None else float(eval_interval),
            "lr_milestones": _milestones(lr_milestones),
            "event_time": event_time or datetime.datetime.now(datetime.timezone.utc),
        }
        self.report_event(event)

    def report_event(self, event):
        """Sends one ``EpochMetric`` given as a dict; its ``trainer_id`` is replaced by this reporter's."""
        if self._closed:
            raise RuntimeError("the reporter is closed")
        stamped = dict(event, trainer_id=self.trainer_id)
        value = events.encode("EpochMetric", stamped)
        key = stamped["model_id"].encode("utf-8")
        placement = {}
        partitions = self._epochs_partitions()
        if partitions > 0:
            placement["partition"] = partition_of(stamped["search_id"], partitions)

        def delivered(error, _message):
            if error is not None:
                with self._lock:
                    if self._failure is None:
                        self._failure = EpochReportError(
                            "could not publish epoch %s of model %s run %s to %s: %s"
                            % (stamped["epoch"], stamped["model_id"], stamped["run"], self.topic, error.str()))

        for _ in range(100):
            try:
                self._producer.produce(self.topic, value=value, key=key, on_delivery=delivered, **placement)
                break
            except BufferError:
                self._producer.poll(0.1)   # the local queue is full: let deliveries drain, then retry
        else:
            raise EpochReportError("the producer queue stayed full for 10 s; is the broker reachable?")
        self._producer.poll(0)

    def _epochs_partitions(self):
        if self._partitions is None:
            self._partitions = 0
            if self._partition_by_search:
                try:
                    metadata = self._producer.list_topics(self.topic, timeout=PARTITIONS_LOOKUP_S)
                    topic = metadata.topics.get(self.topic)
                    if topic is not None and topic.error is None:
                        self._partitions = len(topic.partitions)
                except confluent_kafka.KafkaException:
                    pass   # placed by key: the predictor regroups these events itself
        return self._partitions

    def flush(self, timeout=None):
        """Waits until every event reported so far is acknowledged; raises EpochReportError if one failed."""
        remaining = self._producer.flush(self._flush_timeout if timeout is None else timeout)
        with self._lock:
            failure, self._failure = self._failure, None
        if failure is not None:
            raise failure
        if remaining > 0:
            raise EpochReportError(f"{remaining} epoch events not acknowledged by the broker in time ({self.topic})")

    def close(self):
        """Flushes (raising a failed send), then stops accepting events."""
        if self._closed:
            return
        try:
            self.flush()
        finally:
            self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
