package dev.telltale.experiments.track;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overflow of an {@link HttpTracker}: an append-only file of queued items (one JSON line each)
 * that holds the tail of the queue while the server is away, plus a small file with the byte offset
 * up to which the server has acknowledged them. A spool left behind by a process that ended before
 * the server came back is replayed by the next tracker of the same run. Not thread-safe: the tracker
 * guards it with its lock.
 */
final class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private final Path file;
    private final Path offsetFile;
    private Writer writer;
    /** Bytes of the file the server has acknowledged. */
    private long committedOffset;
    /** Bytes of the file handed to the sender (acknowledged or in flight). */
    private long loadedOffset;
    private long unreadItems;
    private long unreadPoints;

    Spool(Path dir, long runId) {
        this.file = dir.resolve("run-" + runId + ".spool");
        this.offsetFile = dir.resolve("run-" + runId + ".spool.offset");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                endWithNewline(file);
                committedOffset = Files.exists(offsetFile) ? Long.parseLong(Files.readString(offsetFile).trim()) : 0;
                loadedOffset = committedOffset;
                scan(committedOffset, Long.MAX_VALUE, item -> {
                    unreadItems++;
                    unreadPoints += item.isPoint() ? 1 : 0;
                });
                if (unreadItems > 0) {
                    LOG.info("replaying {} item(s) ({} point(s)) left in {} by an earlier tracker", unreadItems, unreadPoints, file);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot open the spool " + file, e);
        }
    }

    /** A process that died mid-line must not glue its half line to the next line appended. */
    static void endWithNewline(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0) {
                return;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            if (last.get(0) != '\n') {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), size);
            }
        }
    }

    Path file() {
        return file;
    }

    boolean hasUnread() {
        return unreadItems > 0;
    }

    long unreadItems() {
        return unreadItems;
    }

    long unreadPoints() {
        return unreadPoints;
    }

    void append(QueuedItem item) {
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            writer.write(item.toSpoolLine());
            writer.write('\n');
            // on disk at once: the spool exists so that a crash while the server is away loses little
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the spool " + file, e);
        }
        unreadItems++;
        unreadPoints += item.isPoint() ? 1 : 0;
    }

    /** Hands the next unread items to the sender: at least one, and no more than {@code maxPoints} points. */
    List<QueuedItem> load(int maxPoints) {
        flushWriter();
        Chunk chunk = readFrom(loadedOffset, maxPoints);
        loadedOffset = chunk.endOffset;
        if (chunk.items.isEmpty()) {
            // only unreadable lines were left: nothing is pending any more
            unreadItems = 0;
            unreadPoints = 0;
        }
        for (QueuedItem item : chunk.items) {
            unreadItems--;
            unreadPoints -= item.isPoint() ? 1 : 0;
        }
        return chunk.items;
    }

    /** The server acknowledged everything loaded so far: remember it, or drop the file once all is sent. */
    void commitLoaded() {
        committedOffset = loadedOffset;
        try {
            if (unreadItems == 0) {
                closeWriter();
                Files.deleteIfExists(file);
                Files.deleteIfExists(offsetFile);
                committedOffset = 0;
                loadedOffset = 0;
            } else {
                Files.writeString(offsetFile, Long.toString(committedOffset));
            }
        } catch (IOException e) {
            // losing the offset only means re-sending acknowledged items, which the server tolerates
            LOG.warn("cannot record the acknowledged offset of {}: {}", file, e.toString());
        }
    }

    /**
     * Makes the file hold everything not acknowledged, in order: {@code head} (the items in memory,
     * which come before the unread part of the file) then the unread part. Used on close.
     */
    void persist(List<QueuedItem> head) {
        try {
            flushWriter();
            closeWriter();
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (QueuedItem item : head) {
                    out.write(item.toSpoolLine());
                    out.write('\n');
                }
            }
            if (Files.exists(file)) {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                        FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    long position = loadedOffset;
                    long size = in.size();
                    while (position < size) {
                        position += in.transferTo(position, size - position, out);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(offsetFile);
            committedOffset = 0;
            loadedOffset = 0;
            for (QueuedItem item : head) {
                unreadItems++;
                unreadPoints += item.isPoint() ? 1 : 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the undelivered items to the spool " + file, e);
        }
    }

    void close() {
        flushWriter();
        closeWriter();
    }

    private void flushWriter() {
        if (writer != null) {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the spool " + file, e);
            }
        }
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the spool " + file, e);
            } finally {
                writer = null;
            }
        }
    }

    private record Chunk(List<QueuedItem> items, long endOffset) {
    }

    private Chunk readFrom(long offset, long maxPoints) {
        List<QueuedItem> items = new ArrayList<>();
        long end = scan(offset, maxPoints, items::add);
        return new Chunk(items, end);
    }

    /** Feeds the items from byte {@code offset} to {@code sink} (at least one, up to maxPoints points); returns the end offset. */
    private long scan(long offset, long maxPoints, java.util.function.Consumer<QueuedItem> sink) {
        long position = offset;
        if (!Files.exists(file)) {
            return position;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            long points = 0;
            String line;
            long count = 0;
            while ((count == 0 || points < maxPoints) && (line = reader.readLine()) != null) {
                // lines are written with '\n' only and JSON escapes every control character
                position += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    QueuedItem item = QueuedItem.fromSpoolLine(line);
                    sink.accept(item);
                    count++;
                    points += item.isPoint() ? 1 : 0;
                } catch (RuntimeException e) {
                    // a line cut short by a crash: what is after it is still good
                    LOG.warn("skipping an unreadable line of the spool {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spool " + file, e);
        }
        return position;
    }
}
