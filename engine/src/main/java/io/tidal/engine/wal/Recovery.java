package io.tidal.engine.wal;

import io.tidal.engine.io.FileLayer;
import io.tidal.engine.wal.EntryDecoder.Entry;
import io.tidal.engine.wal.EntryDecoder.MalformedEntry;
import io.tidal.engine.wal.WalFormat.Header;
import io.tidal.engine.wal.WalFormat.HeaderProblem;
import io.tidal.engine.wal.WalRecord.SignalRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.digest.Blake3;

/**
 * Opens the log: reads every segment in sequence order, verifies it, replays the committed records
 * after the checkpoint, rebuilds the dedup sets, and cuts a torn tail.
 *
 * <p>Design (docs/notes/reliability.md, "Recovery rule and anomaly table"): each entry is checked for bounds,
 * kind, keyed checksum (salt + segment), batch id and dense sequence. At the first entry that fails,
 * the rest of the final segment is searched for any valid entry of a later batch flagged
 * PRED_DURABLE (written after every earlier batch, the damaged one included, was fsync'd). Found:
 * the damage hit durable data, and open is refused with CORRUPT naming file and offset. Not found:
 * the damage is a torn tail (a batch that was never acknowledged in SYNC mode): the file is cut at
 * the end of the last COMMIT, fsync'd, and a WARN names the bytes dropped. Damage in any segment but
 * the last is always CORRUPT, because a segment is fsync'd before its successor is created; and each
 * header records its predecessor's length, so a cut at a batch boundary of an older segment is caught
 * too. A header that is incomplete in the last segment, with nothing after it, is a segment creation
 * the crash interrupted: the file is removed. A salt mismatch, a gap in sequences, batches or
 * segment names, or a checkpoint the log cannot reach (records after it missing): CORRUPT. A
 * checkpoint mark newer than the caller's state only earns a WARN: the records are still there.
 *
 * <p>Blind spot (as in every log of this shape): bit rot inside the last acknowledged batch looks
 * like a torn tail and is cut with a WARN.
 */
final class Recovery {
  private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

  /** One retained segment. */
  record Segment(long firstSeq, Path path) {}

  /** The log after recovery; {@code salt} is null for an empty (new) log. */
  record State(
      byte[] salt,
      List<Segment> segments,
      long lastSegmentLength,
      long nextSeq,
      long nextBatch,
      long lastCheckpointMark,
      int lastSegmentVersion) {}

  private final WalOptions options;
  private final FileLayer files;
  private final ReplayConsumer consumer;
  private final DedupFilter dedup;
  private final boolean dedups;
  private final boolean verifyCovered;
  private final Blake3 dedupHasher = Blake3.initHash();
  private final byte[] scratch = new byte[16];

  private byte[] salt;
  private long expectSeq = -1;
  private long expectBatch = -1;
  private long lastMark;
  private int lastVersion = WalFormat.VERSION;

  private Recovery(
      WalOptions options, ReplayConsumer consumer, DedupFilter dedup, boolean verifyCovered) {
    this.verifyCovered = verifyCovered;
    this.options = options;
    this.files = options.fileLayer();
    this.consumer = consumer;
    this.dedup = dedup;
    this.dedups = !options.dedupHorizon().isZero();
  }

  static State run(WalOptions options, ReplayConsumer consumer, DedupFilter dedup) {
    return new Recovery(options, consumer, dedup, false).run();
  }

  /** {@link #run}, computing the checksum of every entry, those the checkpoint covers too. */
  static State runVerifyingAll(WalOptions options, ReplayConsumer consumer, DedupFilter dedup) {
    return new Recovery(options, consumer, dedup, true).run();
  }

