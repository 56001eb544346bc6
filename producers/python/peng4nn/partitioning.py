"""Where an epoch event goes: its search's partition, as the Java ``org.peng4nn.topics.SearchPartitioner`` puts it.

The predictor decides an event that sits on its search's partition where it arrives; any other it first regroups
by search through a repartition topic (a second produce and fetch, and under exactly-once a wait for a commit).
The search's partition is the one Kafka's default partitioner gives a record keyed by the search_id: murmur2 of
its UTF-8 bytes, made positive, modulo the partition count.
"""

_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


def murmur2(data):
    """Kafka's ``Utils.murmur2`` of ``data`` (bytes), as a signed 32-bit int."""
    length = len(data)
    h = (0x9747B28C ^ length) & _MASK
    whole = length - length % 4
    for i in range(0, whole, 4):
        k = data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24
        k = (k * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = (h * _M) & _MASK
        h ^= k
    rest = length % 4
    if rest == 3:
        h ^= data[whole + 2] << 16
    if rest >= 2:
        h ^= data[whole + 1] << 8
    if rest >= 1:
        h ^= data[whole]
        h = (h * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def partition_of(search_id, partitions):
    """The partition of ``search_id``'s events in a topic of ``partitions`` partitions."""
    if partitions <= 0:
        raise ValueError("a topic has at least one partition, got %s" % partitions)
    return (murmur2(search_id.encode("utf-8")) & 0x7FFFFFFF) % partitions
