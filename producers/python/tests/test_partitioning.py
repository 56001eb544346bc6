"""The search's partition matches Kafka's default partitioner (values from the Java client's Utils.murmur2)."""

import unittest

from peng4nn.partitioning import murmur2, partition_of

# search_id, Utils.murmur2 of its UTF-8 bytes, partition of 6, partition of 12 (kafka-clients 4.4.0)
JAVA = [
    ("search-1", 1149293716, 4, 4),
    ("s", -342070737, 5, 11),
    ("replay", -289047396, 2, 8),
    ("nas-ßü-42", -877022498, 0, 6),
    ("", 275646681, 3, 9),
    ("bench-0", -190009359, 5, 5),
    ("a-much-longer-search-identifier-0123456789", -2051966703, 5, 5),
]


class PartitioningTest(unittest.TestCase):

    def test_murmur2_is_the_java_clients(self):
        for search_id, hashed, _, _ in JAVA:
            self.assertEqual(hashed, murmur2(search_id.encode("utf-8")), search_id)

    def test_a_search_goes_where_the_java_partitioner_puts_it(self):
        for search_id, _, of6, of12 in JAVA:
            self.assertEqual(of6, partition_of(search_id, 6), search_id)
            self.assertEqual(of12, partition_of(search_id, 12), search_id)
            self.assertEqual(0, partition_of(search_id, 1))

    def test_a_topic_without_partitions_is_refused(self):
        with self.assertRaises(ValueError):
            partition_of("s", 0)


if __name__ == "__main__":
    unittest.main()
