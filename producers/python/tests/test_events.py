"""The encoding without a broker: fingerprints, canonical forms, round trips, undecodable bytes."""

import datetime
import io
import struct
import unittest

import avro.io

from peng4nn import events

UTC = datetime.timezone.utc


def stop(**changes):
    command = {"model_id": "m1", "search_id": "s1", "run": 2, "reason": "CONVERGED", "at_epoch": 7.0,
               "predicted_final": 81.25, "issued_at": datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)}
    command.update(changes)
    return command


class FingerprintTest(unittest.TestCase):

    def test_crc64_avro_matches_the_specifications_test_vectors(self):
        self.assertEqual(events.crc64_avro(b""), events.EMPTY_FINGERPRINT)
        # from Avro's share/test/data/schema-tests.txt (signed longs there)
        self.assertEqual(events.fingerprint('"null"'), 7195948357588979594)
        self.assertEqual(events.fingerprint('"boolean"'), (1 << 64) - 6970731678124411036)
        self.assertEqual(events.fingerprint('"int"'), 8247732601305521295)

    def test_canonical_form_keeps_only_what_parsing_needs(self):
        schema = {"type": "record", "name": "R", "namespace": "a.b", "doc": "x", "fields": [
            {"name": "t", "type": {"type": "long", "logicalType": "timestamp-millis"}, "doc": "d"},
            {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"], "default": "X"}},
            {"name": "o", "type": ["null", "E"], "default": None},
            {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "int"}}}]}
        self.assertEqual(events.parsing_canonical_form(schema),
                         '{"name":"a.b.R","type":"record","fields":[{"name":"t","type":"long"},'
                         '{"name":"e","type":{"name":"a.b.E","type":"enum","symbols":["X","Y"]}},'
                         '{"name":"o","type":["null","a.b.E"]},'
                         '{"name":"m","type":{"type":"map","values":{"type":"array","items":"int"}}}]}')

    def test_every_event_has_a_schema_history_whose_last_version_is_the_current_schema(self):
        for record in events.RECORD_NAMES:
            history = events.schema_history(record)
            self.assertTrue(history, record)
            current = events._schemas().current[record].fingerprint
            self.assertEqual(history[-1][1], current, record)


class RoundTripTest(unittest.TestCase):

    def test_a_stop_command_round_trips_with_its_header(self):
        data = events.encode("StopCommand", stop())
        self.assertEqual(data[:2], b"\xc3\x01")
        self.assertEqual(struct.unpack("<Q", data[2:10])[0], events._schemas().current["StopCommand"].fingerprint)
        self.assertEqual(events.decode("StopCommand", data), stop())

    def test_defaults_are_filled_in_and_epoch_milliseconds_are_accepted(self):
        data = events.encode("EpochMetric", {
            "search_id": "s", "model_id": "m", "run": 1, "trainer_id": "t", "epoch": 0.0, "max_epochs": 25,
            "value": 41.5, "event_time": 1_767_225_600_123})
        decoded = events.decode("EpochMetric", data)
        self.assertEqual(decoded["metric"], "val_acc")
        self.assertIsNone(decoded["eval_interval"])
        self.assertEqual(decoded["event_time"], datetime.datetime(2026, 1, 1, 0, 0, 0, 123000, tzinfo=UTC))

    def test_an_event_written_with_an_older_schema_version_is_resolved_to_the_current_one(self):
        old = events._schemas().history["EpochMetric"][0]
        self.assertNotIn("eval_interval", [f.name for f in old.schema.fields])
        datum = {"search_id": "s", "model_id": "m", "run": 1, "trainer_id": "t", "epoch": 3.0, "max_epochs": 25,
                 "metric": "val_acc", "value": 60.0, "train_accuracy": None, "loss": None,
                 "epoch_duration_ms": None, "event_time": datetime.datetime(2026, 1, 1, tzinfo=UTC)}
        datum = {k: v for k, v in datum.items() if k in [f.name for f in old.schema.fields]}
        out = io.BytesIO()
        out.write(b"\xc3\x01" + struct.pack("<Q", old.fingerprint))
        avro.io.DatumWriter(old.schema).write(datum, avro.io.BinaryEncoder(out))
        decoded = events.decode("EpochMetric", out.getvalue())
        self.assertEqual(decoded["value"], 60.0)
        self.assertIsNone(decoded["eval_interval"])

    def test_invalid_events_are_refused_when_encoding(self):
        with self.assertRaisesRegex(ValueError, "required"):
            events.encode("StopCommand", {"model_id": "m"})
        with self.assertRaisesRegex(ValueError, "no field"):
            events.encode("StopCommand", stop(colour="red"))
        with self.assertRaisesRegex(ValueError, "not a valid"):
            events.encode("StopCommand", stop(reason="BORED"))
        with self.assertRaisesRegex(ValueError, "naive"):
            events.encode("StopCommand", stop(issued_at=datetime.datetime(2026, 1, 1)))


class UndecodableTest(unittest.TestCase):

    def assertFailure(self, data, failure, record="StopCommand"):
        with self.assertRaises(events.UndecodableRecord) as caught:
            events.decode(record, data)
        self.assertEqual(caught.exception.failure, failure, caught.exception.detail)
        return caught.exception

    def test_bytes_that_are_not_a_single_object_encoding(self):
        self.assertIn("0x7B", self.assertFailure(b'{"model_id":"m"}', events.BAD_HEADER).detail)
        self.assertFailure(b"\xc3\x01\x00", events.BAD_HEADER)
        self.assertFailure(b"", events.BAD_HEADER)
        self.assertFailure(None, events.MALFORMED_PAYLOAD)

    def test_an_unknown_fingerprint_or_another_events_schema(self):
        self.assertFailure(b"\xc3\x01" + b"\x01" * 8 + b"\x00", events.UNKNOWN_SCHEMA)
        self.assertFailure(events.encode("StopCommand", stop()), events.UNKNOWN_SCHEMA, record="EpochMetric")

    def test_truncated_or_overlong_payloads(self):
        data = events.encode("StopCommand", stop())
        self.assertFailure(data[:-3], events.MALFORMED_PAYLOAD)
        self.assertIn("stray bytes", self.assertFailure(data + b"\x00", events.MALFORMED_PAYLOAD).detail)
        # enum index out of range
        bad = bytearray(data)
        bad[10 + 1 + 2 + 1 + 2 + 1] = 0x7E
        self.assertFailure(bytes(bad), events.MALFORMED_PAYLOAD)


if __name__ == "__main__":
    unittest.main()
