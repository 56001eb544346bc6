"""The bus contract in Python: the Avro schemas of ``schemas/``, their fingerprints and the
single-object encoding the Java serdes (``org.peng4nn.events.serde.SingleObjectCodec``) read and write.

An encoded event is ``C3 01``, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's
parsing canonical form, then the Avro binary datum. Decoding looks the writer schema up by fingerprint in
the shipped schema history and resolves it against the current schema, as the Java side does, so records
written by an older release still decode.

Schemas are not copied by hand: an installed package carries the copy its build took from the repository
(``setup.py``); run from a checkout, the package reads ``schemas/src/main`` directly.

Events are plain dicts keyed by the Avro field names (``model_id``, ``max_epochs``...). Timestamps
(``event_time``, ``issued_at``...) decode as timezone-aware ``datetime`` objects in UTC; for encoding a
``datetime`` or an ``int`` of epoch milliseconds is accepted.
"""

import datetime
import io
import json
import os
import re
import struct
import warnings

import avro.errors
import avro.io
import avro.schema

__all__ = [
    "RECORD_NAMES", "EMPTY_FINGERPRINT", "crc64_avro", "parsing_canonical_form", "fingerprint",
    "schema", "schema_history", "encode", "decode", "UndecodableRecord",
    "BAD_HEADER", "UNKNOWN_SCHEMA", "MALFORMED_PAYLOAD", "INCOMPATIBLE_SCHEMA",
]

#: Every event of the bus, by record name (the Java classes of ``org.peng4nn.events``).
RECORD_NAMES = ("TrainingJob", "EpochMetric", "StopCommand", "Prediction", "ModelResult")

#: The CRC-64-AVRO of nothing, and the polynomial of the Rabin fingerprint (Avro specification).
EMPTY_FINGERPRINT = 0xC15D213AA4D7A795

_MAGIC = b"\xc3\x01"
_HEADER_LENGTH = 10
_TIMESTAMP_FIELDS_LOGICAL = "timestamp-millis"

# decode failures, named as the Java DecodeFailure enum names them
BAD_HEADER = "BAD_HEADER"
UNKNOWN_SCHEMA = "UNKNOWN_SCHEMA"
MALFORMED_PAYLOAD = "MALFORMED_PAYLOAD"
INCOMPATIBLE_SCHEMA = "INCOMPATIBLE_SCHEMA"


class UndecodableRecord(ValueError):
    """Bytes that are not an event this code can read; ``failure`` is one of the module's failure names."""

    def __init__(self, failure, detail):
        super().__init__(f"{failure}: {detail}")
        self.failure = failure
        self.detail = detail


# --- fingerprint --------------------------------------------------------------------------------------

def _crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY_FINGERPRINT if fp & 1 else 0)
        table.append(fp)
    return table


_CRC64_TABLE = _crc64_table()


def crc64_avro(data):
    """The 64-bit Rabin fingerprint Avro calls CRC-64-AVRO, as an unsigned int."""
    fp = EMPTY_FINGERPRINT
    for byte in data:
        fp = (fp >> 8) ^ _CRC64_TABLE[(fp ^ byte) & 0xFF]
    return fp


_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def _full_name(name, namespace):
    if "." in name or not namespace:
        return name
    return namespace + "." + name


def _pcf(node, namespace, seen):
    """Parsing canonical form of a schema given as parsed JSON (Avro specification, as Java's SchemaNormalization)."""
    if isinstance(node, str):
        if node in _PRIMITIVES:
            return json.dumps(node)
        return json.dumps(_full_name(node, namespace))
    if isinstance(node, list):
        return "[" + ",".join(_pcf(branch, namespace, seen) for branch in node) + "]"
    kind = node["type"]
    if kind in _PRIMITIVES:
        return json.dumps(kind)        # {"type":"long","logicalType":...} is just "long"
    if kind in ("array", "map"):
        key = "items" if kind == "array" else "values"
        return '{"type":' + json.dumps(kind) + ',"' + key + '":' + _pcf(node[key], namespace, seen) + "}"
    if kind in ("record", "error", "enum", "fixed"):
        name = _full_name(node["name"], node.get("namespace", namespace))
        if name in seen:
            return json.dumps(name)
        seen.add(name)
        inner = name.rsplit(".", 1)[0] if "." in name else namespace
        out = '{"name":' + json.dumps(name) + ',"type":' + json.dumps(kind)
        if kind == "enum":
            out += ',"symbols":[' + ",".join(json.dumps(s) for s in node["symbols"]) + "]"
        elif kind == "fixed":
            out += ',"size":' + str(int(node["size"]))
        else:
            out += ',"fields":[' + ",".join(
                '{"name":' + json.dumps(f["name"]) + ',"type":' + _pcf(f["type"], inner, seen) + "}"
                for f in node["fields"]) + "]"
        return out + "}"
    # a reference to a named type written as {"type": "Name"}
    return _pcf(kind, namespace, seen)


