package org.peng4nn.predictor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Stored state as bytes, in exactly the layout {@link java.io.DataOutputStream} writes (big-endian;
 * doubles by their canonical bits; strings as modified UTF-8 after a 2-byte length), so records
 * written by earlier builds still read. Not through those streams: the predictor decodes and
 * re-encodes a model's whole state on every event, and the streams' per-call locking and copying
 * was a third of its work without fits.
 */
public final class StateBytes {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int MAX_UTF_BYTES = 0xFFFF;

    private StateBytes() {
    }

    /** Appends to a growing array. Not thread-safe: one per record. */
    public static final class Writer {

        private byte[] buf;
        private int pos;

        /** @param expected the likely size in bytes; the array grows past it when needed */
        public Writer(int expected) {
            buf = new byte[Math.max(16, expected)];
        }

        public void writeByte(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        public void writeShort(int v) {
            ensure(2);
            SHORT.set(buf, pos, (short) v);
            pos += 2;
        }

        public void writeInt(int v) {
            ensure(4);
            INT.set(buf, pos, v);
            pos += 4;
        }

        public void writeLong(long v) {
            ensure(8);
            LONG.set(buf, pos, v);
            pos += 8;
        }

        public void writeDouble(double v) {
            writeLong(Double.doubleToLongBits(v));
        }

        /**
         * As {@link java.io.DataOutputStream#writeUTF}.
         *
         * @throws IllegalArgumentException when the string needs more than 65,535 bytes
         */
        public void writeUTF(String s) {
            int n = s.length();
            int len = 0;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                len += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
            }
            if (len > MAX_UTF_BYTES) {
                throw new IllegalArgumentException("a string of " + len + " bytes does not fit the format (at most "
                        + MAX_UTF_BYTES + "): " + s.substring(0, 40) + "...");
            }
            writeShort(len);
            ensure(len);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x0001 && c <= 0x007F) {
                    buf[pos++] = (byte) c;
                } else if (c <= 0x07FF) {
                    buf[pos++] = (byte) (0xC0 | (c >> 6) & 0x1F);
                    buf[pos++] = (byte) (0x80 | c & 0x3F);
                } else {
                    buf[pos++] = (byte) (0xE0 | (c >> 12) & 0x0F);
                    buf[pos++] = (byte) (0x80 | (c >> 6) & 0x3F);
                    buf[pos++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }

        /** Leaves room for an int written later with {@link #setInt}; returns where it goes. */
        public int reserveInt() {
            writeInt(0);
            return pos - 4;
        }

        public void setInt(int at, int v) {
            INT.set(buf, at, v);
        }

        /** Bytes written so far. */
        public int size() {
            return pos;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }
    }

    /**
     * Reads a range of an array. Reading past its end throws an {@link IllegalArgumentException}
     * that names the record ("truncated model state (212 bytes)"), as for any other damaged record.
     */
    public static final class Reader {

        private final byte[] bytes;
        private final int end;
        private final String what;
        private int pos;

        /** @param what the kind of record, for error messages */
        public Reader(byte[] bytes, String what) {
            this(bytes, 0, bytes.length, what);
        }

        private Reader(byte[] bytes, int from, int end, String what) {
            this.bytes = bytes;
            this.pos = from;
            this.end = end;
            this.what = what;
        }

        public byte readByte() {
            need(1);
            return bytes[pos++];
        }

        public int readUnsignedByte() {
            return readByte() & 0xFF;
        }

        public int readUnsignedShort() {
            need(2);
            int v = (short) SHORT.get(bytes, pos) & 0xFFFF;
            pos += 2;
            return v;
        }

        public int readInt() {
            need(4);
            int v = (int) INT.get(bytes, pos);
            pos += 4;
            return v;
        }

        public long readLong() {
            need(8);
            long v = (long) LONG.get(bytes, pos);
            pos += 8;
            return v;
        }

        public double readDouble() {
            return Double.longBitsToDouble(readLong());
        }

        /** As {@link java.io.DataInputStream#readUTF}; malformed bytes throw an IllegalArgumentException. */
        public String readUTF() {
            int len = readUnsignedShort();
            need(len);
            int from = pos;
            pos += len;
            boolean ascii = true;
            for (int i = from; i < pos && ascii; i++) {
                ascii = bytes[i] > 0;
            }
            if (ascii) {
                return new String(bytes, from, len, StandardCharsets.ISO_8859_1);
            }
            // the rare multi-byte name: the JDK's decoder, with its checks for malformed input
            try {
                return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(bytes, from - 2, len + 2)));
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed string in " + what + ": " + e.getMessage(), e);
            }
        }

        /** The next {@code n} bytes as their own reader (for a nested record); this one moves past them. */
        public Reader slice(int n, String nestedWhat) {
            if (n < 0) {
                throw new IllegalArgumentException("corrupt " + what + ": a nested record of " + n + " bytes");
            }
            need(n);
            Reader nested = new Reader(bytes, pos, pos + n, nestedWhat);
            pos += n;
            return nested;
        }

        /** Bytes left to read. */
        public int remaining() {
            return end - pos;
        }

        private void need(int n) {
            if (end - pos < n) {
                throw new IllegalArgumentException("truncated " + what + " (needs " + n + " bytes at offset " + pos
                        + ", " + (end - pos) + " left)");
            }
        }
    }
}