  private State run() {
    Path dir = options.directory();
    List<Segment> segments = listSegments(dir);
    long lastLength = 0;
    for (int i = 0; i < segments.size(); i++) {
      Segment seg = segments.get(i);
      boolean last = i == segments.size() - 1;
      byte[] data = readAll(seg.path());
      if (!checkHeader(seg, data, last)) {
        segments.remove(i);
        break;
      }
      Header h = WalFormat.decodeHeader(data);
      checkContinuity(seg, h, i == 0 ? null : segments.get(i - 1), lastLength);
      lastLength = scan(seg, data, last);
    }
    long replayFrom = options.replayFrom();
    if (segments.isEmpty()) {
      if (replayFrom > 0) {
        throw WalException.inconsistent(
            dir,
            "no WAL segment, but the checkpoint is at sequence "
                + replayFrom
                + ": the log was lost");
      }
      return new State(null, segments, 0, 1, 1, 0, WalFormat.VERSION);
    }
    if (replayFrom > expectSeq - 1) {
      throw WalException.inconsistent(
          dir,
          "the checkpoint is at sequence "
              + replayFrom
              + " but the log ends at "
              + (expectSeq - 1)
              + ": acknowledged records were lost");
    }
    if (lastMark > replayFrom) {
      // The one checkpoint of slack exists for this case: every record after replayFrom is still
      // here.
      LOG.log(
          Level.WARNING,
          "WAL: the log records a checkpoint at sequence {0} but the state to "
              + "replay onto is at {1}; replaying from {1}",
          lastMark,
          replayFrom);
    }
    return new State(salt, segments, lastLength, expectSeq, expectBatch, lastMark, lastVersion);
  }

  private List<Segment> listSegments(Path dir) {
    List<Segment> out = new ArrayList<>();
    try {
      files.createDirectories(dir);
      for (Path p : files.list(dir)) {
        long first = WalFormat.parseFileName(p.getFileName().toString());
        if (first > 0) {
          out.add(new Segment(first, p));
        }
      }
    } catch (IOException e) {
      throw WalException.io("cannot list the WAL directory", dir, e);
    }
    out.sort((a, b) -> Long.compare(a.firstSeq(), b.firstSeq()));
    return out;
  }