def parsing_canonical_form(schema_json):
    """The parsing canonical form of a schema, given as JSON text or as parsed JSON."""
    node = json.loads(schema_json) if isinstance(schema_json, str) else schema_json
    return _pcf(node, None, set())


def fingerprint(schema_json):
    """CRC-64-AVRO of the parsing canonical form: the number written into every encoded event."""
    return crc64_avro(parsing_canonical_form(schema_json).encode("utf-8"))


# --- schemas ------------------------------------------------------------------------------------------

_HERE = os.path.dirname(os.path.abspath(__file__))


def _schema_directories():
    """(current, history): PENG4NN_SCHEMAS_DIR (a schemas/src/main), else the package's build-time copy,
    else the repository's schemas module next to this checkout."""
    override = os.environ.get("PENG4NN_SCHEMAS_DIR")
    packaged = os.path.join(_HERE, "_schemas")
    if not override and os.path.isdir(os.path.join(packaged, "current")):
        return os.path.join(packaged, "current"), os.path.join(packaged, "history")
    root = override or os.path.join(_HERE, os.pardir, os.pardir, os.pardir, "schemas", "src", "main")
    current = os.path.join(root, "avro")
    history = os.path.join(root, "resources", "avro-history")
    if not os.path.isdir(current):
        raise RuntimeError("peng4nn: no Avro schemas found: neither a packaged copy in " + packaged
                           + " nor the repository's " + os.path.normpath(current)
                           + " (install with pip from the repository, or set PENG4NN_SCHEMAS_DIR to schemas/src/main)")
    return current, history


class _Version:
    def __init__(self, record, number, text):
        self.record = record
        self.number = number
        self.json = json.loads(text)
        self.schema = avro.schema.parse(text)
        self.fingerprint = fingerprint(self.json)


class _Schemas:
    def __init__(self):
        current_dir, history_dir = _schema_directories()
        self.current = {}
        self.history = {}
        self.by_fingerprint = {}
        for record in RECORD_NAMES:
            with open(os.path.join(current_dir, record + ".avsc"), encoding="utf-8") as f:
                self.current[record] = _Version(record, 0, f.read())
            versions = []
            number = 1
            while True:
                path = os.path.join(history_dir, f"{record}-v{number}.avsc")
                if not os.path.isfile(path):
                    break
                with open(path, encoding="utf-8") as f:
                    versions.append(_Version(record, number, f.read()))
                number += 1
            self.history[record] = versions
            for version in versions + [self.current[record]]:
                # a docs-only change keeps the fingerprint: the first version with it stands for all
                self.by_fingerprint.setdefault(version.fingerprint, version)
        self.readers = {}
        self.writers = {record: avro.io.DatumWriter(v.schema) for record, v in self.current.items()}


_LOADED = None


def _schemas():
    global _LOADED
    if _LOADED is None:
        _LOADED = _Schemas()
    return _LOADED


def schema(record):
    """The current schema of a record (``avro.schema.RecordSchema``)."""
    return _schemas().current[_known(record)].schema


def schema_history(record):
    """[(version, fingerprint)] of every shipped version of a record, oldest first."""
    return [(v.number, v.fingerprint) for v in _schemas().history[_known(record)]]


def _known(record):
    if record not in RECORD_NAMES:
        raise ValueError(f"unknown event type {record!r}; one of {', '.join(RECORD_NAMES)}")
    return record


# --- encoding -----------------------------------------------------------------------------------------

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _to_datetime(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value}: give a timezone (UTC) or epoch milliseconds")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return _EPOCH + datetime.timedelta(milliseconds=value)
    raise TypeError(f"a timestamp must be a datetime or epoch milliseconds, not {type(value).__name__}")


