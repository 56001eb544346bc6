"""Tells a trainer when the predictor wants a run stopped, like the Java ``org.peng4nn.producers.StopListener``."""

import logging
import threading
import time
import uuid

import confluent_kafka

from . import events, topics

LOG = logging.getLogger("peng4nn.stop_listener")

#: How far back (seconds) the listener looks for commands written before it started.
DEFAULT_LOOK_BACK = 24 * 3600.0

_POLL_TIMEOUT = 0.1
_METADATA_TIMEOUT = 0.5   # also bounds how long close() waits while the broker is unreachable


def log_undecodable(where, error):
    """The default handler of a control record that cannot be decoded: a warning, then the record is skipped."""
    LOG.warning("skipping undecodable record %s: %s", where, error)


class StopListener:
    """Reads the control topic on a background thread and hands each ``StopCommand`` (a dict) over by
    callback (``watch``) or on request (``stop_requested``).

    No command is missed because it came early: the listener assigns itself every partition of the
    control topic (no consumer group membership, so any number of trainers each see every command) and
    starts at the records written ``look_back`` seconds before it was created (default 24 h); it keeps the
    first command per (model_id, run). Commands for other runs of a model never match. Records it cannot
    decode are skipped and passed to ``on_undecodable(where, error)`` (default: a logged warning).

    ``kafka`` is a dict of librdkafka settings passed through as given (SASL/SSL included); a
    ``group.id`` is replaced by a private one that never commits. Use as a context manager, or ``close()``.
    """

    def __init__(self, kafka, topic_prefix=topics.DEFAULT_PREFIX, look_back=DEFAULT_LOOK_BACK,
                 on_undecodable=log_undecodable):
        if look_back < 0:
            raise ValueError(f"look_back must not be negative: {look_back}")
        config = dict(kafka or {})
        if "bootstrap.servers" not in config:
            raise ValueError("kafka settings need bootstrap.servers")
        config.setdefault("client.id", "peng4nn-stop-listener")
        # librdkafka wants a group.id even for assign(); this one is never joined nor committed to
        config["group.id"] = "peng4nn-stop-listener-" + uuid.uuid4().hex
        config["enable.auto.commit"] = False
        config["enable.auto.offset.store"] = False
        config["enable.partition.eof"] = True
        # a listener started before the topics exist must not create the control topic with broker defaults
        config["allow.auto.create.topics"] = False
        self.topic = topics.topic(topics.CONTROL, topic_prefix)
        self._look_back = look_back
        self._on_undecodable = on_undecodable
        self._created_at_ms = int(time.time() * 1000)
        self._received = {}
        self._watchers = {}
        self._lock = threading.Lock()
        self._caught_up = threading.Event()
        self._closing = threading.Event()
        self._failure = None
        self._consumer = confluent_kafka.Consumer(config)
        self._thread = threading.Thread(target=self._listen, name="peng4nn-stop-listener", daemon=True)
        self._thread.start()

    # --- the trainer's side ---------------------------------------------------------------------------

    def watch(self, model_id, run, on_stop):
        """Calls ``on_stop(command)`` once, on the listener's thread, when a stop for (model_id, run)
        arrives or had already arrived. A second watch of the same run replaces the first callback."""
        self._check_running()
        if not callable(on_stop):
            raise TypeError("on_stop must be callable")
        with self._lock:
            self._watchers[(model_id, int(run))] = on_stop

    def unwatch(self, model_id):
        """Drops the callbacks of every run of the model that have not fired yet."""
        with self._lock:
            for key in [k for k in self._watchers if k[0] == model_id]:
                del self._watchers[key]

    def stop_requested(self, model_id, run):
        """Polling style: the stop command (a dict) for (model_id, run) if one arrived, else None."""
        self._check_running()
        with self._lock:
            return self._received.get((model_id, int(run)))

    def await_caught_up(self, timeout):
        """Waits until everything on the control topic when the listener started has been read, so that
        ``stop_requested`` already knows every earlier command; returns whether it did in time."""
        return self._caught_up.wait(timeout) and self._failure is None

    def close(self):
        """Stops the background thread (within about 0.1 s) and closes the consumer."""
        self._closing.set()
        if threading.current_thread() is not self._thread:
            self._thread.join(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _check_running(self):
        if self._failure is not None:
            raise RuntimeError(f"stop listener on {self.topic} failed: {self._failure}") from self._failure
        if self._closing.is_set():
            raise RuntimeError(f"stop listener on {self.topic} is closed")

    # --- the listener's thread ------------------------------------------------------------------------

    def _listen(self):
        try:
            partitions = self._await_partitions()
            if partitions is None:
                return
            ends = self._seek_to_look_back(partitions)
            while not self._closing.is_set():
                message = self._consumer.poll(_POLL_TIMEOUT)
                if message is not None:
                    self._handle(message, ends)
                if not self._caught_up.is_set() and not ends:
                    self._caught_up.set()
                self._dispatch()
        except Exception as e:  # noqa: BLE001 - reported to every caller from now on
            self._failure = e
            LOG.error("stop listener on %s failed; stop commands are no longer received: %s", self.topic, e)
        finally:
            try:
                self._consumer.close()
            finally:
                self._caught_up.set()

    def _handle(self, message, ends):
        error = message.error()
        if error is not None:
            if error.code() == confluent_kafka.KafkaError._PARTITION_EOF:
                ends.pop(message.partition(), None)
                return
            if error.fatal():
                raise confluent_kafka.KafkaException(error)
            LOG.debug("control topic %s: %s", self.topic, error)
            return
        if message.offset() + 1 >= ends.get(message.partition(), 0):
            ends.pop(message.partition(), None)
        try:
            command = events.decode("StopCommand", message.value())
        except events.UndecodableRecord as e:
            where = f"{message.topic()}-{message.partition()}@{message.offset()}"
            try:
                self._on_undecodable(where, e)
            except Exception:  # noqa: BLE001 - a handler's failure must not stop the listener
                LOG.exception("undecodable-record handler failed")
            return
        with self._lock:
            self._received.setdefault((command["model_id"], command["run"]), command)

    def _await_partitions(self):
        """The control topic's partition numbers, waiting for the topic to be created if need be."""
        told = False
        while not self._closing.is_set():
            try:
                metadata = self._consumer.list_topics(self.topic, timeout=_METADATA_TIMEOUT)
                found = metadata.topics.get(self.topic)
                if found is not None and found.error is None and found.partitions:
                    return sorted(found.partitions)
            except confluent_kafka.KafkaException:
                pass  # broker not reachable yet: keep trying until closed, as a trainer outlives broker restarts
            if not told:
                LOG.info("waiting for control topic %s", self.topic)
                told = True
            self._closing.wait(_METADATA_TIMEOUT)
        return None

    def _seek_to_look_back(self, partitions):
        """Assigns every partition at the first record of the look-back window; returns the end offsets
        (partition -> offset) still to be read to have caught up."""
        since = self._created_at_ms - int(self._look_back * 1000)
        # ends first: a command appended meanwhile is then either found by offsets_for_times or lies past these ends
        ends = {}
        for p in partitions:
            _low, high = self._consumer.get_watermark_offsets(
                confluent_kafka.TopicPartition(self.topic, p), timeout=10, cached=False)
            ends[p] = high
        query = [confluent_kafka.TopicPartition(self.topic, p, since) for p in partitions]
        found = self._consumer.offsets_for_times(query, timeout=10)
        assignment = []
        for tp in found:
            # nothing written since `since` (offset -1): start at the end as it was, not at a later "end"
            start = tp.offset if tp.offset >= 0 else ends[tp.partition]
            assignment.append(confluent_kafka.TopicPartition(self.topic, tp.partition, start))
            if start >= ends[tp.partition]:
                ends.pop(tp.partition)
        self._consumer.assign(assignment)
        return ends

    def _dispatch(self):
        due = []
        with self._lock:
            for key, callback in list(self._watchers.items()):
                command = self._received.get(key)
                if command is not None:
                    del self._watchers[key]
                    due.append((callback, command))
        for callback, command in due:
            try:
                callback(command)
            except Exception:  # noqa: BLE001
                LOG.exception("stop callback for model %s run %s failed", command["model_id"], command["run"])