  private byte[] readAll(Path path) {
    try (FileChannel ch = files.open(path, Set.of(StandardOpenOption.READ))) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw WalException.corrupt(path, size, "segment larger than 2 GiB");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining()) {
        if (ch.read(buf, buf.position()) < 0) {
          break;
        }
      }
      return buf.position() == size ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    } catch (IOException e) {
      throw WalException.io("cannot read WAL segment", path, e);
    }
  }

  /** Returns false if the segment is a torn creation that was removed. */
  private boolean checkHeader(Segment seg, byte[] data, boolean last) {
    HeaderProblem problem = WalFormat.checkHeader(data, data.length);
    if (problem == null) {
      return true;
    }
    if (problem == HeaderProblem.VERSION) {
      throw WalException.unsupportedVersion(
          seg.path(), WalFormat.headerVersion(data), WalFormat.MIN_SUPPORTED, WalFormat.VERSION);
    }
    if (last && data.length <= WalFormat.HEADER_SIZE) {
      LOG.log(
          Level.WARNING,
          "WAL: removing segment {0} with an incomplete header ({1} bytes): a "
              + "segment creation interrupted by a crash",
          seg.path(),
          data.length);
      try {
        files.deleteIfExists(seg.path());
        files.syncDirectory(options.directory());
      } catch (IOException e) {
        throw WalException.io("cannot remove a torn WAL segment", seg.path(), e);
      }
      return false;
    }
    throw WalException.corrupt(seg.path(), 0, "invalid segment header (" + problem + ")");
  }

  private void checkContinuity(Segment seg, Header h, Segment prev, long prevLength) {
    Path p = seg.path();
    if (h.firstSeq() != seg.firstSeq()) {
      throw WalException.corrupt(
          p,
          WalFormat.H_FIRST_SEQ,
          "header first sequence "
              + h.firstSeq()
              + " differs from the file name's "
              + seg.firstSeq());
    }
    if (prev == null) {
      salt = h.salt();
      if (h.firstSeq() > options.replayFrom() + 1) {
        throw WalException.inconsistent(
            options.directory(),
            "the oldest segment starts at sequence "
                + h.firstSeq()
                + " but the checkpoint is at "
                + options.replayFrom()
                + ": segments are missing");
      }
      expectSeq = h.firstSeq();
      expectBatch = h.firstBatch();
      return;
    }
    if (!Arrays.equals(salt, h.salt())) {
      throw WalException.corrupt(
          p, WalFormat.H_SALT, "salt differs from the database's: a foreign or stale segment");
    }
    if (h.firstSeq() <= options.replayFrom() + 1 && !continues(h, prev, prevLength)) {
      // Segments before this one are all covered by the checkpoint: a deletion of some of them
      // that reached the disk before the others did leaves nothing missing. Start the chain here.
      LOG.log(
          Level.WARNING,
          "WAL: segments before {0} do not chain to it; ignoring them, the "
              + "checkpoint at sequence {1} covers them",
          p,
          options.replayFrom());
      expectSeq = h.firstSeq();
      expectBatch = h.firstBatch();
      return;
    }
    if (h.prevFirstSeq() != prev.firstSeq()) {
      throw WalException.corrupt(
          p,
          WalFormat.H_PREV_FIRST_SEQ,
          "segment follows the one starting at "
              + h.prevFirstSeq()
              + " but its predecessor here is "
              + prev.path().getFileName()
              + ": a segment is missing or out of place");
    }
    if (h.prevLength() != prevLength) {
      throw WalException.corrupt(
          prev.path(),
          prevLength,
          "segment is "
              + prevLength
              + " bytes long but its successor recorded "
              + h.prevLength()
              + ": truncated or extended");
    }
    if (h.firstSeq() != expectSeq || h.firstBatch() != expectBatch) {
      throw WalException.corrupt(
          p,
          WalFormat.H_FIRST_SEQ,
          "segment starts at sequence "
              + h.firstSeq()
              + ", batch "
              + h.firstBatch()
              + " but its predecessor ends before sequence "
              + expectSeq
              + ", batch "
              + expectBatch);
    }
  }

  private boolean continues(Header h, Segment prev, long prevLength) {
    return h.prevFirstSeq() == prev.firstSeq()
        && h.prevLength() == prevLength
        && h.firstSeq() == expectSeq
        && h.firstBatch() == expectBatch;
  }

  /** Verifies and replays one segment; returns its final length (after a torn tail is cut). */
  private long scan(Segment seg, byte[] data, boolean last) {
    lastVersion = WalFormat.headerVersion(data);
    EntryDecoder dec = new EntryDecoder(salt, seg.firstSeq(), lastVersion);
    List<WalRecord> batch = new ArrayList<>();
    int pos = WalFormat.HEADER_SIZE;
    int lastCommitEnd = pos;
    int entries = 0;
    while (pos < data.length) {
      Entry e;
      try {
        // An entry the checkpoint covers (its record, or every record of the batch its commit
        // closes, is at or before replayFrom) is passed over, not replayed: neither its checksum
        // is computed nor its record decoded, which was most of an open's time on a log a
        // checkpoint covers (issue 18, cold start). The bounds, the batch and sequence chain and
        // the commit counts below still hold
        // it to the format, so damage there is still found; ./tidal check (WalCheck,
        // runVerifyingAll) verifies every checksum. Dedup restore needs verified records: with
        // dedups, all are verified.
        // A frame (version 3) is one batch: passed over as a whole when the checkpoint covers all
        // its records, else verified once and decoded whole.
        boolean mayPass = !verifyCovered && !dedups;
        if (dec.inFrame()) {
          e = dec.nextInFrame();
        } else if (dec.framed()) {
          e = dec.tryDecodeFrame(data, pos, data.length, mayPass ? options.replayFrom() : -1);
        } else {
          e =
              mayPass && expectSeq + batch.size() <= options.replayFrom()
                  ? dec.decodeUnverified(data, pos, data.length)
                  : dec.tryDecode(data, pos, data.length);
        }
      } catch (MalformedEntry m) {
        throw WalException.corrupt(
            seg.path(), pos, "malformed entry with a valid checksum: " + m.getMessage());
      }
      if (e == null) {
        break;
      }
      if (e.batch() != expectBatch) {
        throw WalException.corrupt(
            seg.path(),
            pos,
            "entry of batch " + e.batch() + " where batch " + expectBatch + " was expected");
      }
      if (e.kind() == WalFormat.COMMIT) {
        commit(seg, pos, e, batch, entries);
        batch.clear();
        entries = 0;
        lastCommitEnd = e.end();
      } else {
        if (e.isData() && e.seq() != expectSeq + batch.size()) {
          throw WalException.corrupt(
              seg.path(),
              pos,
              "record sequence "
                  + e.seq()
                  + " where "
                  + (expectSeq + batch.size())
                  + " was expected");
        }
        if (e.isData()) {
          batch.add(e.record());
        } else {
          lastMark = Math.max(lastMark, e.seq());
        }
        entries++;
      }
      pos = e.end();
    }
    if (lastCommitEnd == data.length) {
      return data.length;
    }
    if (!last) {
      throw WalException.corrupt(
          seg.path(),
          pos,
          "damaged or unfinished batch "
              + expectBatch
              + " in a segment that has a successor [last good sequence="
              + (expectSeq - 1)
              + "]");
    }
    lookAhead(seg, dec, data, pos);
    cutTail(seg, lastCommitEnd, data.length, entries);
    return lastCommitEnd;
  }

  private void commit(Segment seg, int pos, Entry e, List<WalRecord> batch, int entries) {
    if (e.commitFirstSeq() != expectSeq
        || e.commitRecords() != batch.size()
        || e.commitEntries() != entries) {
      throw WalException.corrupt(
          seg.path(),
          pos,
          "commit of batch "
              + e.batch()
              + " says first sequence "
              + e.commitFirstSeq()
              + ", "
              + e.commitRecords()
              + " records, "
              + e.commitEntries()
              + " entries; the batch has "
              + expectSeq
              + ", "
              + batch.size()
              + ", "
              + entries);
    }
    for (int k = 0; k < batch.size(); k++) {
      WalRecord r = batch.get(k);
      long seq = expectSeq + k;
      if (dedups && r instanceof SignalRecord s && s.dedupKey() != null) {
        dedup.restore(DedupFilter.hash(s, dedupHasher, scratch), e.commitMillis());
      }
      if (seq > options.replayFrom()) {
        consumer.accept(seq, r);
      }
    }
    expectSeq += batch.size();
    expectBatch++;
  }

  /** Refuses to open if any entry after the damage at {@code bad} proves the damaged batch durable. */
  private void lookAhead(Segment seg, EntryDecoder dec, byte[] data, int bad) {
    for (int q = bad + 1; q < data.length - WalFormat.ENTRY_OVERHEAD; q++) {
      int flags = data[q + 5];
      if ((flags & WalFormat.FLAG_PRED_DURABLE) == 0
          || q + 14 > data.length
          || WalFormat.getLong(data, q + 6) <= expectBatch
          || !dec.verify(data, q, data.length)) {
        continue;
      }
      throw WalException.corrupt(
          seg.path(),
          bad,
          "damaged entry in batch "
              + expectBatch
              + " before durable data (a valid entry of batch "
              + WalFormat.getLong(data, q + 6)
              + " at offset "
              + q
              + ") [last good sequence="
              + (expectSeq - 1)
              + "]");
    }
  }

  private void cutTail(Segment seg, int lastCommitEnd, int length, int entries) {
    LOG.log(
        Level.WARNING,
        "WAL: cutting a torn tail of {0} bytes from {1} at offset {2} (unfinished "
            + "batch {3}, {4} complete entries dropped; last sequence kept {5})",
        length - lastCommitEnd,
        seg.path(),
        lastCommitEnd,
        expectBatch,
        entries,
        expectSeq - 1);
    try (FileChannel ch = files.open(seg.path(), Set.of(StandardOpenOption.WRITE))) {
      ch.truncate(lastCommitEnd);
      ch.force(true);
    } catch (IOException e) {
      throw WalException.io("cannot cut the torn tail of a WAL segment", seg.path(), e);
    }
  }
}
