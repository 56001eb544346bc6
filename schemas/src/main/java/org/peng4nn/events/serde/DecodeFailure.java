package org.peng4nn.events.serde;

/**
 * Why bytes on a topic could not be turned back into an event. The kinds differ in who has to act:
 * a bad header or malformed payload is a broken producer, an unknown schema is a reader that is older
 * than the writer's history, an incompatible schema is an evolution rule that was broken.
 */
public enum DecodeFailure {
    /** The bytes do not start with the single-object marker 0xC3 0x01 and an 8-byte fingerprint. */
    BAD_HEADER,
    /** The writer's schema fingerprint is not in this reader's schema history. */
    UNKNOWN_SCHEMA,
    /** The writer's schema is known but cannot be resolved to the reader's (another event type, or a broken evolution). */
    INCOMPATIBLE_SCHEMA,
    /** The header is fine but the Avro payload is truncated, garbled or followed by stray bytes. */
    MALFORMED_PAYLOAD
}
