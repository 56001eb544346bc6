"""Old and new releases on one topic, for the Python client: every shipped version of every event type
(``schemas/src/main/resources/avro-history``) against the schema the client writes and reads with.

Both directions, as ``ShippedVersionsInteropTest`` does on the Java side:

* bytes the client writes (``events.encode``) are read by each shipped version as reader schema, with Avro's
  own ``DatumReader(writer=the client's schema, reader=that version)``: what an older (or newer) consumer sees;
* records written with each shipped version (single-object header with that version's fingerprint) are read
  by the client (``events.decode``): what the client sees from an older (or newer) producer.

Every field the reader knows must come out as written, or as the reader's default where the writer lacks it
(an enum symbol the reader lacks: the reader enum's default). A schema change that breaks a shipped version
therefore fails here, naming the event, the version, the direction and the record.

Values are random but reproducible (``SEED``), ``RECORDS_PER_PAIR`` per writer-reader pair.
"""

import datetime
import io
import random
import struct
import unittest

import avro.io

from peng4nn import events

SEED = 20261202
RECORDS_PER_PAIR = 200

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_HEADER = 10


def _random_string(rng):
    alphabet = "abcXYZ019-_./é中 "
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


def _random_float32(rng):
    # a value a 32-bit float holds exactly, so equality after a round trip is meaningful
    return struct.unpack("<f", struct.pack("<f", rng.uniform(-1e6, 1e6)))[0]


def random_datum(schema, rng, depth=0):
    """A random value of an Avro schema (``avro.schema.Schema``), in the form ``avro.io.DatumWriter`` takes."""
    logical = getattr(schema, "logical_type", None)
    if logical == "timestamp-millis":
        # whole milliseconds, 1970 to 2100: what the wire holds and the client gives back
        return _EPOCH + datetime.timedelta(milliseconds=rng.randint(0, 4_102_444_800_000))
    kind = schema.type
    if kind == "null":
        return None
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice([0, -1, 1, 2**31 - 1, -2**31, rng.randint(-2**31, 2**31 - 1)])
    if kind == "long":
        return rng.choice([0, -1, 2**63 - 1, -2**63, rng.randint(-2**63, 2**63 - 1)])
    if kind == "float":
        return _random_float32(rng)
    if kind == "double":
        return rng.choice([0.0, -0.0, 1e-300, 1e300, rng.uniform(-1e9, 1e9)])
    if kind == "string":
        return _random_string(rng)
    if kind == "bytes":
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 8)))
    if kind == "enum":
        return rng.choice(schema.symbols)
    if kind == "union":
        return random_datum(rng.choice(schema.schemas), rng, depth)
    if kind == "array":
        return [random_datum(schema.items, rng, depth + 1) for _ in range(rng.randint(0, 3 if depth < 3 else 0))]
    if kind == "map":
        return {_random_string(rng): random_datum(schema.values, rng, depth + 1)
                for _ in range(rng.randint(0, 3 if depth < 3 else 0))}
    if kind in ("record", "error"):
        return {field.name: random_datum(field.type, rng, depth + 1) for field in schema.fields}
    raise AssertionError(f"no random values for Avro type {kind}: extend random_datum")


def _enum_in(schema):
    """The enum schema a field holds directly or in a union, else None."""
    if schema.type == "enum":
        return schema
    if schema.type == "union":
        return next((branch for branch in schema.schemas if branch.type == "enum"), None)
    return None


def expected_read(writer_schema, reader_schema, written):
    """What a reader of ``reader_schema`` must see for a record written with ``writer_schema``."""
    writer_fields = {field.name: field for field in writer_schema.fields}
    expected = {}
    for field in reader_schema.fields:
        if field.name not in writer_fields:
            expected[field.name] = field.default
            continue
        value = written[field.name]
        enum = _enum_in(field.type)
        if enum is not None and isinstance(value, str) and value not in enum.symbols:
            value = enum.props.get("default")     # Avro's enum default: the symbol an older reader falls back on
        expected[field.name] = value
    return expected


def _header(fingerprint):
    return b"\xc3\x01" + struct.pack("<Q", fingerprint)


def shipped_pairs():
    """(record, version number, version) for every shipped version of every event type, oldest first."""
    loaded = events._schemas()
    return [(record, version.number, version)
            for record in events.RECORD_NAMES for version in loaded.history[record]]


class ShippedVersionsInteropTest(unittest.TestCase):

    def test_every_event_type_has_shipped_versions_to_check(self):
        pairs = shipped_pairs()
        self.assertEqual({record for record, _, _ in pairs}, set(events.RECORD_NAMES))
        # the schemas module ships 8 versions today; fewer would mean the history was not found
        self.assertGreaterEqual(len(pairs), 8)

    def test_every_shipped_version_reads_what_the_client_writes(self):
        for record, number, version in shipped_pairs():
            with self.subTest(f"{record}: client -> v{number}"):
                current = events._schemas().current[record]
                reader = avro.io.DatumReader(current.schema, version.schema)
                rng = random.Random(f"{SEED}/{record}/v{number}/client-writes")
                for index in range(RECORDS_PER_PAIR):
                    label = f"{record}: client -> v{number}, record {index}"
                    written = random_datum(current.schema, rng)
                    data = events.encode(record, written)
                    self.assertEqual(data[:_HEADER], _header(current.fingerprint), label)
                    stream = io.BytesIO(data[_HEADER:])
                    try:
                        read = reader.read(avro.io.BinaryDecoder(stream))
                    except Exception as e:  # a resolution failure is the finding: name the pair, stop at the first
                        self.fail(f"{label}: v{number} cannot read the client's bytes: {e}")
                    self.assertEqual(stream.tell(), len(data) - _HEADER, f"{label}: bytes left unread")
                    self.assertEqual(read, expected_read(current.schema, version.schema, written), label)

    def test_the_client_reads_what_every_shipped_version_writes(self):
        for record, number, version in shipped_pairs():
            with self.subTest(f"{record}: v{number} -> client"):
                current = events._schemas().current[record]
                writer = avro.io.DatumWriter(version.schema)
                rng = random.Random(f"{SEED}/{record}/v{number}/client-reads")
                for index in range(RECORDS_PER_PAIR):
                    label = f"{record}: v{number} -> client, record {index}"
                    written = random_datum(version.schema, rng)
                    out = io.BytesIO()
                    out.write(_header(version.fingerprint))
                    writer.write(written, avro.io.BinaryEncoder(out))
                    try:
                        read = events.decode(record, out.getvalue())
                    except events.UndecodableRecord as e:
                        self.fail(f"{label}: the client cannot read v{number}'s bytes: {e}")
                    self.assertEqual(read, expected_read(version.schema, current.schema, written), label)


if __name__ == "__main__":
    unittest.main()