def _prepare(record_schema, datum):
    """A copy of the dict with defaults filled in and timestamps as datetimes, checked against the schema."""
    if not isinstance(datum, dict):
        raise TypeError(f"an event is a dict, not {type(datum).__name__}")
    unknown = set(datum) - {f.name for f in record_schema.fields}
    if unknown:
        raise ValueError(f"{record_schema.name} has no field {', '.join(sorted(unknown))}")
    out = {}
    for field in record_schema.fields:
        if field.name in datum:
            value = datum[field.name]
        elif field.has_default:
            value = field.default
        else:
            raise ValueError(f"{record_schema.name}.{field.name} is required")
        if getattr(field.type, "logical_type", None) == _TIMESTAMP_FIELDS_LOGICAL:
            value = _to_datetime(value)
        out[field.name] = value
    return out


def encode(record, datum):
    """Single-object encoding of one event (a dict) with the current schema of ``record``."""
    loaded = _schemas()
    current = loaded.current[_known(record)]
    prepared = _prepare(current.schema, datum)
    buffer = io.BytesIO()
    buffer.write(_MAGIC)
    buffer.write(struct.pack("<Q", current.fingerprint))
    try:
        loaded.writers[record].write(prepared, avro.io.BinaryEncoder(buffer))
    except avro.errors.AvroTypeException as e:
        raise ValueError(f"not a valid {record}: {e}") from None
    return buffer.getvalue()


def decode(record, data):
    """The event (a dict) in single-object encoded ``data``, resolved to the current schema of ``record``.

    Raises UndecodableRecord for anything else: bytes on a topic are untrusted input.
    """
    loaded = _schemas()
    current = loaded.current[_known(record)]
    if data is None:
        raise UndecodableRecord(MALFORMED_PAYLOAD, "no value (null record)")
    data = bytes(data)
    if len(data) < _HEADER_LENGTH or data[:2] != _MAGIC:
        if len(data) >= 2 and data[:2] != _MAGIC:
            raise UndecodableRecord(BAD_HEADER, "expected single-object marker 0xC3 0x01, found 0x%02X 0x%02X"
                                    % (data[0], data[1]))
        raise UndecodableRecord(BAD_HEADER, f"only {len(data)} bytes, a single-object header takes {_HEADER_LENGTH}")
    writer_fp = struct.unpack("<Q", data[2:_HEADER_LENGTH])[0]
    writer = loaded.by_fingerprint.get(writer_fp)
    if writer is None or writer.record != record:
        raise UndecodableRecord(UNKNOWN_SCHEMA, "no schema with fingerprint 0x%016x in the schema history of %s"
                                % (writer_fp, record))
    reader = loaded.readers.get((writer_fp, record))
    if reader is None:
        reader = avro.io.DatumReader(writer.schema, current.schema)
        loaded.readers[(writer_fp, record)] = reader
    stream = io.BytesIO(data)
    stream.seek(_HEADER_LENGTH)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            datum = reader.read(avro.io.BinaryDecoder(stream))
    except avro.errors.SchemaResolutionException as e:
        if writer_fp == current.fingerprint:   # the same schema on both sides: the bytes are wrong, e.g. an enum index
            raise UndecodableRecord(MALFORMED_PAYLOAD, "cannot decode %s payload written with schema 0x%016x: %s"
                                    % (record, writer_fp, _first_line(e))) from None
        raise UndecodableRecord(INCOMPATIBLE_SCHEMA, "writer schema 0x%016x cannot be read as %s: %s"
                                % (writer_fp, record, _first_line(e))) from None
    except Exception as e:  # truncated data, impossible lengths, indexes out of range...
        raise UndecodableRecord(MALFORMED_PAYLOAD, "cannot decode %s payload written with schema 0x%016x: %s"
                                % (record, writer_fp, _first_line(e) or type(e).__name__)) from None
    rest = len(data) - stream.tell()
    if rest > 0:
        raise UndecodableRecord(MALFORMED_PAYLOAD, f"{rest} stray bytes after a complete {record} payload")
    for field in current.schema.fields:
        value = datum.get(field.name)
        if isinstance(value, datetime.datetime):
            datum[field.name] = value.astimezone(datetime.timezone.utc)
    return datum


def _first_line(error):
    return re.split(r"[\r\n]", str(error), 1)[0][:300]
