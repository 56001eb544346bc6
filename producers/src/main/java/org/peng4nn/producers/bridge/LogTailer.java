package org.peng4nn.producers.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Follows a log file another process appends to, like {@code tail -F}, one {@link #poll()} at a time.
 * <p>
 * Only complete lines are handed out: a last line without its line break yet is held back until the
 * writer finishes it. A file that does not exist yet gives no lines until it appears. The file counts
 * as started over, and is read again from its first line, when it was replaced (another inode), when
 * it shrank below what was read (truncated), or when its first line changed (rewritten in place, as
 * Lightning's CSVLogger does when a new metric appears); {@link Chunk#restarted()} then tells the
 * reader to expect a header again. A replaced file is read to its end first, through the channel kept open on
 * it (as {@code tail -F} does), so lines written just before a rotation are not lost. Lines may end in LF or
 * CRLF and are decoded as UTF-8.
 * <p>
 * Not thread-safe; {@link #close()} releases the open file.
 */
public final class LogTailer implements AutoCloseable {

    /** How much of the first line is compared to notice a file rewritten in place. */
    private static final int HEAD_BYTES = 512;

    private final Path file;
    private Object fileKey;
    private long position;
    private long lineNumber;
    private byte[] head;
    private boolean opened;
    private FileChannel channel;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    public LogTailer(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    /** The lines completed since the last poll; none while the file does not exist. */
    public Chunk poll() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // not written yet, or between a rotation's rename and create: the old file may still grow
            return new Chunk(List.of(), null, false, channel == null ? List.of() : readLines(channel, channel.size()));
        }
        Object key = attributes.fileKey();
        List<Line> beforeRestart = List.of();
        String abandoned = null;
        boolean restarted = false;
        if (opened && !Objects.equals(key, fileKey)) {
            if (channel != null) {
                beforeRestart = readLines(channel, channel.size());
                abandoned = unfinished();
                channel.close();
                channel = null;
            }
            restart();
            restarted = true;
        }
        if (channel == null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return new Chunk(beforeRestart, abandoned, restarted, List.of());   // removed between the two calls
            }
        }
        long size = channel.size();
        if (opened && !restarted && (size < position || headChanged(channel))) {
            restart();
            restarted = true;
        }
        opened = true;
        fileKey = key;
        return new Chunk(beforeRestart, abandoned, restarted, readLines(channel, size));
    }

    /**
     * The last line read so far when it has no line break yet, else null: at the end of a session (or of a
     * rotated file) it is a line the writer never finished.
     */
    public String unfinished() {
        return partial.size() == 0 ? null : partial.toString(StandardCharsets.UTF_8);
    }

    /** The number the unfinished line would have. */
    public long unfinishedLineNumber() {
        return lineNumber + 1;
    }

    private void restart() {
        position = 0;
        lineNumber = 0;
        head = null;
        partial.reset();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private List<Line> readLines(FileChannel channel, long size) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (size <= position) {
            return lines;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - position, 1 << 20));
        while (position < size) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read <= 0) {
                break;
            }
            position += read;
            byte[] bytes = buffer.array();
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    lines.add(complete());
                } else {
                    partial.write(bytes[i]);
                }
            }
        }
        return lines;
    }

    private Line complete() {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        if (head == null) {
            // with its line break, so that a header rewritten with one more column differs too
            byte[] withBreak = Arrays.copyOf(bytes, bytes.length + 1);
            withBreak[bytes.length] = '\n';
            head = Arrays.copyOf(withBreak, Math.min(withBreak.length, HEAD_BYTES));
        }
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new Line(++lineNumber, new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    private boolean headChanged(FileChannel channel) throws IOException {
        if (head == null) {
            return false;
        }
        ByteBuffer now = ByteBuffer.allocate(head.length);
        while (now.hasRemaining() && channel.read(now, now.position()) > 0) {
            // read until the head's length or the end of the file
        }
        return !Arrays.equals(head, Arrays.copyOf(now.array(), now.position()));
    }

    /**
     * What one poll found.
     *
     * @param beforeRestart the last lines of the file that was replaced, when {@code restarted}
     * @param abandoned     the replaced file's last line when it had no line break (never finished), else null
     * @param restarted     the file started over before {@code lines}: a header may follow
     */
    public record Chunk(List<Line> beforeRestart, String abandoned, boolean restarted, List<Line> lines) {

        public Chunk(boolean restarted, List<Line> lines) {
            this(List.of(), null, restarted, lines);
        }
    }

    /** A complete line without its line break; {@code number} counts from 1 at the file's start. */
    public record Line(long number, String text) {
    }
}
